"""Follow-ups: "Did you get a reply?" at 14 and 21 days, the carer's answer, and a follow-up to
the same person or the next person up (the escalation ladder is representatives' own rule)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinship.core.outbox import email_enqueue
from kinship.core.scheduling import each_isolated
from kinship.messaging import conf
from kinship.messaging.fingerprint import fingerprint
from kinship.messaging.models import (
    Channel,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.messaging.services.abuse import near_copy_reason
from kinship.messaging.services.composition import check_merged_length, clean_subject, compose_body
from kinship.messaging.services.errors import FollowUpNotAllowedError
from kinship.messaging.services.links import my_actions_url, reply_url
from kinship.messaging.services.rollup import messaging_rollup_recompute
from kinship.messaging.services.submissions import submission_confirmation_context
from kinship.messaging.targets import Target, target_for_office
from kinship.representatives.selectors import next_person_up


def followups_send(*, now: dt.datetime | None = None) -> int:
    """Ask "Did you get a reply?" 14 days after sending, and once more at 21 days if unanswered."""
    now = now or timezone.now()
    first_due = now - dt.timedelta(days=conf.followup_days())
    second_due = now - dt.timedelta(days=conf.second_followup_days())
    unanswered = Q(reply_answer="") | Q(reply_answer=ReplyAnswer.NOT_YET)

    def gone_by(when: dt.datetime) -> Q:
        # An email from when it was sent; a letter from when the carer told us they posted it.
        return Q(status=MessageStatus.SENT, sent_at__lte=when) | Q(
            status=MessageStatus.LETTER_POSTED, letter_posted_at__lte=when
        )

    first = Q(followup_sent_at__isnull=True, reply_answer="") & gone_by(first_due)
    second = (
        Q(followup_sent_at__isnull=False, second_followup_sent_at__isnull=True)
        & unanswered
        & gone_by(second_due)
    )
    due = Message.objects.filter(first | second, submission__erased_at__isnull=True)
    submission_ids = sorted(set(due.values_list("submission_id", flat=True)[:2000]))

    def ask(submission_id: int) -> bool:
        with transaction.atomic():
            sub = Submission.objects.select_for_update().filter(pk=submission_id).first()
            if sub is None:
                return False
            messages = list(due.filter(submission_id=submission_id))
            if not messages:
                return False
            email_enqueue(
                kind="message_followup",
                to=sub.email,
                template="messaging/email/followup",
                context={
                    "name": sub.first_name,
                    "messages": [{"recipient": m.recipient_name, "url": reply_url(m)} for m in messages],
                    "my_actions_url": my_actions_url(sub),
                },
                language=sub.language,
            )
            asked_before = [m.pk for m in messages if m.followup_sent_at is not None]
            Message.objects.filter(pk__in=[m.pk for m in messages if m.followup_sent_at is None]).update(
                followup_sent_at=now, updated_at=now
            )
            Message.objects.filter(pk__in=asked_before).update(second_followup_sent_at=now, updated_at=now)
            return True

    # Each carer on their own: one carer's problem never stops the others being asked.
    return sum(each_isolated(submission_ids, ask, job="messaging.followups"))


def reply_record(*, message: Message, answer: str) -> Message:
    """Record the carer's answer to "Did you get a reply?"."""
    if answer not in ReplyAnswer.values:
        raise ValueError(answer)
    before = Message.objects.filter(pk=message.pk).values_list("reply_recorded_at", "action_id").first()
    Message.objects.filter(pk=message.pk).update(
        reply_answer=answer, reply_recorded_at=timezone.now(), updated_at=timezone.now()
    )
    if before is not None and before[0] is not None:
        # An answer given again moves from the hour it was first recorded in: `updated_at` shows
        # only the new one, so the daily rollup recounts the old one now.
        messaging_rollup_recompute(moments=[before])
    message.refresh_from_db()
    return message


def followup_targets(*, message: Message) -> tuple[Target, Target | None]:
    """Who a follow-up can go to: the same person again, and the next person up when they take email.

    The next person up is found from the role and area the message went to (so it works even
    when that office has since gone) and the writer's own constituency (for their MP)."""
    same = Target(
        key="same",
        office_id=message.office_id,
        role=message.recipient_role,
        name=message.recipient_name,
        email=message.recipient_email,
        accepts_email=True,
        postal_address=message.recipient_postal_address,
        phone="",
        area_code=message.recipient_area_code,
        area_name=message.recipient_area_name,
    )
    office = next_person_up(
        role=message.recipient_role,
        area_code=message.recipient_area_code,
        constituency_code=message.submission.constituency_code,
        exclude_office_id=message.office_id,
    )
    up = target_for_office(office) if office is not None else None
    return same, (up if up is not None and up.can_email else None)


