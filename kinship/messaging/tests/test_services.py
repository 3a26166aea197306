"""The messaging services, read as the specification: submit, confirm, deliver once, follow up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.counters import counter_value
from kinship.core.models import OutboundEmail
from kinship.messaging import services, tokens
from kinship.messaging.models import (
    Message,
    MessageStatus,
    Moderation,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commits")]


def _submit(action, **overrides):  # type: ignore[no-untyped-def]
    with COMMITS[0](execute=True):
        return services.submission_create(action=action, data=submission_data(**overrides), language="en-gb")


def _confirm(submission):  # type: ignore[no-untyped-def]
    with COMMITS[0](execute=True):
        return services.submission_confirm(token=tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT))


COMMITS: list = []


@pytest.fixture
def commits(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run on-commit callbacks (queueing tasks) as a real commit would."""
    COMMITS[:] = [django_capture_on_commit_callbacks]
    yield
    COMMITS.clear()


def test_submit_stores_one_message_per_recipient_and_emails_the_sender(action, mail):
    submission = _submit(action)
    assert submission.status == SubmissionStatus.AWAITING_CONFIRMATION
    assert submission.email_canonical == "gwen.jones@example.com"
    names = sorted(submission.messages.values_list("recipient_name", flat=True))
    assert names == ["Alex Member MP", "Cllr Sam Lead"]
    assert set(submission.messages.values_list("status", flat=True)) == {MessageStatus.AWAITING_CONFIRMATION}
    confirmation = mail.get(to="gwen.jones@example.com")
    assert "NOT been sent yet" in confirmation.text_body
    assert "/messages/confirm/" in confirmation.text_body


def test_nothing_goes_to_representatives_before_confirmation(action, mail):
    _submit(action)
    assert not mail.filter(to__contains="parliament.example.org").exists()


def test_each_message_is_addressed_and_signed_with_the_full_address(action):
    submission = _submit(action)
    mp_message = submission.messages.get(recipient_role="mp")
    assert mp_message.body.startswith("Dear Alex Member MP,")
    assert "Gwen Jones\n1 Maple Road\nFictionham\nXX1 1AA" in mp_message.body


def test_merge_fields_fill_per_recipient(action):
    submission = _submit(
        action, body="Dear {{ recipient_name }}, as {{ recipient_role }} in {{ council }}. " + BODY
    )
    lead = submission.messages.get(recipient_role="lead_member_children")
    assert lead.body.startswith(
        "Dear Cllr Sam Lead, as Lead member for children's services in Demoshire County Council."
    )


def test_a_bad_postcode_stores_nothing(action, mail):
    with pytest.raises(services.TargetsError):
        _submit(action, postcode="XX9 9XX")
    assert Submission.objects.count() == 0 and OutboundEmail.objects.count() == 0


def test_northern_ireland_is_told_kindly(action):
    with pytest.raises(services.TargetsError) as info:
        _submit(action, postcode="XZ1 1AA")
    assert "Northern Ireland" in info.value.resolution.problem_message


def test_action_not_covering_wales_refuses_a_welsh_postcode(place):
    action = ActionFactory(covers_wales=False)
    with pytest.raises(services.TargetsError) as info:
        _submit(action, postcode="XX3 1AA")
    assert info.value.resolution.problem == "nation_not_covered"


def test_unticking_everyone_is_an_error(action):
    with pytest.raises(services.NoTargetsChosenError):
        _submit(action, target_keys=[])


def test_people_who_take_no_email_are_not_written_to(place):
    action = ActionFactory(target_roles=["ward_councillor", "mp"])
    submission = _submit(action)
    assert list(submission.messages.values_list("recipient_role", flat=True)) == ["mp"]


def test_confirm_sends_each_message_once_from_the_platform_with_reply_to_the_carer(action, mail):
    submission = _submit(action)
    _confirm(submission)
    sent = list(mail.filter(to__in=["mp@parliament.example.org", "lead.member@demoshire.example.org"]))
    assert len(sent) == 2
    mp_mail = next(m for m in sent if m.to == "mp@parliament.example.org")
    assert "campaigns@kinship-campaigns.example.org" in mp_mail.from_email
    assert "gwen.jones@example.com" in mp_mail.reply_to
    message = submission.messages.get(recipient_role="mp")
    assert mp_mail.message_id == message.message_id
    assert message.status == MessageStatus.SENT and message.sent_at


