"""Issue 9, done when: with the open data loaded, `sync_moderngov --all` against a farm of fake
ModernGov sites fills the lead member, leader and ward councillors for every council whose site
answered, and the postcode API and "Your area" page then name them. A re-run with one
councillor gone ends their office and nothing else."""

from __future__ import annotations

import csv
import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.geography.names import ward_key
from kinship.representatives.councils import council_ward_areas
from kinship.representatives.models import CouncilSystem, DemocracyService, Office, Role
from kinship.representatives.tests.moderngov_farm import moderngov_farm, registry_csv, site_for_council

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.timeout(1500)]

FULL = "postcodes/gb_postcodes_onspd_format_2023_derived.csv.gz"
FAULTS = {"E06000002": "500", "E08000003": "broken", "E09000033": "stall", "W06000015": "404"}


def _sample_postcodes(shared: Path, out: Path, councils: set[str]) -> dict[str, str]:
    """One live postcode per children's-services council, written as a small ONSPD file."""
    picked: dict[str, str] = {}
    with gzip.open(shared / FULL, "rt", newline="") as source, out.open("w", newline="") as target:
        reader = csv.reader(source)
        header = next(reader)
        at = {name: i for i, name in enumerate(header)}
        writer = csv.writer(target)
        writer.writerow(header)
        for row in reader:
            county, district = row[at["oscty"]], row[at["oslaua"]]
            council = county if county in councils else district
            if council in councils and council not in picked and row[at["osward"]]:
                picked[council] = row[at["pcds"]]
                writer.writerow(row)
                if len(picked) == len(councils):
                    break
    return picked


@pytest.fixture
def open_data(shared_data, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("local-authorities", "constituencies", "senedd", "wards", "representatives"):
        (folder / name).symlink_to(shared_data / name)
    (folder / "postcodes").mkdir()
    with (shared_data / "local-authorities" / "childrens_services_authorities_england_wales.csv").open() as f:
        councils = {row["gss-code"] for row in csv.DictReader(f)}
    postcodes = _sample_postcodes(shared_data, folder / "postcodes" / "sample.csv", councils)
    call_command("load_open_data", str(folder), stdout=StringIO())
    return postcodes


def _farm_registry(farm, tmp_path) -> Path:
    rows = []
    for service in DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV).select_related("council"):
        council = service.council
        assert council is not None, service.official_name
        slug = service.gss_code.lower()
        if council.type == AreaType.COUNTY:
            names = [f"Division {n}" for n in range(1, 6)]
        else:
            names = sorted({area.name for area in council_ward_areas(council).values()})
        farm.sites[slug] = site_for_council(names, seed=len(rows), people_per_ward=1)
        farm.sites[slug].fault = FAULTS.get(service.gss_code, "")
        rows.append((service.gss_code, service.official_name, "ModernGov", farm.url(slug)))
    path = tmp_path / "farm_registry.csv"
    path.write_text(registry_csv(rows), encoding="utf-8")
    return path


def _current(**filters):
    return Office.objects.filter(end_date__isnull=True, **filters)


def test_the_whole_country_is_filled_and_postcodes_find_the_people(client, open_data, tmp_path):
    assert DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV).count() == 154
    with moderngov_farm() as farm:
        registry = _farm_registry(farm, tmp_path)
        out = StringIO()
        call_command(
            "sync_moderngov",
            "--all",
            "--registry",
            str(registry),
            "--concurrency",
            "16",
            "--timeout",
            "5",
            stdout=out,
        )
        text = out.getvalue()

        assert "150 of 154 councils synced" in text, text[-3000:]
        failed = text.split("councils that failed (4):")[1]
        for code in FAULTS:
            assert DemocracyService.objects.get(gss_code=code).official_name in failed
        assert "councils with no lead member found (0):" in text

        answered = DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV).exclude(
            gss_code__in=FAULTS
        )
        for service in answered.select_related("council"):
            council = service.council
            assert _current(role=Role.LEAD_MEMBER_CHILDREN, area=council).count() == 1, service.official_name
            assert _current(role=Role.LEADER, area=council).count() == 1, service.official_name
            if council.type != AreaType.COUNTY:
                keys = set(council_ward_areas(council))
                held = {
                    ward_key(o.area.name) for o in _current(role=Role.WARD_COUNCILLOR, area__parent=council)
                }
                assert held == keys, service.official_name
        assert not _current(role=Role.WARD_COUNCILLOR, area__parent__type=AreaType.DISTRICT).exists()

        checked = 0
        for code, postcode in sorted(open_data.items()):
            service = DemocracyService.objects.filter(gss_code=code, system=CouncilSystem.MODERNGOV).first()
            if service is None or code in FAULTS:
                continue
            council = Area.objects.get(code=code)
            lead = _current(role=Role.LEAD_MEMBER_CHILDREN, area=council).get()
            data = client.get(f"/api/v1/postcodes/{postcode}").json()
            by_role = {}
            for person in data["representatives"]:
                by_role.setdefault(person["role"], []).append(person)
            assert [p["name"] for p in by_role[Role.LEAD_MEMBER_CHILDREN]] == [lead.person.name], postcode
            assert not by_role[Role.LEAD_MEMBER_CHILDREN][0]["gap"]
            if council.type != AreaType.COUNTY:
                names = sorted(p["name"] for p in by_role[Role.WARD_COUNCILLOR])
                ward = data["ward"]["code"] if isinstance(data.get("ward"), dict) else None
                expected = sorted(o.person.name for o in _current(role=Role.WARD_COUNCILLOR, area__code=ward))
                assert names == expected and len(names) == 1, postcode
            if checked < 10:
                page = client.get(reverse("geography:your_area"), {"postcode": postcode}).content.decode()
                assert lead.person.name in page
            checked += 1
        assert checked >= 140

        # A re-run with one councillor gone ends their office and nothing else.
        service = answered.filter(council__type=AreaType.UNITARY).first()
        site = farm.sites[service.gss_code.lower()]
        plain = next(people for _, people in site.wards if people and not people[-1].key_posts)
        gone = plain.pop()  # a ward councillor with no key post leaves
        before = set(_current().values_list("pk", flat=True))
        out = StringIO()
        call_command("sync_moderngov", "--all", "--concurrency", "16", "--timeout", "5", stdout=out)
        after = set(_current().values_list("pk", flat=True))
        assert "offices: 0 added, 0 changed, 1 ended" in out.getvalue()
        ended = before - after
        assert len(ended) == 1 and not (after - before)
        assert gone.name.removeprefix("Councillor ") == Office.objects.get(pk=ended.pop()).person.name
        assert Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES).count() == 175
