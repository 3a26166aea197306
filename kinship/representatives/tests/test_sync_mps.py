"""sync_mps: matching constituencies by name, creating and updating MPs, ending offices."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.geography.tests.factories import ConstituencyFactory
from kinship.representatives.clients.parliament import Constituency, ParliamentClient
from kinship.representatives.models import Office, Person, Role, Source
from kinship.representatives.mps import match_constituency, mps_sync
from kinship.representatives.tests import parliament_shapes as shapes
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory
from kinship.representatives.tests.fake_http import Reply, fake_server

pytestmark = pytest.mark.django_db
SEARCH = "/api/Location/Constituency/Search"


def _c(name: str, end: str | None = None) -> Constituency:
    return Constituency(
        id=1,
        name=name,
        start_date=None,
        end_date=None if end is None else date.fromisoformat(end),
        member=None,
    )


def test_match_ignores_ampersands_punctuation_and_accents():
    found, _ = match_constituency("Ynys Mon", [_c("Ynys Môn")])
    assert found is not None
    found, _ = match_constituency("Brighton Kemptown & Peacehaven", [_c("Brighton Kemptown and Peacehaven")])
    assert found is not None
    found, _ = match_constituency("Stratford-on-Avon", [_c("Stratford on Avon")])
    assert found is not None


def test_match_refuses_a_partial_name():
    found, why = match_constituency("Aldershot", [_c("Aldershot North")])
    assert found is None
    assert "no constituency called" in why


def test_match_skips_abolished_constituencies():
    found, why = match_constituency("Oldtown", [_c("Oldtown", end="2024-07-04")])
    assert found is None
    assert "abolished" in why


def _serve_mp(server, *, cid: int, name: str, member_id: int, mp_name: str, email: str = "mp@parliament.uk"):
    mp = shapes.member(member_id, mp_name, name)
    server.route(
        SEARCH,
        lambda path, q: (
            Reply(body=shapes.search([shapes.constituency(cid, name, mp)]))
            if q["searchText"][0] == name
            else Reply(body=shapes.search([]))
        ),
    )
    server.queue(f"/api/Members/{member_id}", Reply(body=shapes.member_item(mp)))
    server.queue(f"/api/Members/{member_id}/Contact", Reply(body=shapes.contact(email=email)))


@pytest.fixture
def server():
    with fake_server() as s:
        yield s


def _client(server) -> ParliamentClient:
    return ParliamentClient(server.url, timeout=2, max_retries=0, backoff=0, sleep=lambda s: None)


def test_sync_creates_the_mp_with_contact_routes(server):
    area = ConstituencyFactory(code="E14001063", name="Aldershot")
    _serve_mp(
        server,
        cid=4345,
        name="Aldershot",
        member_id=5173,
        mp_name="Alex Baker",
        email="alex.baker.mp@parliament.uk",
    )

    with _client(server) as client:
        report = mps_sync(client=client)

    office = Office.objects.get(area=area, role=Role.MP)
    assert office.person.name == "Alex Baker"
    assert office.person.parliament_id == 5173
    assert office.email == "alex.baker.mp@parliament.uk"
    assert office.accepts_email is True
    assert office.source == Source.API
    assert office.last_checked_on is not None
    assert len(report.created) == 1


def test_sync_updates_changed_contact_details(server):
    area = ConstituencyFactory(name="Aldershot")
    person = PersonFactory(name="Alex Baker", parliament_id=5173)
    OfficeFactory(person=person, area=area, role=Role.MP, email="old@parliament.uk", source=Source.CSV)
    _serve_mp(
        server, cid=4345, name="Aldershot", member_id=5173, mp_name="Alex Baker", email="new@parliament.uk"
    )

    with _client(server) as client:
        report = mps_sync(client=client)

    assert Office.objects.get(area=area, role=Role.MP).email == "new@parliament.uk"
    assert len(report.updated) == 1 and not report.created


def test_sync_ends_the_office_of_an_mp_who_left(server):
    area = ConstituencyFactory(name="Aldershot")
    old = OfficeFactory(person=PersonFactory(name="Former Member", parliament_id=1), area=area, role=Role.MP)
    _serve_mp(server, cid=4345, name="Aldershot", member_id=5173, mp_name="Alex Baker")

    with _client(server) as client:
        report = mps_sync(client=client)

    old.refresh_from_db()
    assert old.end_date is not None
    assert Office.objects.get(area=area, role=Role.MP, end_date__isnull=True).person.parliament_id == 5173
    assert any("Former Member" in line for line in report.ended)


def test_sync_ends_the_mp_of_a_vacant_seat(server):
    area = ConstituencyFactory(name="Emptyville")
    old = OfficeFactory(person=PersonFactory(parliament_id=2), area=area, role=Role.MP)
    server.queue(SEARCH, Reply(body=shapes.search([shapes.constituency(9, "Emptyville", None)])))

    with _client(server) as client:
        report = mps_sync(client=client)

    old.refresh_from_db()
    assert old.end_date is not None
    assert any("vacant" in line for line in report.unmatched)


def test_sync_reports_constituencies_it_cannot_match(server):
    ConstituencyFactory(name="Nowhere Special")
    server.queue(SEARCH, Reply(body=shapes.search([])))

    with _client(server) as client:
        report = mps_sync(client=client)

    assert report.unmatched and "Nowhere Special" in report.unmatched[0]
    assert not Office.objects.exists()


def test_sync_skips_demo_constituencies(server):
    ConstituencyFactory(name="Demo Firth", is_demo=True)

    with _client(server) as client:
        mps_sync(client=client)

    assert server.requests == []


def test_sync_twice_changes_nothing_the_second_time(server):
    ConstituencyFactory(name="Aldershot")
    _serve_mp(server, cid=4345, name="Aldershot", member_id=5173, mp_name="Alex Baker")

    with _client(server) as client:
        mps_sync(client=client)
        second = mps_sync(client=client)

    assert not second.created and not second.updated and len(second.unchanged) == 1
    assert Person.objects.count() == 1


def test_command_prints_the_report(server):
    ConstituencyFactory(name="Aldershot")
    _serve_mp(server, cid=4345, name="Aldershot", member_id=5173, mp_name="Alex Baker")
    out = StringIO()

    call_command("sync_mps", "--base-url", server.url, stdout=out)

    assert "1 created" in out.getvalue()
    assert "Alex Baker" in out.getvalue()


def test_command_stops_when_the_api_keeps_failing(server, monkeypatch):
    monkeypatch.setenv("KINSHIP_PARLIAMENT_API_RETRIES", "0")
    for i in range(6):
        ConstituencyFactory(name=f"Seat {i}")
    server.queue(SEARCH, Reply(500, b"down"))

    with pytest.raises(CommandError, match="in a row"):
        call_command("sync_mps", "--base-url", server.url, stdout=StringIO())


def test_sync_ends_mps_of_abolished_constituencies(server):
    old_seat = ConstituencyFactory(name="Old Seat", valid_to=date(2024, 7, 3))
    office = OfficeFactory(area=old_seat, role=Role.MP, source=Source.API)

    with _client(server) as client:
        report = mps_sync(client=client)

    office.refresh_from_db()
    assert office.end_date is not None
    assert any("abolished" in line for line in report.ended)