def test_double_confirm_sends_once_and_counts_once(action, mail):
    submission = _submit(action)
    _confirm(submission)
    _confirm(submission)
    assert mail.filter(to="mp@parliament.example.org").count() == 1
    assert counter_value(key=action.counter_key) == 1


def test_delivering_a_message_twice_sends_it_once(action, mail):
    submission = _submit(action)
    _confirm(submission)
    message = submission.messages.get(recipient_role="mp")
    assert services.message_deliver(message_id=message.pk) == "skipped"
    assert mail.filter(to="mp@parliament.example.org").count() == 1


def test_expired_confirmation_link_is_refused(action, mail, monkeypatch):
    submission = _submit(action)
    token = tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)
    later = timezone.now() + dt.timedelta(days=8)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    with pytest.raises(services.LinkExpiredError):
        services.submission_confirm(token=token)


def test_near_identical_message_from_same_sender_to_same_person_is_withheld(action, mail):
    first = _submit(action)
    _confirm(first)
    second = _submit(action, body=BODY + " Thank you.")
    second.refresh_from_db()  # checked just after commit (by the worker, outside tests)
    assert second.flag_reason
    _confirm(second)
    assert set(second.messages.values_list("status", flat=True)) == {MessageStatus.WITHHELD}
    assert mail.filter(to="mp@parliament.example.org").count() == 1


def test_a_plus_tag_does_not_hide_a_near_copy(action, mail):
    _submit(action, email="gwen.jones@gmail.com")
    second = _submit(action, email="GwenJones+again@googlemail.com")
    second.refresh_from_db()
    assert second.flag_reason
    assert second.email_key == "gwenjones@gmail.com"
    assert second.email_canonical == "gwenjones+again@googlemail.com"  # still sent to as typed


def test_same_sender_to_several_representatives_is_not_a_copy(action):
    submission = _submit(action)
    assert submission.messages.count() == 2
    submission.refresh_from_db()
    assert (submission.flag_reason, submission.checks_pending) == ("", False)


def test_moderator_approval_sends_a_held_message(action, mail):
    _confirm(_submit(action))
    held = _submit(action, body=BODY + " Again.")
    _confirm(held)
    message = held.messages.get(recipient_role="mp")
    with COMMITS[0](execute=True):
        services.message_moderate(message=message, decision=Moderation.APPROVED, staff_name="mod")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert mail.filter(to="mp@parliament.example.org").count() == 2


def test_moderator_rejection_tells_the_sender(action, mail):
    _confirm(_submit(action))
    held = _submit(action, body=BODY + " Again.")
    _confirm(held)
    message = held.messages.get(recipient_role="mp")
    services.message_moderate(
        message=message, decision=Moderation.REJECTED, staff_name="mod", note="Too similar."
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    notice = OutboundEmail.objects.get(kind="message_moderated")
    assert "cannot send it" in notice.text_body and "Too similar." in notice.text_body


def test_over_the_daily_cap_messages_wait_and_staff_are_alerted(place, mail, settings):
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 1
    action = ActionFactory(target_roles=["mp"])
    _confirm(_submit(action))
    second = _submit(action, email="someone.else@example.com", body=BODY.replace("grandson", "granddaughter"))
    _confirm(second)
    waiting = second.messages.get()
    assert waiting.status == MessageStatus.QUEUED
    assert waiting.send_after > timezone.now()
    assert OutboundEmail.objects.filter(kind="staff_cap_alert").count() == 1
    assert mail.filter(to="mp@parliament.example.org").count() == 1


def test_one_reminder_after_two_days(action, mail):
    submission = _submit(action)
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2, hours=1)
    )
    assert services.submissions_remind() == 1
    assert services.submissions_remind() == 0
    assert OutboundEmail.objects.filter(kind="message_reminder").count() == 1


def test_unconfirmed_after_seven_days_is_abandoned_then_deleted(action):
    submission = _submit(action)
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - dt.timedelta(days=7, hours=1)
    )
    assert services.submissions_abandon()["abandoned"] == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ABANDONED and submission.body == ""
    assert set(submission.messages.values_list("status", flat=True)) == {MessageStatus.ABANDONED}
    later = timezone.now() + dt.timedelta(days=8)
    services.submissions_abandon(now=later)
    assert not Submission.objects.filter(pk=submission.pk).exists()


