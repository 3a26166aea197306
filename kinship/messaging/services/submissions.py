"""Submissions: a carer's message for an action, stored with one Message per recipient, and
its confirmation lifecycle (confirm, one reminder, abandon unconfirmed ones)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from kinship.campaigns.models import Action, ActionKind
from kinship.core.conf import advice_line, confirmation_days
from kinship.core.counters import counter_increment
from kinship.core.dbretry import on_checked_connection
from kinship.core.i18n import localised
from kinship.core.inserts import insert_row, insert_rows
from kinship.core.outbox import email_enqueue
from kinship.core.privacy import canonical_email, email_key
from kinship.core.scheduling import each_isolated
from kinship.messaging import conf, tokens
from kinship.messaging.models import Channel, Message, MessageStatus, Moderation, Submission, SubmissionStatus
from kinship.messaging.services.abuse import submission_checks_apply, submission_checks_on_commit
from kinship.messaging.services.composition import (
    SubmissionInput,
    check_merged_length,
    message_texts,
    template_texts,
)
from kinship.messaging.services.errors import NoTargetsChosenError, TargetsError
from kinship.messaging.services.links import confirm_url, submission_from_token
from kinship.messaging.services.outbox import message_send_after, messages_enqueue_on_commit
from kinship.messaging.services.rollup import messaging_rollup_recompute, submission_days
from kinship.messaging.targets import Resolution, Target, resolve_targets, usable_targets


def _chosen_targets(*, action: Action, data: SubmissionInput, resolution: Resolution) -> list[Target]:
    if not resolution.ok:
        raise TargetsError(resolution)
    reachable = usable_targets(action, resolution.targets)
    chosen = [t for t in reachable if data.target_keys is None or t.key in data.target_keys]
    if not chosen:
        raise NoTargetsChosenError
    return chosen


def _texts(*, action: Action, data: SubmissionInput, language: str, variant_seed: int) -> tuple[str, str]:
    """What the carer wrote, or the action's suggested text where they left it empty."""
    if data.subject and data.body:
        return data.subject, data.body
    default_subject, default_body = template_texts(
        action=action, language=language, variant_seed=variant_seed
    )
    return data.subject or default_subject, data.body or default_body


def _messages(
    *, submission: Submission, action: Action, chosen: list[Target], resolution: Resolution, letter: bool
) -> list[Message]:
    messages = []
    for target in chosen:
        subject, body = message_texts(
            subject=submission.subject,
            body=submission.body,
            target=target,
            resolution=resolution,
            submission=submission,
            letter=letter,
        )
        messages.append(
            Message(
                submission=submission,
                action=action,
                channel=Channel.LETTER if letter else Channel.EMAIL,
                status=MessageStatus.AWAITING_CONFIRMATION,
                office_id=target.office_id,
                recipient_name=target.name,
                recipient_role=target.role,
                recipient_email=target.email if not letter else "",
                recipient_postal_address=target.postal_address,
                recipient_area_code=target.area_code,
                recipient_area_name=target.area_name,
                subject=subject,
                body=body,
            )
        )
    return messages


def submission_create(
    *,
    action: Action,
    data: SubmissionInput,
    language: str,
    source: str = "web",
    variant_seed: int = 0,
    resolution: Resolution | None = None,
) -> Submission:
    """Store a carer's message (one row per recipient) and email them a link to confirm it.

    Nothing is sent to anyone else until they confirm. Raises TargetsError, NoTargetsChosenError,
    MessageTooLongError (checked once merge fields are filled in).
    `resolution` may be passed when the caller has just resolved the same postcode."""
    if resolution is None or resolution.postcode != data.postcode:
        resolution = resolve_targets(action=action, postcode=data.postcode, council=data.council)
    chosen = _chosen_targets(action=action, data=data, resolution=resolution)
    email = canonical_email(data.email)
    subject_text, body_text = _texts(action=action, data=data, language=language, variant_seed=variant_seed)
    check_merged_length(
        body=body_text,
        targets=chosen,
        resolution=resolution,
        sender_name=f"{data.first_name.strip()} {data.last_name.strip()}".strip(),
    )
    repeat_key = submission_repeat_key(action=action, email=email, targets=chosen)
    # Insert first: most submissions are not repeats, and the unique constraint on the repeat
    # key (while unconfirmed) finds one without a look-up before every insert. The checks that
    # may hold the messages (near copy, second postcode) run in the worker: nothing is sent
    # before the carer confirms, and confirming runs them if the worker has not yet.
    try:
        submission, messages = _submission_insert(
            action=action,
            data=data,
            resolution=resolution,
            chosen=chosen,
            language=language,
            fields={
                "email": email,
                "subject": subject_text,
                "body": body_text,
                "source": source,
                "repeat_key": repeat_key,
            },
        )
    except IntegrityError:
        # A repeat of a submission still waiting for confirmation (or a double tap: the other
        # one won): the first one carries the latest words.
        first = _unconfirmed_repeat(repeat_key)
        if first is None:
            raise
        return _repeat_with_latest_words(
            first, data=data, resolution=resolution, chosen=chosen, subject=subject_text, body=body_text
        )
    submission.created_messages = messages  # type: ignore[attr-defined]
    return submission