def followup_draft(*, message: Message, target: Target | None = None) -> tuple[str, str]:
    """A polite follow-up for someone who has not replied (same person, or the next person up)."""
    sent_on = timezone.localtime(message.sent_at or message.created_at).strftime("%-d %B %Y")
    with translation.override(message.submission.language):
        if target is None or target.office_id == message.office_id:
            subject = _("Following up: %(subject)s") % {"subject": message.subject}
            body = _(
                "I wrote to you on %(date)s about support for kinship families and have not yet had a reply.\n\n"
                "I know you receive many messages. This matters a great deal to my family, and I would be "
                "grateful for an answer to the points I raised. I have copied my original message below.\n\n"
                "---\n%(original)s"
            ) % {"date": sent_on, "original": message.body}
        else:
            subject = message.subject
            body = _(
                "I wrote to %(name)s on %(date)s about support for kinship families and have not had a reply, "
                "so I am writing to you.\n\nI would be grateful for your help. My original message is below.\n\n"
                "---\n%(original)s"
            ) % {"name": message.recipient_name, "date": sent_on, "original": message.body}
    return subject, body


def followup_due_at(message: Message) -> dt.datetime | None:
    """When a follow-up to `message` may be written: the day "Did you get a reply?" is asked
    (14 days after sending). None for a message that was never delivered by email."""
    if not message.was_delivered or message.sent_at is None:
        return None
    return message.sent_at + dt.timedelta(days=conf.followup_days())


def followup_check(*, message: Message, target: Target | None = None, now: dt.datetime | None = None) -> None:
    """Raise FollowUpNotAllowedError unless a follow-up to `message` (to `target`) may be
    written now: the email was delivered, follow-ups are due, the carer said there was no reply,
    and no follow-up of it to that person is already written (one per message and person)."""
    now = now or timezone.now()
    due_at = followup_due_at(message)
    if due_at is None:
        raise FollowUpNotAllowedError(FollowUpNotAllowedError.NOT_DELIVERED)
    if due_at > now:
        raise FollowUpNotAllowedError(FollowUpNotAllowedError.NOT_DUE, due_at=due_at)
    if message.reply_answer != ReplyAnswer.NO:
        raise FollowUpNotAllowedError(FollowUpNotAllowedError.NOT_ASKED)
    if target is not None and _followed_up_to(message=message, target=target):
        raise FollowUpNotAllowedError(FollowUpNotAllowedError.ALREADY)


def _followed_up_to(*, message: Message, target: Target) -> bool:
    person = Q(office_id=target.office_id) if target.office_id else Q(recipient_email=target.email)
    return (
        Message.objects.filter(person, submission__follow_up_of=message)
        .exclude(submission__status=SubmissionStatus.ABANDONED)
        .exists()
    )


def followup_send(*, message: Message, target: Target, subject: str, body: str) -> Submission:
    """Write a follow-up from a "no reply" answer, the way a first message is written: stored
    awaiting confirmation with a confirmation email to the carer, the length checked after
    merging, near-copy checked (against everything but the message it follows up, which it
    quotes) and held for moderation when flagged; confirming queues it under the daily cap.

    The caller applies the submission rate policy first. Raises FollowUpNotAllowedError (not
    due, no "no reply" answer, already written to that person) and MessageTooLongError."""
    subject = clean_subject(subject)
    body = body.replace("\r\n", "\n").strip()
    with transaction.atomic():
        # The original message's row lock makes the one-per-person check hold under racing posts.
        locked = (
            Message.objects.select_for_update(of=("self",))
            .select_related("submission", "action")
            .get(pk=message.pk)
        )
        followup_check(message=locked, target=target)
        original = locked.submission
        check_merged_length(body=body, targets=[target], resolution=None, sender_name=original.sender_name)
        fp = fingerprint(body)
        submission = Submission.objects.create(
            action=locked.action,
            first_name=original.first_name,
            last_name=original.last_name,
            email=original.email,
            email_canonical=original.email_canonical,
            email_key=original.email_key,
            address_line1=original.address_line1,
            address_line2=original.address_line2,
            town=original.town,
            postcode=original.postcode,
            constituency_code=original.constituency_code,
            constituency_name=original.constituency_name,
            council_code=original.council_code,
            council_name=original.council_name,
            nation=original.nation,
            subject=subject,
            body=body,
            language=original.language,
            source=original.source,
            fingerprint=fp,
            flag_reason=near_copy_reason(
                email=original.email_key, fp=fp, targets=[target], excluding=original.pk
            ),
            follow_up_of=locked,
            confirmation_sent_at=timezone.now(),
        )
        with translation.override(original.language):
            Message.objects.create(
                submission=submission,
                action=locked.action,
                channel=Channel.EMAIL,
                status=MessageStatus.AWAITING_CONFIRMATION,
                office_id=target.office_id,
                recipient_name=target.name,
                recipient_role=target.role,
                recipient_email=target.email,
                recipient_postal_address=target.postal_address,
                recipient_area_code=target.area_code,
                recipient_area_name=target.area_name,
                subject=subject[:300],
                body=compose_body(text=body, target=target, submission=submission),
            )
            email_enqueue(
                kind="message_confirmation",
                to=original.email,
                template="messaging/email/confirm",
                context=submission_confirmation_context(
                    submission=submission,
                    action=locked.action,
                    recipients=[target],
                    subject=subject,
                    letter=False,
                ),
                language=original.language,
                render_in_worker=True,
            )
    return submission
