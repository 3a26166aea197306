"""Bounces from the mail provider: only the configured provider's webhook is mounted, only
with its secret; a bounce is matched by the provider's own message id or our unguessable
token, never by a sequential id; each message is marked once and its sender told once."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from django.core.checks import run_checks

from kinship.core.models import OutboundEmail
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.services.links import bounce_token
from kinship.messaging.tests.conftest import submit_and_confirm

pytestmark = pytest.mark.django_db

SECRET = "kinship-bounces:Sx8dQ2vL0pZr"
URL = "/api/v1/anymail/postmark/tracking/"


@pytest.fixture
def provider(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    return settings


def auth(secret: str = SECRET) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def postmark_bounce(*, message_id: str = "", metadata: dict | None = None) -> str:
    return json.dumps(
        {
            "RecordType": "Bounce",
            "ID": 4323372036854775807,
            "Type": "HardBounce",
            "MessageID": message_id or str(uuid.uuid4()),
            "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
            "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
            "Email": "mp@parliament.example.org",
            "BouncedAt": "2026-11-30T10:00:00Z",
            "Metadata": metadata or {},
        }
    )


@pytest.fixture
def sent(action, mail, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A message sent through the provider, which gave it its own id."""
    with django_capture_on_commit_callbacks(execute=True):
        (submission,) = submit_and_confirm(action)
    message = submission.messages.get(recipient_role="mp")
    assert message.status == MessageStatus.SENT
    message.esp_message_id = str(uuid.uuid4())
    message.save(update_fields=["esp_message_id"])
    return message


def _status(message: Message) -> str:
    message.refresh_from_db()
    return message.status


def test_without_a_configured_provider_no_webhook_answers(client, sent):
    response = client.post(
        URL, postmark_bounce(message_id=sent.esp_message_id), content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _status(sent) == MessageStatus.SENT


@pytest.mark.parametrize("other", ["mailgun", "sendgrid", "amazon_ses", "mandrill", "nosuch"])
def test_other_providers_webhooks_answer_json_404_not_500(client, provider, other):
    response = client.post(f"/api/v1/anymail/{other}/tracking/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_provider_without_its_secret_is_not_mounted(client, provider, sent):
    provider.ANYMAIL = {}
    response = client.post(
        URL, postmark_bounce(message_id=sent.esp_message_id), content_type="application/json"
    )
    assert response.status_code == 404
    assert _status(sent) == MessageStatus.SENT


@pytest.mark.parametrize("headers", [{}, auth("kinship-bounces:guess")])
def test_a_forged_bounce_is_refused(client, provider, sent, headers):
    response = client.post(
        URL, postmark_bounce(message_id=sent.esp_message_id), content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert _status(sent) == MessageStatus.SENT
    assert not OutboundEmail.objects.filter(kind="message_failed").exists()


def test_a_bounce_with_the_secret_marks_the_message_once_and_tells_the_sender_once(client, provider, sent):
    body = postmark_bounce(message_id=sent.esp_message_id)
    for _ in range(3):
        assert client.post(URL, body, content_type="application/json", **auth()).status_code == 200
    assert _status(sent) == MessageStatus.BOUNCED
    assert OutboundEmail.objects.filter(kind="message_failed").count() == 1


def test_a_sequential_id_in_metadata_matches_nothing(client, provider, sent):
    body = postmark_bounce(metadata={"kinship_message": str(sent.pk), "kinship_token": str(sent.pk)})
    assert client.post(URL, body, content_type="application/json", **auth()).status_code == 200
    assert _status(sent) == MessageStatus.SENT


def test_our_unguessable_token_in_metadata_matches_the_message(client, provider, sent):
    body = postmark_bounce(metadata={"kinship_token": bounce_token(sent)})
    assert client.post(URL, body, content_type="application/json", **auth()).status_code == 200
    assert _status(sent) == MessageStatus.BOUNCED


def test_the_email_carries_the_token_not_the_id(sent):
    from kinship.messaging.services import message_email_build

    metadata = message_email_build(sent).metadata  # type: ignore[attr-defined]
    assert metadata == {"kinship_token": bounce_token(sent)}


@pytest.mark.parametrize("body", ["not json", "[]", '{"RecordType": "Bounce", "Type": []}', '"text"'])
def test_an_unreadable_body_with_the_secret_is_a_400_not_a_500(client, provider, body):
    response = client.post(URL, body, content_type="application/json", **auth())
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_a_bounce_for_a_message_that_already_failed_tells_nobody_again(client, provider, sent):
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.FAILED)
    body = postmark_bounce(message_id=sent.esp_message_id)
    assert client.post(URL, body, content_type="application/json", **auth()).status_code == 200
    assert _status(sent) == MessageStatus.FAILED
    assert not OutboundEmail.objects.filter(kind="message_failed").exists()


def _errors() -> set[str]:
    return {m.id for m in run_checks() if m.id and m.id.startswith("kinship.E")}


def test_a_provider_without_a_secret_stops_the_start(provider):
    provider.ANYMAIL = {}
    assert "kinship.E002" in _errors()


def test_an_unknown_provider_stops_the_start(provider):
    provider.KINSHIP_EMAIL_PROVIDER = "postmarkk"
    assert "kinship.E001" in _errors()


def test_a_provider_with_its_secret_starts(provider):
    assert not _errors()


@pytest.mark.parametrize("name", ["mailgun", "sparkpost", "mailjet", "postal", "mandrill", "amazon_ses"])
def test_a_configured_provider_never_answers_500(client, provider, name):
    """Some providers need a setting of their own (a signing key) or a body of their own shape;
    without it the webhook answers a JSON 4xx (or 200 for a body with no events), never a 500."""
    provider.KINSHIP_EMAIL_PROVIDER = name
    response = client.post(
        f"/api/v1/anymail/{name}/tracking/", "{}", content_type="application/json", **auth()
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
