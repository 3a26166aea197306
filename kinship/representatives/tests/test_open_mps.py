"""load_open_mps: MPs offline from the open-data CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinship.geography.tests.factories import ConstituencyFactory
from kinship.representatives.importers import CURRENT_MPS_AS_OF, load_open_mps
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "PCON24CD,PCON24NM,MP,Gender,ID,TheyWorkForYou ID,TheyWorkForYou URI,Start date,Party,Party name,"
    "Party bg,Party fg,Thumbnail\n"
)
ROW = (
    "E14001063,Aldershot,Alex Baker,F,5173,26444,https://www.theyworkforyou.com/mp/26444/alex_baker/aldershot,"
    "2024-07-04T00:00:00,Lab,Labour,#d50000,#ffffff,https://members-api.parliament.uk/api/Members/5173/Thumbnail\n"
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "constituencies").mkdir()
    (tmp_path / "constituencies" / "current-MPs.csv").write_text(HEADER + ROW, encoding="utf-8")
    return tmp_path


def test_loads_the_mp_with_parliaments_contact_page(data_dir):
    area = ConstituencyFactory(code="E14001063", name="Aldershot")

    lines = load_open_mps(data_dir)

    office = Office.objects.get(area=area, role=Role.MP)
    assert office.person.parliament_id == 5173
    assert office.party == "Labour"
    assert office.web_form_url == "https://members.parliament.uk/member/5173/contact"
    assert office.accepts_email is False  # the file has no email
    assert office.source == Source.CSV
    assert office.last_checked_on == CURRENT_MPS_AS_OF
    assert "1 created" in lines[0]


def test_keeps_an_email_already_known_for_the_same_mp(data_dir):
    area = ConstituencyFactory(code="E14001063", name="Aldershot")
    OfficeFactory(
        area=area,
        role=Role.MP,
        person=PersonFactory(name="Alex Baker", parliament_id=5173),
        email="alex.baker.mp@parliament.uk",
        source=Source.CSV,
        last_checked_on=CURRENT_MPS_AS_OF,
    )

    load_open_mps(data_dir)

    office = Office.objects.get(area=area, role=Role.MP, end_date__isnull=True)
    assert office.email == "alex.baker.mp@parliament.uk" and office.accepts_email


def test_does_not_overwrite_a_newer_api_sync(data_dir):
    area = ConstituencyFactory(code="E14001063", name="Aldershot")
    newer = OfficeFactory(
        area=area, role=Role.MP, person=PersonFactory(parliament_id=9999), source=Source.API
    )

    load_open_mps(data_dir)

    newer.refresh_from_db()
    assert newer.end_date is None
    assert Office.objects.filter(area=area).count() == 1


def test_missing_file_is_reported_not_raised(tmp_path):
    assert "not found" in load_open_mps(tmp_path)[0]


def test_real_open_data_loads_every_constituency_present(shared_data):
    ConstituencyFactory(code="E14001063", name="Aldershot")
    ConstituencyFactory(code="W07000081", name="Aberafan Maesteg")

    load_open_mps(shared_data)

    assert Office.objects.filter(role=Role.MP).count() == 2
