"""The OpenAPI document is a contract (issue 11, item 13): schemathesis, a property-based API
tester none of us wrote, reads /api/v1/openapi.json from the running site (pytest-django's live
server) and runs its whole plan against it, as its command line would: the document's examples,
coverage (boundaries, undeclared methods, missing and wrong fields), fuzzing and stateful links.
Every answer must be one the document allows, every request the document calls valid must be
accepted, and none may be a server error. Its Python API drives it, so the failures are listed
here with the request that caused each."""

from __future__ import annotations

import pytest
import schemathesis
from django.db import connections
from schemathesis.engine import Status, events

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.tests.conftest import place  # noqa: F401 - fixture: postcodes and people

pytestmark = pytest.mark.slow


def _failures(event: events.ScenarioFinished) -> list[str]:
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status != Status.SUCCESS and check.failure_info is not None:
                failure = check.failure_info.failure
                found.append(
                    f"{event.label}: {check.name}: {failure.title} — {failure.message}\n"
                    f"    {check.failure_info.code_sample}"
                )
            elif check.status == Status.ERROR:
                found.append(f"{event.label}: {check.name}: check errored (case {case_id})")
    return found


def test_the_running_api_keeps_the_promises_of_its_openapi_document(
    transactional_db,
    live_server,
    settings,
    monkeypatch,
    place,  # noqa: F811
):
    # The live server's request threads keep their database connection between keep-alive
    # requests; closed at the end of each request instead, none is left open at teardown to stop
    # pytest-django dropping the PostgreSQL test database.
    # (SQLite's in-memory database is one connection the server threads share: left alone.)
    if connections["default"].vendor == "postgresql":
        monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    settings.KINSHIP_RATE_LIMITS_ENABLED = False  # limits have their own tests; here every answer counts
    # The document's example action is open, so request bodies reach the real validation.
    ActionFactory(slug="email-your-mp", target_roles=["mp"])
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    # One request per connection: no keep-alive socket (and server thread) outlives the test
    # to touch the test database after it has been handed back.
    schema.config.headers = {"Connection": "close"}
    schema.config.cache.enabled = False  # no .schemathesis/ folder left in the work tree
    schema.config.generation.max_examples = 25  # per operation and phase: minutes, not tens of them
    # 422 is the documented answer to a well-formed request this action cannot take (a postcode
    # in a nation it does not cover, people it cannot reach): facts no schema can hold.
    schema.config.checks.positive_data_acceptance.expected_statuses.append("422")
    problems: list[str] = []
    scenarios = 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios += 1
            problems += _failures(event)
            if event.status == Status.ERROR:
                problems.append(f"{event.label}: scenario error")
        elif isinstance(event, events.NonFatalError):
            problems.append(f"{event.label}: {event.info.title}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            problems.append(f"schemathesis failed: {event.exception!r}")
    print(f"schemathesis: {scenarios} scenarios, {len(problems)} problems")
    assert scenarios > 0, "schemathesis ran nothing"
    assert problems == [], "\n".join(sorted(set(problems)))
