"""sync_moderngov --all against a farm of fake ModernGov sites on loopback: many councils at
once, with a site answering 500, one broken XML, one stalling past the timeout, one 404."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command

from kinship.geography.tests.factories import CouncilFactory as _CouncilFactory
from kinship.geography.tests.factories import CountyFactory, PostcodeFactory, WardFactory
from kinship.representatives.countrywide import moderngov_services, moderngov_sync_all
from kinship.representatives.models import DemocracyService, Office, Person, Role, Source, SyncResult
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory
from kinship.representatives.tests.moderngov_farm import FarmCouncillor, Site, moderngov_farm, registry_csv

pytestmark = pytest.mark.django_db

LEAD_TITLE = "Deputy Leader and Cabinet Member for Children’s Services (Statutory Lead Member)"


def _site(prefix: str, wards: list[str], *, lead: bool = True) -> Site:
    people: list[tuple[str, list[FarmCouncillor]]] = []
    for n, title in enumerate(wards):
        first = FarmCouncillor(
            id=f"{n}1", name=f"Councillor {prefix} Ward{n} One", email=f"one{n}@council.example.org"
        )
        second = FarmCouncillor(id=f"{n}2", name=f"Cllr Dr {prefix} Ward{n} Two")
        people.append((title, [first, second]))
    people[0][1][0].key_posts = ("Leader of the Council", "Chair of Cabinet")
    people[0][1][1].key_posts = ("Deputy Cabinet Member for Children",)  # a decoy
    if lead and len(people) > 1:
        people[1][1][0].key_posts = (LEAD_TITLE, "Chair of Corporate Parenting Panel")
    return Site(wards=people)


@pytest.fixture
def farm():
    with moderngov_farm() as f:
        yield f


def _council(name: str, wards: list[str]):
    council = _CouncilFactory(name=name, official_name=f"{name} Council")
    for ward in wards:
        WardFactory(name=ward, parent=council)
    return council


def _run(farm, tmp_path, rows, **options):
    registry = tmp_path / "registry.csv"
    registry.write_text(registry_csv(rows), encoding="utf-8")
    out = StringIO()
    call_command(
        "sync_moderngov",
        "--all",
        "--registry",
        str(registry),
        "--concurrency",
        str(options.get("concurrency", 4)),
        "--timeout",
        str(options.get("timeout", 0.5)),
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def country(farm, tmp_path):
    """Three good councils and four faulty ones."""
    good = {
        "abbeyshire": (
            ["Abbey", "St Marys and Eastfield", "Newtown"],
            ["Abbey Ward", "St. Mary’s & Eastfield", "Newtown"],
        ),
        "brookford": (["North", "South"], ["North Ward", "South Ward"]),
        "cairnby": (["Pen y Fai", "Coity"], ["Pen-y-fai", "Coity"]),
    }
    rows = []
    councils = {}
    for slug, (ours, theirs) in good.items():
        council = _council(slug.title(), ours)
        councils[slug] = council
        farm.sites[slug] = _site(slug.title(), theirs)
        rows.append((council.code, council.official_name, "ModernGov", farm.url(slug)))
    for slug, fault in (("down", "500"), ("garbled", "broken"), ("stalled", "stall"), ("moved", "404")):
        council = _council(slug.title(), ["Centre"])
        councils[slug] = council
        farm.sites[slug] = _site(slug.title(), ["Centre"])
        farm.sites[slug].fault = fault
        rows.append((council.code, council.official_name, "ModernGov", farm.url(slug)))
    other = _council("Elsewhere", ["Centre"])
    rows.append((other.code, other.official_name, "CMIS", "https://cmis.elsewhere.example.org"))
    return councils, rows


def _current(role, **filters):
    return Office.objects.filter(role=role, end_date__isnull=True, **filters)


def test_the_whole_run_completes_and_names_the_faulty_councils(farm, tmp_path, country):
    councils, rows = country
    started = time.monotonic()

    out = _run(farm, tmp_path, rows)

    assert time.monotonic() - started < 15
    assert "3 of 7 councils synced" in out
    failed = out.split("councils that failed (4):")[1]
    assert "Down Council" in failed and "HTTP 500" in failed
    assert "Garbled Council" in failed and "not valid XML" in failed
    assert "Stalled Council" in failed and ("timed out" in failed or "deadline" in failed)
    assert "Moved Council" in failed and "HTTP 404" in failed
    assert "Elsewhere" not in out  # CMIS councils are not ModernGov's to sync
    assert out.count("[") >= 7  # a progress line per council


def test_the_councils_that_answered_get_lead_member_leader_and_ward_councillors(farm, tmp_path, country):
    councils, rows = country

    _run(farm, tmp_path, rows)

    for slug in ("abbeyshire", "brookford", "cairnby"):
        council = councils[slug]
        lead = _current(Role.LEAD_MEMBER_CHILDREN, area=council).get()
        assert lead.person.name == f"{slug.title()} Ward1 One"
        assert lead.portfolio == LEAD_TITLE
        assert lead.source == Source.MODERNGOV and lead.source_url.startswith(farm.url(slug))
        assert _current(Role.LEADER, area=council).get().person.name == f"{slug.title()} Ward0 One"
        for ward in council.children.all():
            assert _current(Role.WARD_COUNCILLOR, area=ward).count() == 2
    abbey = _current(Role.WARD_COUNCILLOR, area__name="St Marys and Eastfield")
    assert {o.person.name for o in abbey} == {"Abbeyshire Ward1 One", "Abbeyshire Ward1 Two"}
    assert not _current(Role.CABINET_MEMBER).filter(person__name__endswith="Ward0 Two").exists()


def test_the_faulty_councils_are_left_unchanged_and_their_result_recorded(farm, tmp_path, country):
    councils, rows = country
    before = OfficeFactory(
        area=councils["down"],
        role=Role.LEADER,
        person=PersonFactory(name="Still Leader"),
        source=Source.MODERNGOV,
    )

    _run(farm, tmp_path, rows)

    before.refresh_from_db()
    assert before.end_date is None
    assert not Office.objects.filter(area__parent=councils["stalled"]).exists()
    results = dict(DemocracyService.objects.values_list("official_name", "last_sync_result"))
    assert results["Down Council"] == SyncResult.FAILED
    assert results["Abbeyshire Council"] == SyncResult.OK
    assert results["Elsewhere Council"] == SyncResult.NEVER
    message = DemocracyService.objects.get(official_name="Abbeyshire Council").last_sync_message
    assert "lead member: Abbeyshire Ward1 One" in message


def test_work_contacts_are_kept_and_home_addresses_never(farm, tmp_path, country):
    _, rows = country

    _run(farm, tmp_path, rows)

    office = _current(Role.WARD_COUNCILLOR, person__name="Abbeyshire Ward0 One").get()
    assert office.email == "one0@council.example.org"
    assert "County Hall" in office.postal_address
    assert not Office.objects.filter(postal_address__contains="Private Road").exists()
    assert not Office.objects.filter(phone__startswith="07700").exists()


def test_a_rerun_with_one_councillor_gone_ends_their_office_and_nothing_else(farm, tmp_path, country):
    _, rows = country
    _run(farm, tmp_path, rows)
    steward = OfficeFactory(
        area=_current(Role.WARD_COUNCILLOR, person__name="Brookford Ward1 One").get().area,
        role=Role.WARD_COUNCILLOR,
        person=PersonFactory(name="Entered By Csv"),
        source=Source.CSV,
    )
    current_before = set(_current(Role.WARD_COUNCILLOR).values_list("pk", flat=True))
    farm.sites["brookford"].wards[1][1].pop(1)  # "Brookford Ward1 Two" leaves

    run = moderngov_sync_all(services=moderngov_services(), concurrency=4, timeout=0.5)

    ended = [line for o in run.synced if o.sync for line in o.sync.report.ended]
    assert len(ended) == 1 and "Brookford Ward1 Two" in ended[0]
    assert sum(len(o.sync.report.created) for o in run.synced if o.sync) == 0
    current_after = set(_current(Role.WARD_COUNCILLOR).values_list("pk", flat=True))
    assert current_before - current_after == {
        Office.objects.get(person__name="Brookford Ward1 Two", role=Role.WARD_COUNCILLOR).pk
    }
    steward.refresh_from_db()
    assert steward.end_date is None


def test_a_councillor_in_two_wards_is_one_person_with_two_offices(farm, tmp_path):
    council = _council("Twofold", ["East", "West"])
    both = FarmCouncillor(id="77", name="Councillor Siân Llŷr")
    farm.sites["twofold"] = Site(wards=[("East", [both]), ("West", [both])])

    _run(farm, tmp_path, [(council.code, council.official_name, "ModernGov", farm.url("twofold"))])

    person = Person.objects.get(name="Siân Llŷr")
    assert _current(Role.WARD_COUNCILLOR, person=person).count() == 2


def test_two_ward_codes_with_one_name_place_councillors_where_postcodes_point(farm, tmp_path):
    council = _council("Recoded", [])
    old = WardFactory(code="E05000001", name="Riverside", parent=council)
    new = WardFactory(code="E05999999", name="Riverside", parent=council)
    PostcodeFactory(postcode="ZZ1 1AA", ward=old.code, district=council.code)
    farm.sites["recoded"] = Site(
        wards=[("Riverside Ward", [FarmCouncillor(id="5", name="Councillor Ó Briain")])]
    )

    _run(farm, tmp_path, [(council.code, council.official_name, "ModernGov", farm.url("recoded"))])

    office = _current(Role.WARD_COUNCILLOR, person__name="Ó Briain").get()
    assert office.area == old
    assert not _current(Role.WARD_COUNCILLOR, area=new).exists()


def test_county_councillors_stay_unplaced_without_divisions_and_are_reported(farm, tmp_path):
    county = CountyFactory(name="Exampleshire", official_name="Exampleshire County Council")
    WardFactory(name="Abbey", parent__parent=county)  # a district ward of the same name
    farm.sites["exampleshire"] = _site("Exampleshire", ["Abbey Division", "Brook"])

    out = _run(farm, tmp_path, [(county.code, county.official_name, "ModernGov", farm.url("exampleshire"))])

    assert not _current(Role.WARD_COUNCILLOR).exists()
    assert _current(Role.LEAD_MEMBER_CHILDREN, area=county).count() == 1
    message = DemocracyService.objects.get().last_sync_message
    assert "0 wards placed, 2 unplaced" in message
    assert "1 of 1 councils synced" in out


def test_county_councillors_go_to_their_electoral_divisions(farm, tmp_path):
    county = CountyFactory(name="Divshire", official_name="Divshire County Council")
    division = WardFactory(code="E58000001", name="Abbey", parent=county, type="division")
    farm.sites["divshire"] = _site("Divshire", ["Abbey ED", "Brook"])

    _run(farm, tmp_path, [(county.code, county.official_name, "ModernGov", farm.url("divshire"))])

    assert _current(Role.WARD_COUNCILLOR, area=division).count() == 2


def test_a_council_without_a_lead_member_post_is_listed_for_staff(farm, tmp_path):
    council = _council("Nolead", ["North", "South"])
    farm.sites["nolead"] = _site("Nolead", ["North", "South"], lead=False)

    out = _run(farm, tmp_path, [(council.code, council.official_name, "ModernGov", farm.url("nolead"))])

    assert "councils with no lead member found (1):\n  Nolead Council" in out
    assert not _current(Role.LEAD_MEMBER_CHILDREN).exists()


def test_a_site_trickling_its_answer_is_given_up_at_the_deadline(farm):
    from kinship.representatives.clients.moderngov import ModernGovClient, ModernGovTimeoutError

    farm.sites["slow"] = _site("Slow", ["North", "South"])
    farm.sites["slow"].fault = "trickle"  # every byte inside the read timeout, the whole far beyond
    started = time.monotonic()

    client = ModernGovClient(farm.url("slow"), timeout=0.5, max_retries=0, backoff=0)
    with client, pytest.raises(ModernGovTimeoutError, match="deadline"):
        client.councillors_by_ward(deadline_seconds=1.0)

    assert time.monotonic() - started < 5