def submission_repeat_key(*, action: Action, email: str, targets: list[Target]) -> str:
    """What makes a submission a repeat: the same sender (canonical email), action and recipients."""
    recipients = sorted(t.key for t in targets)
    text = "\n".join([str(action.pk), canonical_email(email), *recipients])
    return hashlib.sha256(text.encode()).hexdigest()


def _unconfirmed_repeat(repeat_key: str) -> Submission | None:
    """The submission with this key still waiting for confirmation, if any: a repeat reuses it,
    so there is one confirmation email and it is counted once."""
    first = (
        Submission.objects.filter(
            repeat_key=repeat_key, status=SubmissionStatus.AWAITING_CONFIRMATION, erased_at__isnull=True
        )
        .select_related("action")
        .first()
    )
    if first is not None:
        first.created_messages = list(first.messages.all())  # type: ignore[attr-defined]
        first.is_repeat = True  # type: ignore[attr-defined]
    return first


def _repeat_with_latest_words(
    first: Submission,
    *,
    data: SubmissionInput,
    resolution: Resolution,
    chosen: list[Target],
    subject: str,
    body: str,
) -> Submission:
    """The first submission, still waiting for confirmation, now carrying what the carer wrote
    last, so the link they already have confirms their latest words. No new rows, no second
    confirmation email, counted once."""
    details: dict[str, Any] = {
        "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(),
        "address_line1": data.address_line1.strip(),
        "address_line2": data.address_line2.strip(),
        "town": data.town.strip(),
        "subject": subject,
        "body": body,
        "consent_contact": data.consent_contact,
    }
    if all(getattr(first, name) == value for name, value in details.items()):
        return first
    letter = first.action.kind == ActionKind.LETTER
    with translation.override(first.language), transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .filter(pk=first.pk, status=SubmissionStatus.AWAITING_CONFIRMATION, erased_at__isnull=True)
            .first()
        )
        if locked is None:  # confirmed or erased meanwhile: the first stands as it was
            return first
        for name, value in details.items():
            setattr(locked, name, value)
        # The new words and address are checked again by the worker (a reason to hold the
        # first found stays); the near-copy check compares with earlier submissions only.
        locked.checks_pending = True
        locked.save(update_fields=[*details, "checks_pending", "updated_at"])
        submission_checks_on_commit(locked.pk)
        by_recipient = {(t.office_id, t.name, t.role): t for t in chosen}
        messages = list(locked.messages.filter(status=MessageStatus.AWAITING_CONFIRMATION))
        for message in messages:
            target = by_recipient.get((message.office_id, message.recipient_name, message.recipient_role))
            if target is not None:
                message.subject, message.body = message_texts(
                    subject=subject,
                    body=body,
                    target=target,
                    resolution=resolution,
                    submission=locked,
                    letter=letter,
                )
        Message.objects.bulk_update(messages, ["subject", "body"])
    locked.created_messages = messages  # type: ignore[attr-defined]
    locked.is_repeat = True  # type: ignore[attr-defined]
    return locked


def _submission_insert(
    *,
    action: Action,
    data: SubmissionInput,
    resolution: Resolution,
    chosen: list[Target],
    language: str,
    fields: dict[str, Any],
) -> tuple[Submission, list[Message]]:
    """The submission, its messages and the confirmation email, in one transaction."""
    email, subject_text = fields["email"], fields["subject"]
    letter = action.kind == ActionKind.LETTER

    def store() -> tuple[Submission, list[Message]]:
        submission = insert_row(
            Submission(
                action=action,
                first_name=data.first_name.strip(),
                last_name=data.last_name.strip(),
                email=email,
                email_canonical=email,
                email_key=email_key(email),
                address_line1=data.address_line1.strip(),
                address_line2=data.address_line2.strip(),
                town=data.town.strip(),
                postcode=resolution.postcode,
                constituency_code=resolution.constituency_code,
                constituency_name=resolution.constituency_name,
                council_code=resolution.council_code,
                council_name=resolution.council_name,
                nation=resolution.nation,
                subject=subject_text,
                body=fields["body"],
                language=language,
                consent_contact=data.consent_contact,
                source=fields["source"],
                checks_pending=True,
                repeat_key=fields["repeat_key"],
                confirmation_sent_at=timezone.now(),
            )
        )
        messages = _messages(
            submission=submission, action=action, chosen=chosen, resolution=resolution, letter=letter
        )
        insert_rows(messages)
        # Rendered by the worker when it sends (keeps template work out of the request).
        email_enqueue(
            kind="message_confirmation",
            to=email,
            template="messaging/email/confirm",
            context=submission_confirmation_context(
                submission=submission, action=action, recipients=chosen, subject=subject_text, letter=letter
            ),
            language=language,
            render_in_worker=True,
        )
        submission_checks_on_commit(submission.pk)
        return submission, messages

    # One transaction, tried once more on a new connection if the reused one had died.
    with translation.override(language):
        return on_checked_connection(store, atomic=True)


