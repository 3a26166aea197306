"""Cheap writes (issue 17): the checks that may hold a message (a near copy of the sender's
earlier message to the same person, a second postcode) run in the worker after the submission
is stored, not in the request; confirming runs them itself if the worker has not yet, so no
message is ever queued unchecked."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.core.outbox import drain_until_empty
from kinship.messaging import services, tokens
from kinship.messaging.models import MessageStatus, Moderation, Submission
from kinship.messaging.services import abuse
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = pytest.mark.django_db


def _store(action, **overrides):  # type: ignore[no-untyped-def]
    """Submit as the request does, without running on-commit work: the worker has not run."""
    return services.submission_create(action=action, data=submission_data(**overrides), language="en-gb")


def _confirm(submission, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return services.submission_confirm(token=tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT))


def test_the_request_stores_the_submission_unchecked_and_the_worker_checks_it(action, mail):
    first = _store(action)
    second = _store(action, body=BODY + " Thank you.", email="gwen.jones+2@example.com")
    for row in (first, second):
        row.refresh_from_db()
        assert (row.checks_pending, row.fingerprint, row.flag_reason) == (True, [], "")
    assert services.submission_checks_drain() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.checks_pending and not second.checks_pending
    assert first.fingerprint and second.fingerprint
    # Only earlier submissions count: the first is not a copy of the second, the second is.
    assert first.flag_reason == ""
    assert second.flag_reason.startswith("Near-identical")
    assert services.submission_checks_drain() == 0


def test_the_api_request_runs_no_near_copy_query(client, action, mail):
    payload = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen.jones@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
    }
    url = f"/api/v1/actions/{action.slug}/submissions"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 202
    statements = [q["sql"] for q in queries.captured_queries]
    assert not any("fingerprint" in sql and sql.lstrip().upper().startswith("SELECT") for sql in statements)
    assert Submission.objects.get().checks_pending


def test_a_near_copy_confirmed_before_the_worker_ran_is_still_held(
    action, mail, django_capture_on_commit_callbacks
):
    first = _store(action)
    _confirm(first, django_capture_on_commit_callbacks)
    second = _store(action, body=BODY + " Again.")  # the worker has not checked it
    _confirm(second, django_capture_on_commit_callbacks)
    second.refresh_from_db()
    assert not second.checks_pending and second.flag_reason
    assert set(second.messages.values_list("status", flat=True)) == {MessageStatus.WITHHELD}
    assert set(second.messages.values_list("moderation", flat=True)) == {Moderation.PENDING}
    drain_until_empty()
    assert mail.filter(to="mp@parliament.example.org").count() == 1  # only the first went


def test_a_second_postcode_in_the_address_is_caught_by_the_worker(action, mail):
    submission = _store(action, address_line1="1 Maple Road, XX9 9ZZ")
    drain_until_empty()  # the worker's drain loop runs every registered drainer
    submission.refresh_from_db()
    assert submission.flag_reason == "A second postcode appears in the address"


def test_a_row_the_checks_cannot_run_on_is_held_not_sent(action, mail, monkeypatch):
    submission = _store(action)

    def broken(_text: str) -> list[int]:
        raise ValueError("boom")

    monkeypatch.setattr(abuse, "fingerprint", broken)
    assert services.submission_checks_drain() == 1
    submission.refresh_from_db()
    assert (submission.checks_pending, submission.flag_reason) == (False, abuse.CHECKS_FAILED)


def test_changed_words_of_a_repeat_are_checked_again(action, mail, django_capture_on_commit_callbacks):
    earlier = _store(action, email="gwen.jones+0@example.com")
    _confirm(earlier, django_capture_on_commit_callbacks)
    first = _store(action, body="Something quite different about allowances and support for carers.")
    services.submission_checks_drain()
    first.refresh_from_db()
    assert first.flag_reason == ""
    again = _store(action, body=BODY + " Once more.")  # same sender and people: a repeat
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.checks_pending
    services.submission_checks_drain()
    again.refresh_from_db()
    assert again.flag_reason.startswith("Near-identical")
