"""One rate-limit policy for a submission, whichever way it comes in: over the soft limit per
connection the web form asks a question and the API (which cannot ask) answers 429; over the
per-address or the hard per-connection limit both refuse for now."""

from __future__ import annotations

import json

import pytest

from kinship.messaging.services import RateDecision, submission_rate_policy
from kinship.messaging.tests.factories import BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.KINSHIP_RATE_SUBMIT_IP = "2/3600"
    settings.KINSHIP_RATE_SUBMIT_IP_HARD = "4/3600"
    settings.KINSHIP_RATE_SUBMIT_EMAIL = "10/3600"
    return settings


def _decide(n: int, **kwargs):  # type: ignore[no-untyped-def]
    return [submission_rate_policy.decide(ip="203.0.113.9", **kwargs) for _ in range(n)]


def test_under_every_limit_a_submission_is_allowed(limits):
    assert _decide(2, email="gwen@example.com") == [RateDecision.ALLOW] * 2


def test_over_the_soft_limit_per_connection_a_question_is_asked(limits):
    assert _decide(3, email="gwen@example.com")[-1] == RateDecision.ASK_QUESTION


def test_a_question_answered_lets_the_submission_through(limits):
    _decide(2, email="gwen@example.com")
    assert (
        submission_rate_policy.decide(ip="203.0.113.9", email="gwen@example.com", question_answered=True)
        == RateDecision.ALLOW
    )


def test_over_the_hard_limit_per_connection_even_an_answer_is_refused(limits):
    decisions = _decide(5, email="gwen@example.com", question_answered=True)
    assert decisions == [RateDecision.ALLOW] * 4 + [RateDecision.REFUSE]


def test_over_the_limit_per_address_the_submission_is_refused(limits):
    limits.KINSHIP_RATE_SUBMIT_EMAIL = "1/3600"
    decisions = [
        submission_rate_policy.decide(ip=f"203.0.113.{n}", email="gwen@example.com") for n in range(2)
    ]
    assert decisions == [RateDecision.ALLOW, RateDecision.REFUSE]


def _payload(n: int) -> str:
    return json.dumps(
        {
            "postcode": "XX1 1AA",
            "first_name": "Gwen",
            "last_name": "Jones",
            "email": f"gwen{n}@example.com",
            "address_line1": "1 Maple Road",
            "town": "Fictionham",
            "subject": "Kinship care",
            "body": f"{BODY} ({n})",
        }
    )


def _post(client, action, n: int):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/actions/{action.slug}/submissions", _payload(n), content_type="application/json"
    )


def test_the_api_answers_429_where_the_web_form_would_ask_a_question(client, action, limits):
    assert [_post(client, action, n).status_code for n in range(2)] == [202, 202]
    response = _post(client, action, 2)
    assert response.status_code == 429
    assert "use the form on our website" in response.json()["errors"]["__all__"][0]
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_the_api_has_the_hard_limit_too(client, action, limits):
    limits.KINSHIP_RATE_SUBMIT_IP = "100/3600"  # the soft limit out of the way
    assert [_post(client, action, n).status_code for n in range(4)] == [202] * 4
    response = _post(client, action, 4)
    assert response.status_code == 429
    assert response.json()["errors"]["__all__"] == [
        "Too many messages in a short time. Please wait an hour and try again."
    ]


def test_plus_tags_and_gmail_dots_count_as_one_address(limits):
    limits.KINSHIP_RATE_SUBMIT_EMAIL = "2/3600"
    spellings = ["gwen.jones@gmail.com", "gwenjones+a@gmail.com", "Gwen.Jones+b@googlemail.com"]
    decisions = [
        submission_rate_policy.decide(ip=f"203.0.113.{n}", email=address)
        for n, address in enumerate(spellings)
    ]
    assert decisions == [RateDecision.ALLOW, RateDecision.ALLOW, RateDecision.REFUSE]
