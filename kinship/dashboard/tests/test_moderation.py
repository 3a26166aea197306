"""The moderation queue: only moderators decide; each held message shows why it was held and
its text; approve, ask for changes or reject (with a note the sender is emailed), one at a
time or in bulk; each decision records who and when."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.models import OutboundEmail
from kinship.dashboard.tests.helpers import message, staff_in, submission
from kinship.messaging.models import MessageStatus, Moderation
from kinship.petitions.models import Signature, SignatureStatus
from kinship.petitions.tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    sub = submission(ActionFactory(title="Write to your MP"), flag_reason="Near-copy of another message")
    return message(sub, status=MessageStatus.WITHHELD, body="Please help kinship families in Demoshire.")


@pytest.mark.parametrize("role,status", [("moderator", 200), ("editor", 403), ("steward", 403)])
def test_only_moderators_see_the_queue(client, role, status):
    staff_in(client, role)

    assert client.get(reverse("dashboard:moderation")).status_code == status


def test_an_editor_cannot_decide(client, held):
    staff_in(client, "editor")

    response = client.post(reverse("dashboard:moderation_decide"), {"one": f"approved:{held.pk}"})

    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == MessageStatus.WITHHELD


def test_the_queue_shows_the_reason_and_the_text(client, held):
    staff_in(client, "moderator")

    body = client.get(reverse("dashboard:moderation")).content.decode()

    assert "Near-copy of another message" in body
    assert "Please help kinship families in Demoshire." in body
    assert "1 message held for a decision" in body


def test_approving_queues_the_message_and_records_who_and_when(client, held):
    user = staff_in(client, "moderator")

    response = client.post(
        reverse("dashboard:moderation_decide"), {"one": f"approved:{held.pk}"}, follow=True
    )

    held.refresh_from_db()
    assert held.status == MessageStatus.QUEUED and held.moderation == Moderation.APPROVED
    assert held.moderated_by == user.username and held.moderated_at is not None
    body = response.content.decode()
    assert "1 message approved and queued to send" in body
    assert "Decisions in the last 30 days" in body and user.username in body


def test_rejecting_without_a_note_changes_nothing(client, held):
    staff_in(client, "moderator")

    response = client.post(
        reverse("dashboard:moderation_decide"), {"one": f"rejected:{held.pk}"}, follow=True
    )

    assert "Write a note for the sender" in response.content.decode()
    held.refresh_from_db()
    assert held.status == MessageStatus.WITHHELD and held.moderated_at is None
    assert not OutboundEmail.objects.exists()


def test_rejecting_emails_the_sender_the_note(client, held):
    staff_in(client, "moderator")

    client.post(
        reverse("dashboard:moderation_decide"),
        {"one": f"rejected:{held.pk}", f"note-{held.pk}": "It names a child."},
    )

    held.refresh_from_db()
    assert held.status == MessageStatus.FAILED and held.moderation == Moderation.REJECTED
    notice = OutboundEmail.objects.get(kind="message_moderated")
    assert "It names a child." in notice.text_body


def test_bulk_ask_for_changes_applies_one_note_to_every_ticked_message(client, held):
    staff_in(client, "moderator")
    other = message(submission(held.action), status=MessageStatus.WITHHELD)
    untouched = message(submission(held.action), status=MessageStatus.WITHHELD)

    response = client.post(
        reverse("dashboard:moderation_decide"),
        {"message": [held.pk, other.pk], "decision": "edit_requested", "note": "Please shorten it."},
        follow=True,
    )

    assert "2 messages sent back to the sender" in response.content.decode()
    for m in (held, other):
        m.refresh_from_db()
        assert m.moderation == Moderation.EDIT_REQUESTED and m.moderation_note == "Please shorten it."
    untouched.refresh_from_db()
    assert untouched.moderation == ""
    assert OutboundEmail.objects.filter(kind="message_moderated").count() == 2


def test_a_message_someone_else_decided_is_left_as_it_is(client, held):
    staff_in(client, "moderator")
    sent = message(submission(held.action), status=MessageStatus.SENT)

    response = client.post(
        reverse("dashboard:moderation_decide"),
        {"message": [held.pk, sent.pk], "decision": "approved"},
        follow=True,
    )

    assert "1 message approved" in response.content.decode()
    assert "1 had already been decided by someone else" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT and sent.moderated_at is None


def test_nothing_ticked_or_no_decision_gets_a_kind_message(client, held):
    staff_in(client, "moderator")

    none_ticked = client.post(reverse("dashboard:moderation_decide"), {"decision": "approved"}, follow=True)
    no_decision = client.post(reverse("dashboard:moderation_decide"), {"message": [held.pk]}, follow=True)
    nonsense = client.post(reverse("dashboard:moderation_decide"), {"one": "approved:x"}, follow=True)

    assert "Tick at least one message" in none_ticked.content.decode()
    assert "Choose approve, ask for changes or reject" in no_decision.content.decode()
    assert "Tick at least one message" in nonsense.content.decode()


def test_held_petition_signatures_are_counted_with_a_link_to_their_petition(client):
    staff_in(client, "moderator")
    petition = PetitionFactory(action__title="Pay kinship carers")
    for i, status in enumerate([SignatureStatus.HELD, SignatureStatus.HELD, SignatureStatus.CONFIRMED]):
        Signature.objects.create(
            petition=petition,
            name=f"Person {i}",
            name_key=f"person {i}",
            email=f"p{i}@example.org",
            email_canonical=f"p{i}@example.org",
            email_domain="example.org",
            postcode="XX1 1AA",
            status=status,
        )

    body = client.get(reverse("dashboard:moderation")).content.decode()

    assert "2 signatures held on “Pay kinship carers”" in body
    assert reverse("dashboard:petition_review", args=[petition.pk]) in body