def test_reply_question_at_14_days_and_again_at_21_if_unanswered(action, mail):
    submission = _submit(action)
    _confirm(submission)
    Message.objects.filter(submission=submission).update(
        sent_at=timezone.now() - dt.timedelta(days=14, hours=1)
    )
    assert services.followups_send() == 1
    assert services.followups_send() == 0
    Message.objects.filter(submission=submission).update(
        sent_at=timezone.now() - dt.timedelta(days=21, hours=1)
    )
    assert services.followups_send() == 1
    assert services.followups_send() == 0
    emails = OutboundEmail.objects.filter(kind="message_followup")
    assert emails.count() == 2 and "/messages/reply/" in emails.first().text_body


def test_an_answered_message_gets_no_second_question(action, mail):
    submission = _submit(action)
    _confirm(submission)
    Message.objects.filter(submission=submission).update(
        sent_at=timezone.now() - dt.timedelta(days=14, hours=1)
    )
    services.followups_send()
    for m in submission.messages.all():
        services.reply_record(message=m, answer=ReplyAnswer.YES_HELPED)
    Message.objects.filter(submission=submission).update(sent_at=timezone.now() - dt.timedelta(days=22))
    assert services.followups_send() == 0


def test_follow_up_to_the_next_person_up_is_queued_and_sent(action, mail, place):
    submission = _submit(action)
    _confirm(submission)
    lead_message = submission.messages.get(recipient_role="lead_member_children")
    Message.objects.filter(pk=lead_message.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=15), reply_answer=ReplyAnswer.NO
    )
    lead_message.refresh_from_db()
    _same, up = services.followup_targets(message=lead_message)
    assert up is not None and up.name == "Cllr Pat Leader"
    subject, body = services.followup_draft(message=lead_message, target=up)
    followup = services.followup_send(message=lead_message, target=up, subject=subject, body=body)
    _confirm(followup)
    sent = mail.get(to="leader@demoshire.example.org")
    assert "have not had a reply" in sent.text_body


def test_letters_are_kept_and_counted_on_confirm_without_email(place, mail):
    action = ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])
    submission = _submit(action)
    _confirm(submission)
    letter = submission.messages.get()
    assert letter.channel == "letter" and letter.status == MessageStatus.LETTER_MADE
    assert not mail.filter(to="lead.member@demoshire.example.org").exists()
    assert counter_value(key=action.counter_key) == 1


def test_erasure_removes_text_and_sender_but_keeps_counts(action, mail):
    from kinship.supporters.models import Supporter
    from kinship.supporters.services import supporter_erase, supporter_export

    submission = _submit(action)
    _confirm(submission)
    supporter = Supporter.objects.create(email="gwen.jones@example.com", name="Gwen")
    exported = supporter_export(supporter=supporter)
    assert exported["messages"][0]["body"] == BODY
    supporter_erase(supporter=supporter)
    submission.refresh_from_db()
    assert submission.email == "" and submission.body == "" and submission.erased_at
    assert all(m.body == "" for m in submission.messages.all())
    assert counter_value(key=action.counter_key) == 1


def test_a_bounce_from_the_provider_marks_the_message_and_tells_the_sender(action, mail):
    from anymail.signals import AnymailTrackingEvent, tracking

    submission = _submit(action)
    _confirm(submission)
    message = submission.messages.get(recipient_role="mp")
    event = AnymailTrackingEvent(
        event_type="bounced",
        metadata={"kinship_token": services.links.bounce_token(message)},
        description="550 no such user",
    )
    tracking.send(sender=object, event=event, esp_name="TestESP")
    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED
    notice = OutboundEmail.objects.get(kind="message_failed")
    assert "sent it back" in notice.text_body


def test_an_auto_reply_is_not_a_bounce(action, mail):
    from anymail.signals import AnymailTrackingEvent, tracking

    submission = _submit(action)
    _confirm(submission)
    message = submission.messages.get(recipient_role="mp")
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(
            event_type="delivered", metadata={"kinship_token": services.links.bounce_token(message)}
        ),
        esp_name="x",
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