def submission_confirmation_context(
    *, submission: Submission, action: Action, recipients: list[Target], subject: str, letter: bool
) -> dict[str, Any]:
    """The confirmation email's template context, JSON-safe so the worker can render it.
    Call with the submission's language active (the action title is picked in it)."""
    return {
        "name": submission.first_name,
        "action_title": str(localised(action, "title")),
        "recipients": [f"{t.name} ({t.role_label})" for t in recipients],
        "subject": subject,
        "letter": letter,
        "confirm_url": confirm_url(submission),
        "days": confirmation_days(),
        "advice_line": advice_line(),
    }


@transaction.atomic
def submission_confirm(*, token: str) -> Submission:
    """Confirm a submission: queue each message once. Idempotent, so a double-click sends once."""
    locked = submission_from_token(token, for_update=True)
    if locked.status != SubmissionStatus.AWAITING_CONFIRMATION:
        return locked
    if locked.checks_pending:
        # The worker has not checked it yet: check now, before any message can be queued.
        submission_checks_apply(locked)
    now = timezone.now()
    locked.status = SubmissionStatus.CONFIRMED
    locked.confirmed_at = now
    locked.save(update_fields=["status", "confirmed_at", "updated_at"])
    to_send: list[int] = []
    for message in locked.messages.select_related("action").filter(
        status=MessageStatus.AWAITING_CONFIRMATION
    ):
        if locked.flag_reason:
            message.status = MessageStatus.WITHHELD
            message.moderation = Moderation.PENDING
        elif message.channel == Channel.LETTER:
            # The carer prints and posts a letter; confirming keeps it and counts the action
            # taken, but nothing is sent: its states are its own, never "sent".
            message.status = (
                MessageStatus.LETTER_DOWNLOADED if message.letter_downloaded_at else MessageStatus.LETTER_MADE
            )
        else:
            message.status = MessageStatus.QUEUED
            message.send_after = message_send_after(message, now=now)
            to_send.append(message.pk)
        message.save(update_fields=["status", "moderation", "sent_at", "send_after", "updated_at"])
    if locked.follow_up_of_id is None:  # a follow-up is the same person's action, counted once
        counter_increment(key=locked.action.counter_key)
    messages_enqueue_on_commit(to_send)
    return locked


def submissions_remind(*, now: dt.datetime | None = None) -> int:
    """One reminder, two days after submitting, to people who have not confirmed."""
    now = now or timezone.now()
    due = now - dt.timedelta(days=conf.reminder_days())
    abandon = now - dt.timedelta(days=conf.abandon_days())
    pks = Submission.objects.filter(
        status=SubmissionStatus.AWAITING_CONFIRMATION,
        reminder_sent_at__isnull=True,
        created_at__lte=due,
        created_at__gt=abandon,
    ).values_list("pk", flat=True)[:1000]

    def remind(pk: int) -> bool:
        with transaction.atomic():
            sub = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("action")
                .filter(pk=pk)
                .first()
            )
            if sub is None or sub.reminder_sent_at or sub.status != SubmissionStatus.AWAITING_CONFIRMATION:
                return False
            email_enqueue(
                kind="message_reminder",
                to=sub.email,
                template="messaging/email/reminder",
                context={
                    "name": sub.first_name,
                    "action": sub.action,
                    "confirm_url": confirm_url(sub),
                    "expires_on": timezone.localtime(sub.created_at + tokens.confirm_max_age()).date(),
                },
                language=sub.language,
            )
            sub.reminder_sent_at = now
            sub.save(update_fields=["reminder_sent_at", "updated_at"])
            return True

    return sum(each_isolated(list(pks), remind, job="messaging.remind_unconfirmed"))


def submissions_abandon(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Unconfirmed after 7 days: abandoned, and their personal data cleared; later deleted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=conf.abandon_days())
    with transaction.atomic():
        stale = Submission.objects.filter(
            status=SubmissionStatus.AWAITING_CONFIRMATION, created_at__lte=cutoff
        )
        ids = list(stale.values_list("pk", flat=True)[:5000])
        Message.objects.filter(submission_id__in=ids).update(
            status=MessageStatus.ABANDONED, body="", subject="", updated_at=now
        )
        abandoned = Submission.objects.filter(pk__in=ids).update(
            status=SubmissionStatus.ABANDONED,
            checks_pending=False,
            abandoned_at=now,
            body="",
            subject="",
            repeat_key="",
            updated_at=now,
        )
    delete_before = now - dt.timedelta(days=conf.delete_abandoned_days())
    with transaction.atomic():
        old = Submission.objects.filter(status=SubmissionStatus.ABANDONED, abandoned_at__lte=delete_before)
        # A deleted row leaves no `updated_at` for the daily rollup: recompute its days now.
        days = submission_days(old)
        deleted, _counts = old.delete()
        messaging_rollup_recompute(pairs=days)
    return {"abandoned": abandoned, "deleted": deleted}
