"""import_council_people: the template, validation with reasons, atomic import."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.geography.models import AreaType
from kinship.geography.tests.factories import CouncilFactory, WardFactory
from kinship.representatives.importers import (
    COUNCIL_COLUMNS,
    COUNCIL_TEMPLATE,
    ImportRefusedError,
    council_people_import,
)
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(code="E06900001", name="Exampleborough")


@pytest.fixture
def ward(council):
    return WardFactory(code="E05900003", name="Harbour", parent=council)


def _csv(*rows: dict[str, str]) -> list[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COUNCIL_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in COUNCIL_COLUMNS})
    return out.getvalue().splitlines(keepends=True)


def _row(**kw: str) -> dict[str, str]:
    row = {
        "authority_code": "E06900001",
        "role": "lead_member_children",
        "portfolio": "Lead Member for Children's Services",
        "name": "Riley Sample",
        "party": "Example Party",
        "email": "riley.sample@example.org",
        "checked_on": "2026-11-01",
    }
    row.update(kw)
    return row


def _rejections(*rows) -> list[str]:
    return council_people_import(_csv(*rows), dry_run=True).rejected


def test_template_has_every_documented_column():
    with COUNCIL_TEMPLATE.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert set(COUNCIL_COLUMNS) <= set(header)


def test_a_valid_row_imports_an_office(council):
    result = council_people_import(_csv(_row()))

    office = Office.objects.get(area=council, role=Role.LEAD_MEMBER_CHILDREN)
    assert office.person.name == "Riley Sample"
    assert office.source == Source.CSV
    assert office.last_checked_on == date(2026, 11, 1)
    assert len(result.report.created) == 1


def test_a_role_label_works_as_well_as_its_value(council):
    council_people_import(_csv(_row(role="Council leader", portfolio="")))

    assert Office.objects.filter(area=council, role=Role.LEADER).exists()


def test_dry_run_changes_nothing(council):
    result = council_people_import(_csv(_row()), dry_run=True)

    assert result.rejected == []
    assert not Office.objects.exists()


def test_unknown_authority_is_rejected(council):
    [line] = _rejections(_row(authority_code="E06999999"))
    assert "row 2" in line and "not a council we know" in line


def test_unknown_role_is_rejected(council):
    [line] = _rejections(_row(role="grand vizier"))
    assert "role 'grand vizier' is not one we know" in line


def test_mp_is_not_a_council_role(council):
    [line] = _rejections(_row(role="mp"))
    assert "not a council role" in line


def test_ward_councillor_needs_a_ward(council):
    [line] = _rejections(_row(role="ward_councillor", portfolio=""))
    assert "ward_code is missing" in line


def test_ward_in_another_council_is_rejected(council):
    WardFactory(code="E05000777", name="Elsewhere", parent=CouncilFactory(code="E06000777"))
    [line] = _rejections(_row(role="ward_councillor", portfolio="", ward_code="E05000777"))
    assert "is not in Exampleborough" in line


def test_ward_councillor_in_the_right_ward_imports(council, ward):
    council_people_import(_csv(_row(role="ward_councillor", portfolio="", ward_code=ward.code)))

    assert Office.objects.get(role=Role.WARD_COUNCILLOR).area == ward


def test_bad_email_is_rejected(council):
    [line] = _rejections(_row(email="not-an-email"))
    assert "not a valid email address" in line


def test_bad_date_is_rejected(council):
    [line] = _rejections(_row(checked_on="31/31/2026"))
    assert "is not a date" in line


def test_future_checked_date_is_rejected(council):
    [line] = _rejections(_row(checked_on=(date.today() + timedelta(days=10)).isoformat()))
    assert "in the future" in line


def test_missing_name_is_rejected(council):
    [line] = _rejections(_row(name=""))
    assert "name is missing" in line


def test_a_formula_looking_name_is_rejected(council):
    [line] = _rejections(_row(name='=HYPERLINK("x")'))
    assert "formula" in line


def test_a_district_has_no_lead_member_for_childrens_services():
    CouncilFactory(code="E07900001", type=AreaType.DISTRICT, name="Fictionham")
    [line] = _rejections(_row(authority_code="E07900001"))
    assert "does not run children's services" in line


def test_every_bad_row_is_reported_with_all_its_reasons(council):
    lines = _rejections(_row(), _row(name="", email="bad"), _row(name="X Y", role="nope"))

    assert len(lines) == 2
    assert lines[0].startswith("row 3") and "name is missing" in lines[0] and "email" in lines[0]
    assert lines[1].startswith("row 4")


def test_a_repeated_row_is_rejected(council):
    [line] = _rejections(_row(), _row())
    assert "repeats row 2" in line


def test_a_missing_column_is_reported():
    result = council_people_import(["authority_code,role,name\n", "E06900001,leader,A B\n"], dry_run=True)
    assert "lacks columns" in result.rejected[0]


def test_real_run_imports_nothing_when_any_row_is_bad(council):
    with pytest.raises(ImportRefusedError):
        council_people_import(_csv(_row(), _row(name="Other Person", email="bad")))

    assert not Office.objects.exists()


def test_import_ends_holders_missing_from_the_file(council):
    old = OfficeFactory(role=Role.LEAD_MEMBER_CHILDREN, area=council, person=PersonFactory(name="Old Lead"))

    result = council_people_import(_csv(_row()))

    old.refresh_from_db()
    assert old.end_date is not None
    assert any("Old Lead" in line for line in result.report.ended)


def test_reimport_of_the_same_file_changes_nothing(council):
    council_people_import(_csv(_row()))

    result = council_people_import(_csv(_row()))

    assert not result.report.created and not result.report.updated and len(result.report.unchanged) == 1


def test_address_lines_are_split_on_bars(council):
    council_people_import(_csv(_row(address="Town Hall | Exampleborough | EX1 1AA")))

    assert Office.objects.get().postal_address == "Town Hall\nExampleborough\nEX1 1AA"


def test_command_dry_run_prints_rejections(council, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("".join(_csv(_row(email="bad"))), encoding="utf-8")
    out = StringIO()

    call_command("import_council_people", str(path), "--dry-run", stdout=out)

    assert "1 rejected" in out.getvalue()
    assert "not a valid email address" in out.getvalue()


def test_command_refuses_a_file_with_bad_rows(council, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("".join(_csv(_row(email="bad"))), encoding="utf-8")

    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_council_people", str(path), stdout=StringIO(), stderr=StringIO())


def test_the_shipped_template_imports_into_the_demo_areas():
    from kinship.geography.tests.factories import AreaFactory

    county = CouncilFactory(code="E10900001", type=AreaType.COUNTY, name="Demoshire")
    district = CouncilFactory(code="E07900001", type=AreaType.DISTRICT, name="Fictionham", parent=county)
    AreaFactory(code="E05900001", type=AreaType.WARD, name="Maple", parent=district)

    result = council_people_import(COUNCIL_TEMPLATE, dry_run=True)

    assert result.rejected == []
