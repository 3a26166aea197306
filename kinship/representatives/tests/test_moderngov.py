"""ModernGov: parsing the real XML shape, the client, and sync_moderngov."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.geography.names import ward_key
from kinship.geography.tests.factories import CouncilFactory, WardFactory
from kinship.representatives.clients.moderngov import (
    ModernGovClient,
    ModernGovError,
    ModernGovTimeoutError,
    parse_councillors_by_ward,
    split_key_posts,
)
from kinship.representatives.councils import moderngov_sync
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.tests import moderngov_shapes as mg
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory
from kinship.representatives.tests.fake_http import Reply, fake_server

WS = "/mgWebService.asmx/GetCouncillorsByWard"
XML = "text/xml; charset=utf-8"


def _xml(*wards: str) -> bytes:
    return mg.councillors_by_ward(*wards).encode()


def test_parse_reads_wards_councillors_party_email_and_key_posts():
    content = _xml(
        mg.ward(
            "Harbour",
            mg.councillor(
                "101",
                "Frankie Harbour",
                email="frankie.harbour@example.org",
                keyposts="Cabinet Member for Children&apos;s Services",
            ),
        )
    )

    [ward] = parse_councillors_by_ward(content)

    assert ward.title == "Harbour"
    [c] = ward.councillors
    assert (c.id, c.name, c.party) == ("101", "Frankie Harbour", "Example Party")
    assert c.email == "frankie.harbour@example.org"
    assert c.key_posts == ("Cabinet Member for Children's Services",)
    assert c.postal_address == "Town Hall\nExampleborough\nEX1 1AA"


def test_parse_never_reads_home_addresses():
    [ward] = parse_councillors_by_ward(_xml(mg.ward("Harbour", mg.councillor("1", "A Person"))))

    c = ward.councillors[0]
    assert "Private Home" not in c.postal_address
    assert c.email == ""


def test_key_posts_split_on_escaped_line_breaks():
    assert split_key_posts("Leader of the Council&lt;br /&gt;Chair of Cabinet") == (
        "Leader of the Council",
        "Chair of Cabinet",
    )


def test_parse_skips_placeholder_wards():
    assert parse_councillors_by_ward(_xml(mg.ward(""))) == []


def test_parse_refuses_malformed_xml():
    with pytest.raises(ModernGovError, match="not valid XML"):
        parse_councillors_by_ward(b"<councillorsbyward><wards>")


def test_parse_refuses_entity_declarations():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><councillorsbyward/>'
    with pytest.raises(ModernGovError, match="DOCTYPE"):
        parse_councillors_by_ward(evil)


def test_ward_names_match_without_suffix_or_punctuation():
    assert ward_key("St. Mary's & Eastfield Ward") == ward_key("St Marys and Eastfield")


@pytest.fixture
def server():
    with fake_server() as s:
        yield s


def test_client_fetches_from_the_web_service_path(server):
    server.queue(WS, Reply(body=_xml(mg.ward("Oak")), content_type=XML))

    with ModernGovClient(server.url, max_retries=0, backoff=0) as client:
        wards = client.councillors_by_ward()

    assert [w.title for w in wards] == ["Oak"]
    assert server.paths() == [WS]


def test_client_retries_a_503_then_succeeds(server):
    server.queue(WS, Reply(503, b"busy"), Reply(body=_xml(mg.ward("Oak")), content_type=XML))

    with ModernGovClient(server.url, max_retries=1, backoff=0, sleep=lambda s: None) as client:
        assert len(client.councillors_by_ward()) == 1


def test_client_timeout_is_its_own_error(server):
    server.queue(WS, Reply(body=_xml(), content_type=XML, delay=1.0))

    with (
        ModernGovClient(server.url, timeout=0.2, max_retries=0, backoff=0) as client,
        pytest.raises(ModernGovTimeoutError),
    ):
        client.councillors_by_ward()


@pytest.fixture
def council(db):
    return CouncilFactory(code="E06900001", name="Exampleborough")


def _sync(server, council, *wards):
    server.queue(WS, Reply(body=_xml(*wards), content_type=XML))
    with ModernGovClient(server.url, max_retries=0, backoff=0) as client:
        return moderngov_sync(council=council, client=client)


@pytest.mark.django_db
def test_sync_creates_ward_councillors_in_matching_wards(server, council):
    harbour = WardFactory(name="Harbour", parent=council)

    _sync(
        server,
        council,
        mg.ward(
            "Harbour Ward",
            mg.councillor("1", "Frankie Harbour", email="f@example.org"),
            mg.councillor("2", "Gale Harbour"),
        ),
    )

    offices = Office.objects.filter(area=harbour, role=Role.WARD_COUNCILLOR).order_by("person__name")
    assert [o.person.name for o in offices] == ["Frankie Harbour", "Gale Harbour"]
    assert offices[0].source == Source.MODERNGOV
    assert offices[0].source_url.endswith("/mgUserInfo.aspx?UID=1")
    assert offices[1].accepts_email is False  # no work email published


@pytest.mark.django_db
def test_sync_finds_the_lead_member_and_leader_from_key_posts(server, council):
    WardFactory(name="Harbour", parent=council)

    _sync(
        server,
        council,
        mg.ward(
            "Harbour",
            mg.councillor(
                "1", "Riley Sample", keyposts="Deputy Leader and Lead Member for Children and Families"
            ),
            mg.councillor("2", "Avery Demo", keyposts="Leader of the Council"),
        ),
    )

    lead = Office.objects.get(area=council, role=Role.LEAD_MEMBER_CHILDREN)
    assert lead.person.name == "Riley Sample"
    assert lead.portfolio == "Deputy Leader and Lead Member for Children and Families"
    assert Office.objects.get(area=council, role=Role.LEADER).person.name == "Avery Demo"
    # The same person holds their ward seat and their key post.
    assert lead.person.offices.count() == 2


@pytest.mark.django_db
def test_sync_ends_councillors_no_longer_listed(server, council):
    harbour = WardFactory(name="Harbour", parent=council)
    gone = OfficeFactory(
        area=harbour,
        role=Role.WARD_COUNCILLOR,
        person=PersonFactory(name="Gone Councillor"),
        source=Source.MODERNGOV,
    )

    report = _sync(server, council, mg.ward("Harbour", mg.councillor("1", "Frankie Harbour")))

    gone.refresh_from_db()
    assert gone.end_date is not None
    assert any("Gone Councillor" in line for line in report.ended)


@pytest.mark.django_db
def test_sync_keeps_a_ward_councillor_a_steward_entered(server, council):
    harbour = WardFactory(name="Harbour", parent=council)
    steward = OfficeFactory(
        area=harbour, role=Role.WARD_COUNCILLOR, person=PersonFactory(name="Csv Person"), source=Source.CSV
    )

    _sync(server, council, mg.ward("Harbour", mg.councillor("1", "Frankie Harbour")))

    steward.refresh_from_db()
    assert steward.end_date is None


@pytest.mark.django_db
def test_sync_reports_wards_it_cannot_match_and_a_missing_lead_member(server, council):
    report = _sync(server, council, mg.ward("Atlantis", mg.councillor("1", "Nemo Example")))

    assert any("Atlantis" in line for line in report.unmatched)
    assert any("lead member" in line for line in report.unmatched)


@pytest.mark.django_db
def test_sync_keeps_a_lead_member_entered_by_csv_when_moderngov_names_none(server, council):
    csv_lead = OfficeFactory(area=council, role=Role.LEAD_MEMBER_CHILDREN, source=Source.CSV)

    _sync(server, council, mg.ward("Harbour"))

    csv_lead.refresh_from_db()
    assert csv_lead.end_date is None


@pytest.mark.django_db
def test_command_runs_against_the_fake_server(server, council):
    WardFactory(name="Harbour", parent=council)
    server.queue(
        WS, Reply(body=_xml(mg.ward("Harbour", mg.councillor("1", "Frankie Harbour"))), content_type=XML)
    )
    out = StringIO()

    call_command("sync_moderngov", "--council", council.code, "--base-url", server.url, stdout=out)

    assert "1 created" in out.getvalue()


@pytest.mark.django_db
def test_command_explains_a_failing_service(server, council, monkeypatch):
    monkeypatch.setenv("KINSHIP_MODERNGOV_RETRIES", "0")
    server.queue(WS, Reply(500, b"oops"))

    with pytest.raises(CommandError, match="HTTP 500"):
        call_command("sync_moderngov", "--council", council.code, "--base-url", server.url, stdout=StringIO())
