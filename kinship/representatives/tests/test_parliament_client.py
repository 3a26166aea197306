"""The Members API client against a real local HTTP server speaking the documented shapes."""

from __future__ import annotations

import pytest

from kinship.representatives.clients.parliament import (
    ParliamentApiError,
    ParliamentApiNotFoundError,
    ParliamentApiTimeoutError,
    ParliamentClient,
    choose_contact_routes,
)
from kinship.representatives.tests import parliament_shapes as shapes
from kinship.representatives.tests.fake_http import Reply, fake_server

SEARCH = "/api/Location/Constituency/Search"


@pytest.fixture
def server():
    with fake_server() as s:
        yield s


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(server, sleeps):
    c = ParliamentClient(server.url, timeout=2, max_retries=2, backoff=0.01, sleep=sleeps.append)
    yield c
    c.close()


def test_search_returns_constituency_with_current_member(server, client):
    mp = shapes.member(5173, "Alex Baker", "Aldershot")
    server.queue(SEARCH, Reply(body=shapes.search([shapes.constituency(4345, "Aldershot", mp)])))

    [result] = client.search_constituencies("Aldershot")

    assert (result.id, result.name, result.is_current) == (4345, "Aldershot", True)
    assert result.member.id == 5173
    assert result.member.name == "Alex Baker"
    assert result.member.party == "Labour"


def test_search_sends_search_text_and_paging(server, client):
    server.queue(SEARCH, Reply(body=shapes.search([])))

    client.search_constituencies("Ynys Môn")

    _, query = server.requests[0]
    assert query == {"searchText": ["Ynys Môn"], "skip": ["0"], "take": ["20"]}


def test_search_follows_pages_with_skip_and_take(server, client):
    first = [shapes.constituency(i, f"Place {i}", None) for i in range(20)]
    second = [shapes.constituency(100 + i, f"Place {100 + i}", None) for i in range(5)]
    server.queue(
        SEARCH,
        Reply(body=shapes.search(first, total=25, skip=0)),
        Reply(body=shapes.search(second, total=25, skip=20)),
    )

    results = client.search_constituencies("Place")

    assert len(results) == 25
    assert [q["skip"] for _, q in server.requests] == [["0"], ["20"]]


def test_a_429_is_retried_after_the_retry_after_delay(server, client, sleeps):
    mp = shapes.member(1, "Sam Sample", "Sampleton")
    server.queue(
        SEARCH,
        Reply(429, {"error": "slow down"}, headers={"Retry-After": "3"}),
        Reply(body=shapes.search([shapes.constituency(1, "Sampleton", mp)])),
    )

    [result] = client.search_constituencies("Sampleton")

    assert result.member.name == "Sam Sample"
    assert sleeps == [3.0]


def test_a_500_that_persists_raises_after_bounded_retries(server, client, sleeps):
    server.queue(SEARCH, Reply(500, {"error": "boom"}))

    with pytest.raises(ParliamentApiError, match="HTTP 500"):
        client.search_constituencies("Anywhere")

    assert len(server.requests) == 3  # first try + max_retries=2
    assert sleeps == [0.01, 0.02]  # exponential backoff


def test_a_500_then_success_recovers(server, client):
    server.queue(SEARCH, Reply(503, b"busy"), Reply(body=shapes.search([])))

    assert client.search_constituencies("Anywhere") == []


def test_a_slow_server_raises_a_timeout_error(server, sleeps):
    server.queue(SEARCH, Reply(body=shapes.search([]), delay=1.0))
    with (
        ParliamentClient(server.url, timeout=0.2, max_retries=1, backoff=0, sleep=sleeps.append) as slow,
        pytest.raises(ParliamentApiTimeoutError),
    ):
        slow.search_constituencies("Anywhere")


def test_malformed_json_raises_an_api_error(server, client):
    server.queue(SEARCH, Reply(body=b"{not json"))

    with pytest.raises(ParliamentApiError, match="not valid JSON"):
        client.search_constituencies("Anywhere")


def test_json_of_the_wrong_shape_raises_an_api_error(server, client):
    server.queue(SEARCH, Reply(body={"unexpected": True}))

    with pytest.raises(ParliamentApiError, match="unexpected shape"):
        client.search_constituencies("Anywhere")


def test_member_details_are_parsed(server, client):
    server.queue(
        "/api/Members/5173", Reply(body=shapes.member_item(shapes.member(5173, "Alex Baker", "Aldershot")))
    )

    member = client.member(5173)

    assert (member.name, member.constituency, member.is_active) == ("Alex Baker", "Aldershot", True)
    assert member.start_date.isoformat() == "2024-07-04"


def test_unknown_member_raises_not_found(server, client):
    with pytest.raises(ParliamentApiNotFoundError):
        client.member(999999)


def test_contact_entries_are_typed(server, client):
    server.queue("/api/Members/5173/Contact", Reply(body=shapes.contact()))

    entries = client.member_contact(5173)

    office = entries[0]
    assert office.type == "Parliamentary office"
    assert office.email == "alex.baker.mp@parliament.uk"
    assert office.postal_address == "House of Commons\nLondon\nSW1A 0AA"
    assert entries[2].is_web_address


def test_contact_routes_take_the_email_the_address_and_parliaments_contact_page():
    from kinship.representatives.clients.parliament import parse_contact

    entries = [parse_contact(e) for e in shapes.contact()["value"]]

    routes = choose_contact_routes(5173, entries)

    assert routes.email == "alex.baker.mp@parliament.uk"
    assert routes.postal_address == "1 High Street\nAldershot\nGU11 1AA"  # the preferred office
    assert routes.web_form_url == "https://members.parliament.uk/member/5173/contact"


def test_contact_routes_without_any_email_leave_email_empty():
    from kinship.representatives.clients.parliament import parse_contact

    entries = [parse_contact(e) for e in shapes.contact(email=None)["value"]]

    assert choose_contact_routes(1, entries).email == ""
