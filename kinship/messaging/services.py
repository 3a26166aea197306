"""Writes for messaging: submit, confirm, deliver once, recover, moderate, follow up, erase."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import smtplib
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinship.campaigns.models import Action, ActionKind
from kinship.core.counters import counter_increment
from kinship.core.i18n import localised
from kinship.core.jobs import backoff_seconds
from kinship.core.outbox import (
    claim_batch,
    drainer,
    email_enqueue,
    send_over_one_connection,
    tasks_run_immediately,
)
from kinship.core.privacy import canonical_email, scrub
from kinship.core.signing import link_errors
from kinship.messaging import conf, tokens
from kinship.messaging.fingerprint import fingerprint, is_near_copy
from kinship.messaging.merge import merge, text_to_html
from kinship.messaging.models import (
    CallLog,
    Channel,
    Message,
    MessageStatus,
    Moderation,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.messaging.targets import Resolution, Target, next_person_up, resolve_targets, usable_targets

logger = logging.getLogger("kinship.messaging")

_POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
COPY_LOOKBACK = dt.timedelta(days=30)


class MessagingError(Exception):
    """Base for messaging errors a view turns into a message for the person."""


class TargetsError(MessagingError):
    """Nobody can be written to for this postcode; `.resolution.problem` says why."""

    def __init__(self, resolution: Resolution) -> None:
        super().__init__(resolution.problem)
        self.resolution = resolution


class NoTargetsChosenError(MessagingError):
    """The person unticked everyone."""


class LinkExpiredError(MessagingError):
    """A link in one of our emails is too old."""


class LinkInvalidError(MessagingError):
    """A link is broken or not ours."""


class MessageRetryError(Exception):
    """A temporary delivery failure: the task wrapper retries with backoff."""


@dataclass(frozen=True)
class SubmissionInput:
    postcode: str
    first_name: str
    last_name: str
    email: str
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    subject: str = ""
    body: str = ""
    consent_contact: bool = False
    target_keys: list[str] | None = None  # None: everyone the action can reach
    extra: dict[str, Any] = field(default_factory=dict)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def my_actions_url(email: str) -> str:
    token = tokens.make_token(canonical_email(email), salt=tokens.MY_ACTIONS_SALT)
    return _absolute(reverse("messaging:my_actions", kwargs={"token": token}))


def confirm_url(submission: Submission) -> str:
    token = tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)
    return _absolute(reverse("messaging:confirm", kwargs={"token": token}))


def letter_url(message: Message) -> str:
    token = tokens.make_token(message.pk, salt=tokens.LETTER_SALT)
    return reverse("messaging:letter_pdf", kwargs={"token": token})


def reply_url(message: Message) -> str:
    token = tokens.make_token(message.pk, salt=tokens.REPLY_SALT)
    return _absolute(reverse("messaging:reply", kwargs={"token": token}))


# ---------------------------------------------------------------- composing


def merge_values(*, target: Target | None, resolution: Resolution | None, sender_name: str) -> dict[str, str]:
    values = {"sender_name": sender_name}
    if resolution is not None:
        values["council"] = resolution.council_name
        values["constituency"] = resolution.constituency_name
    if target is not None:
        values["recipient_name"] = target.name
        values["recipient_role"] = target.role_label
    return values


def template_texts(*, action: Action, language: str, variant_seed: int = 0) -> tuple[str, str]:
    """The suggested subject and body, in the page language, picking one of the staff variants."""
    welsh = language.startswith("cy")
    options: list[tuple[str, str]] = []
    subject = (action.subject_template_cy if welsh else "") or action.subject_template
    body = (action.body_template_cy if welsh else "") or action.body_template
    options.append((subject, body))
    for variant in action.variants.all():
        if variant.language.startswith("cy") == welsh:
            options.append((variant.subject_template, variant.body_template))
    return options[variant_seed % len(options)]


def _salutation(target: Target) -> str:
    return _("Dear %(name)s,") % {"name": target.name}


def compose_body(*, text: str, target: Target, submission: Submission, letter: bool = False) -> str:
    """The full message for one recipient: greeting, the carer's words, sign-off and address.

    The address goes in every email because MPs only act for their own constituents."""
    body = text.strip()
    if not re.match(r"^\s*(dear|annwyl)\b", body, re.IGNORECASE):
        body = f"{_salutation(target)}\n\n{body}"
    if letter:
        return f"{body}\n\n{_('Yours sincerely,')}"
    address = "\n".join(submission.address_lines)
    return f"{body}\n\n{_('Yours sincerely,')}\n\n{submission.sender_name}\n{address}\n"


def message_texts(
    *, subject: str, body: str, target: Target, resolution: Resolution, submission: Submission, letter: bool
) -> tuple[str, str]:
    """One recipient's subject and full body, merge fields filled in, as they will receive them."""
    values = merge_values(target=target, resolution=resolution, sender_name=submission.sender_name)
    text = compose_body(text=merge(body, values), target=target, submission=submission, letter=letter)
    return merge(subject, values)[:300], text


def message_preview(
    *, action: Action, resolution: Resolution, data: SubmissionInput, targets: list[Target]
) -> list[tuple[Target, str, str]]:
    """What each chosen recipient would receive (target, subject, body); nothing is stored."""
    sender = Submission(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        address_line1=data.address_line1.strip(),
        address_line2=data.address_line2.strip(),
        town=data.town.strip(),
        postcode=resolution.postcode,
    )
    letter = action.kind == ActionKind.LETTER
    return [
        (
            target,
            *message_texts(
                subject=data.subject,
                body=data.body,
                target=target,
                resolution=resolution,
                submission=sender,
                letter=letter,
            ),
        )
        for target in targets
    ]


def _near_copy_reason(*, email: str, fp: list[int], targets: list[Target]) -> str:
    """WriteToThem's rule: the same sender sending near-identical text to the same person again.
    One sender writing to several representatives at once is not a copy.

    Cheap in the common case: one indexed query on the sender's recent submissions (usually
    none); recipients are compared only for the ones whose text is a near copy."""
    since = timezone.now() - COPY_LOOKBACK
    similar = [pk for pk, other in _recent_fingerprints(email=email, since=since) if is_near_copy(fp, other)]
    if not similar:
        return ""
    office_ids = [t.office_id for t in targets if t.office_id]
    emails = [t.email for t in targets if t.email]
    if Message.objects.filter(
        Q(office_id__in=office_ids) | Q(recipient_email__in=emails), submission_id__in=similar
    ).exists():
        return "Near-identical to an earlier message from the same sender to the same person"
    return ""


_RECENT_SQL = (
    "SELECT id, fingerprint FROM {table} WHERE email_canonical = %s AND created_at >= %s "
    "AND erased_at IS NULL AND status <> %s ORDER BY created_at DESC LIMIT 500"
)


def _recent_fingerprints(*, email: str, since: dt.datetime) -> list[tuple[int, list[int]]]:
    """The sender's recent submissions (not abandoned, not erased) with their fingerprints.

    Runs on every submission, so it is one plain indexed query (email_canonical) written out
    in SQL: building it through the ORM cost more than running it."""
    sql = _RECENT_SQL.format(table=connection.ops.quote_name(Submission._meta.db_table))
    params = [
        email,
        connection.ops.adapt_datetimefield_value(since),
        SubmissionStatus.ABANDONED.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for pk, raw in rows:
        value = json.loads(raw) if isinstance(raw, str | bytes) else raw
        result.append((int(pk), [int(h) for h in value or []]))
    return result


def _second_postcode_reason(*, data: SubmissionInput, postcode: str) -> str:
    own = postcode.replace(" ", "").upper()
    for line in (data.address_line1, data.address_line2, data.town):
        for match in _POSTCODE_IN_TEXT_RE.finditer(line or ""):
            if (match.group(1) + match.group(2)).upper() != own:
                return "A second postcode appears in the address"
    return ""


def message_submit(
    *,
    action: Action,
    data: SubmissionInput,
    language: str,
    source: str = "web",
    variant_seed: int = 0,
    resolution: Resolution | None = None,
) -> Submission:
    """Store a carer's message (one row per recipient) and email them a link to confirm it.

    Nothing is sent to anyone else until they confirm. Raises TargetsError, NoTargetsChosenError.
    `resolution` may be passed when the caller has just resolved the same postcode."""
    if resolution is None or resolution.postcode != data.postcode:
        resolution = resolve_targets(action=action, postcode=data.postcode)
    if not resolution.ok:
        raise TargetsError(resolution)
    reachable = usable_targets(action, resolution.targets)
    chosen = [t for t in reachable if data.target_keys is None or t.key in data.target_keys]
    if not chosen:
        raise NoTargetsChosenError
    email = canonical_email(data.email)
    subject_text, body_text = data.subject, data.body
    if not subject_text or not body_text:
        default_subject, default_body = template_texts(
            action=action, language=language, variant_seed=variant_seed
        )
        subject_text = subject_text or default_subject
        body_text = body_text or default_body
    letter = action.kind == ActionKind.LETTER
    fp = fingerprint(body_text)
    # Abuse checks before anything is written, so the rows are inserted once.
    flag_reason = _near_copy_reason(email=email, fp=fp, targets=chosen) or _second_postcode_reason(
        data=data, postcode=resolution.postcode
    )
    with translation.override(language), transaction.atomic():
        submission = Submission.objects.create(
            action=action,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=email,
            email_canonical=email,
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
            body=body_text,
            language=language,
            consent_contact=data.consent_contact,
            source=source,
            fingerprint=fp,
            flag_reason=flag_reason,
            confirmation_sent_at=timezone.now(),
        )
        messages = []
        for target in chosen:
            subject, body = message_texts(
                subject=subject_text,
                body=body_text,
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
        Message.objects.bulk_create(messages)
        # Rendered by the worker when it sends (keeps template work out of the request).
        email_enqueue(
            kind="message_confirmation",
            to=email,
            template="messaging/email/confirm",
            context=confirmation_context(
                submission=submission, action=action, recipients=chosen, subject=subject_text, letter=letter
            ),
            language=language,
            render_in_worker=True,
        )
    submission.created_messages = messages  # type: ignore[attr-defined]
    return submission


def confirmation_context(
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
        "days": int(settings.KINSHIP_CONFIRMATION_DAYS),
        "advice_line": str(settings.KINSHIP_ADVICE_LINE),
    }


def submission_from_token(token: str, *, for_update: bool = False) -> Submission:
    """The submission a confirmation link is for (locked when `for_update`); raises
    LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
    query = Submission.objects.select_related("action", "action__campaign")
    if for_update:
        query = query.select_for_update(of=("self",))
    submission = query.filter(pk=pk).first()
    if submission is None or submission.erased_at or submission.status == SubmissionStatus.ABANDONED:
        raise LinkInvalidError
    return submission


def submission_from_letter_ready_token(token: str) -> Submission:
    """The submission a "your letter is ready" link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.LETTER_READY_SALT, max_age=tokens.letter_max_age())
    submission = (
        Submission.objects.select_related("action", "action__campaign")
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )
    if submission is None:
        raise LinkInvalidError
    return submission


def message_from_letter_token(token: str) -> Message:
    """The letter a download link is for, while its text is kept; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.LETTER_SALT, max_age=tokens.letter_max_age())
    message = (
        Message.objects.select_related("submission").filter(pk=pk, submission__erased_at__isnull=True).first()
    )
    if message is None or not message.body:
        raise LinkInvalidError
    return message


def _day_start(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _capped_send_after(message: Message, *, now: dt.datetime) -> dt.datetime:
    """`now`, or the first later day on which this recipient is under the daily cap."""
    cap = message.action.daily_cap_per_target or int(conf.get("KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET"))
    day = _day_start(now)
    for offset in range(60):
        start = day + dt.timedelta(days=offset)
        end = start + dt.timedelta(days=1)
        load = (
            Message.objects.filter(
                recipient_email=message.recipient_email, send_after__gte=start, send_after__lt=end
            )
            .exclude(status__in=[MessageStatus.ABANDONED, MessageStatus.AWAITING_CONFIRMATION])
            .count()
        )
        if load < cap:
            if offset:
                _alert_staff_cap(message, day=start)
            return now if offset == 0 else start
    return day + dt.timedelta(days=60)


def _alert_staff_cap(message: Message, *, day: dt.datetime) -> None:
    # One alert per recipient per day is enough for staff to act.
    key = f"msg-cap-alert:{message.recipient_email}:{_day_start(timezone.now()).date()}"
    if not cache.add(key, 1, timeout=86400):
        return
    email_enqueue(
        kind="staff_cap_alert",
        to=str(conf.get("KINSHIP_STAFF_ALERT_EMAIL")),
        template="messaging/email/staff_cap_alert",
        context={"recipient": message.recipient_name, "action": message.action, "day": day.date()},
        language=settings.LANGUAGE_CODE,
    )
    logger.warning("daily cap reached for recipient of action %s; messages wait", message.action_id)


def _enqueue_on_commit(ids: list[int]) -> None:
    """Queued rows are sent by the worker's drain loop, which polls the table. When tasks run
    at once (the test suite) they are also sent right after commit, by id."""
    if not ids or not tasks_run_immediately():
        return

    def enqueue() -> None:
        from kinship.messaging.tasks import message_send

        for pk in ids:
            message_send.enqueue(pk)

    transaction.on_commit(enqueue)


@transaction.atomic
def message_confirm(*, token: str) -> Submission:
    """Confirm a submission: queue each message once. Idempotent, so a double-click sends once."""
    locked = submission_from_token(token, for_update=True)
    if locked.status != SubmissionStatus.AWAITING_CONFIRMATION:
        return locked
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
            # The carer prints and posts a letter; confirming keeps it and counts it.
            message.status = MessageStatus.SENT
            message.sent_at = now
        else:
            message.status = MessageStatus.QUEUED
            message.send_after = _capped_send_after(message, now=now)
            to_send.append(message.pk)
        message.save(update_fields=["status", "moderation", "sent_at", "send_after", "updated_at"])
    counter_increment(key=locked.action.counter_key)
    _enqueue_on_commit(to_send)
    return locked


# ---------------------------------------------------------------- delivery


def build_email(message: Message) -> EmailMultiAlternatives:
    """The email as the recipient sees it: from the platform, replies straight to the carer."""
    submission = message.submission
    # The platform's own address (so DMARC passes), named for the carer so the recipient sees who wrote.
    platform_name, platform_address = parseaddr(conf.from_email())
    from_address = formataddr(
        (f"{submission.sender_name} via {platform_name or 'Kinship Campaigns'}", platform_address)
    )
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=from_address,
        to=[message.recipient_email],
        reply_to=[formataddr((submission.sender_name, submission.email))],
        headers={
            "Message-ID": message.message_id,
            "X-Kinship-Campaigns-Action": message.action.slug,
        },
    )
    with translation.override(submission.language):
        footer = _(
            "This message was sent by %(name)s through Kinship Campaigns, a service of the kinship care "
            "charity. Reply to this email to answer them directly."
        ) % {"name": submission.sender_name}
    email.body = f"{message.body}\n\n--\n{footer}\n"
    email.attach_alternative(
        f'{text_to_html(message.body)}<hr><p style="color:#505a5f;font-size:14px">{text_to_html(footer)}</p>',
        "text/html",
    )
    # Lets an anymail provider's tracking webhook find the row again.
    email.metadata = {"kinship_message": str(message.pk)}  # type: ignore[attr-defined]
    return email


def _smtp_code(exc: BaseException) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        for code, _msg in exc.recipients.values():
            return int(code)
    smtp_code: Any = getattr(exc, "smtp_code", None)
    if isinstance(smtp_code, int):
        return smtp_code
    status: Any = getattr(exc, "status_code", None)
    return int(status) if isinstance(status, int) else None


def _is_permanent(exc: BaseException, code: int | None) -> bool:
    if type(exc).__name__ == "AnymailRecipientsRefused":
        return True
    return code is not None and 500 <= code < 600


def message_deliver(*, message_id: int) -> str:
    """Send one queued message exactly once; returns what happened ("sent", "skipped", ...).

    The row is locked and its state checked first, so a second worker or a repeated task
    finds it no longer `queued` and does nothing."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("submission", "action")
            .filter(pk=message_id, status=MessageStatus.QUEUED, channel=Channel.EMAIL)
            .first()
        )
        if message is None:
            return "skipped"
        if message.send_after and message.send_after > now:
            return "deferred"  # the drain loop sends it when due
        message.status = MessageStatus.SENDING
        message.sending_started_at = now
        message.attempts += 1
        message.save(update_fields=["status", "sending_started_at", "attempts", "updated_at"])
    email = build_email(message)
    try:
        email.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, then classified
        return _record_failure(message, exc)
    _record_sent(message, email)
    return "sent"


def _record_sent(message: Message, email: EmailMultiAlternatives) -> None:
    status = getattr(email, "anymail_status", None)
    esp_id = str(getattr(status, "message_id", "") or "")[:255]
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        esp_message_id=esp_id,
        updated_at=timezone.now(),
    )


def _record_sent_many(sent: list[tuple[Message, Any]]) -> None:
    """Record a run of sent messages: one UPDATE for those without a provider id."""
    plain = []
    for message, email in sent:
        if getattr(email, "anymail_status", None) is not None:
            _record_sent(message, email)
        else:
            plain.append(message.pk)
    if plain:
        now = timezone.now()
        Message.objects.filter(pk__in=plain, status=MessageStatus.SENDING).update(
            status=MessageStatus.SENT, sent_at=now, last_error="", esp_message_id="", updated_at=now
        )


def _record_failure(message: Message, exc: BaseException, *, raise_retry: bool = True) -> str:
    code = _smtp_code(exc)
    error = scrub(f"{type(exc).__name__}: {exc}")
    max_attempts = int(conf.get("KINSHIP_MESSAGE_MAX_ATTEMPTS"))
    if _is_permanent(exc, code) or message.attempts >= max_attempts:
        with transaction.atomic():
            updated = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.FAILED,
                failed_at=timezone.now(),
                last_error=error,
                last_smtp_code=code,
                updated_at=timezone.now(),
            )
            if updated:
                _notify_sender_failed(message, bounced=False)
        logger.warning("message %s failed permanently (%s)", message.pk, code or type(exc).__name__)
        return "failed"
    # Back to the queue after a backoff; the row's send_after is when the drain loop retries it.
    retry_at = timezone.now() + dt.timedelta(seconds=backoff_seconds(message.attempts))
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        last_error=error,
        last_smtp_code=code,
        send_after=retry_at,
        updated_at=timezone.now(),
    )
    logger.info("message %s will be retried (%s)", message.pk, code or type(exc).__name__)
    if not raise_retry:
        return "retry"
    # `from None`: the raw SMTP error can hold addresses; only the scrubbed text travels on.
    raise MessageRetryError(error) from None


DRAIN_BATCH_SIZE = 50


@drainer
def messages_drain(*, limit: int = DRAIN_BATCH_SIZE, now: dt.datetime | None = None) -> int:
    """Claim a batch of due messages (`queued`, send_after <= now), send them over one mail
    connection, and record each result; returns how many were claimed (0: nothing due)."""
    now = now or timezone.now()
    due = Message.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        status=MessageStatus.QUEUED,
        channel=Channel.EMAIL,
    )
    ids = claim_batch(
        due,
        limit=limit,
        stamp_field="sending_started_at",
        now=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if not ids:
        return 0
    batch = list(Message.objects.select_related("submission", "action").filter(pk__in=ids).order_by("pk"))

    done: list[tuple[Message, Any]] = []

    def flush() -> None:
        if done:
            _record_sent_many(done)
            done.clear()

    def failed(message: Message, exc: BaseException) -> None:
        _record_failure(message, exc, raise_retry=False)

    send_over_one_connection(
        batch, build=build_email, sent=lambda m, email: done.append((m, email)), failed=failed, flush=flush
    )
    return len(ids)


def _notify_sender_failed(message: Message, *, bounced: bool) -> None:
    submission = message.submission
    if submission.erased_at:
        return
    email_enqueue(
        kind="message_failed",
        to=submission.email,
        template="messaging/email/failed",
        context={
            "name": submission.first_name,
            "recipient": message.recipient_name,
            "bounced": bounced,
            "has_postal_address": bool(message.recipient_postal_address),
            "letter_url": _absolute(letter_url(message)),
            "my_actions_url": my_actions_url(submission.email),
            "advice_line": settings.KINSHIP_ADVICE_LINE,
        },
        language=submission.language,
    )


def message_mark_bounced(
    *, message_id: int | None = None, esp_message_id: str = "", description: str = ""
) -> bool:
    """Record a bounce reported by the mail provider and tell the sender; True if a row changed."""
    query = Message.objects.filter(channel=Channel.EMAIL)
    if message_id:
        query = query.filter(pk=message_id)
    elif esp_message_id:
        query = query.filter(esp_message_id=esp_message_id)
    else:
        return False
    with transaction.atomic():
        message = query.select_for_update(of=("self",)).select_related("submission").first()
        if message is None or message.status == MessageStatus.BOUNCED:
            return False
        message.status = MessageStatus.BOUNCED
        message.failed_at = timezone.now()
        message.last_error = scrub(description or "Bounced")
        message.save(update_fields=["status", "failed_at", "last_error", "updated_at"])
        _notify_sender_failed(message, bounced=True)
    return True


def messages_recover_stale(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Recover messages a killed worker left in `sending`, and queued ones whose task was lost.

    A message stuck in `sending` may or may not have gone: it is re-sent at most once (the
    fixed Message-ID shows the duplicate); stuck a second time, it is failed for staff to check."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=int(conf.get("KINSHIP_MESSAGE_STALE_SENDING_MINUTES")))
    requeued, given_up, released = [], 0, []
    for pk in Message.objects.filter(status=MessageStatus.SENDING, sending_started_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        with transaction.atomic():
            message = Message.objects.select_for_update().filter(pk=pk, status=MessageStatus.SENDING).first()
            if message is None or not message.sending_started_at or message.sending_started_at >= cutoff:
                continue
            if message.resends >= 1:
                message.status = MessageStatus.FAILED
                message.failed_at = now
                message.last_error = (
                    "The worker stopped twice while sending; not sent again to avoid duplicates. "
                    "Check the mail log for this Message-ID."
                )
                given_up += 1
            else:
                message.status = MessageStatus.QUEUED
                message.resends += 1
                requeued.append(pk)
            message.save(update_fields=["status", "failed_at", "last_error", "resends", "updated_at"])
    # Queued and due, but untouched for a while: the task was lost (or deferral unsupported).
    # A message waiting out a retry backoff (at most an hour) is left to its own deferred task.
    backoff_cutoff = now - dt.timedelta(minutes=65)
    for pk in Message.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        Q(attempts=0) | Q(updated_at__lt=backoff_cutoff),
        status=MessageStatus.QUEUED,
        updated_at__lt=cutoff,
    ).values_list("pk", flat=True)[:500]:
        released.append(pk)
    if tasks_run_immediately():
        # No drain loop in this process (tests): send them now. Otherwise the drain loop
        # finds every due `queued` row by itself.
        from kinship.messaging.tasks import message_send

        for pk in requeued + released:
            message_send.enqueue(pk)
    return {"requeued": len(requeued), "given_up": given_up, "released": len(released)}


# ---------------------------------------------------------------- confirmation lifecycle


def submissions_remind(*, now: dt.datetime | None = None) -> int:
    """One reminder, two days after submitting, to people who have not confirmed."""
    now = now or timezone.now()
    due = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_REMINDER_DAYS")))
    abandon = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_ABANDON_DAYS")))
    count = 0
    for pk in Submission.objects.filter(
        status=SubmissionStatus.AWAITING_CONFIRMATION,
        reminder_sent_at__isnull=True,
        created_at__lte=due,
        created_at__gt=abandon,
    ).values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            sub = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("action")
                .filter(pk=pk)
                .first()
            )
            if sub is None or sub.reminder_sent_at or sub.status != SubmissionStatus.AWAITING_CONFIRMATION:
                continue
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
            count += 1
    return count


def submissions_abandon(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Unconfirmed after 7 days: abandoned, and their personal data cleared; later deleted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_ABANDON_DAYS")))
    with transaction.atomic():
        stale = Submission.objects.filter(
            status=SubmissionStatus.AWAITING_CONFIRMATION, created_at__lte=cutoff
        )
        ids = list(stale.values_list("pk", flat=True)[:5000])
        Message.objects.filter(submission_id__in=ids).update(
            status=MessageStatus.ABANDONED, body="", subject="", updated_at=now
        )
        abandoned = Submission.objects.filter(pk__in=ids).update(
            status=SubmissionStatus.ABANDONED, abandoned_at=now, body="", subject="", updated_at=now
        )
    delete_before = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_DELETE_ABANDONED_DAYS")))
    deleted, _counts = Submission.objects.filter(
        status=SubmissionStatus.ABANDONED, abandoned_at__lte=delete_before
    ).delete()
    return {"abandoned": abandoned, "deleted": deleted}


def message_bodies_expire(*, now: dt.datetime | None = None) -> int:
    """Retention: message text is deleted a fixed time after sending; the record stays for counts."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_BODY_RETENTION_DAYS")))
    return Message.objects.filter(sent_at__lte=cutoff, body_deleted_at__isnull=True).update(
        body="", body_deleted_at=now, updated_at=now
    )


# ---------------------------------------------------------------- moderation


@transaction.atomic
def message_moderate(*, message: Message, decision: str, staff_name: str, note: str = "") -> Message:
    """Approve, ask for an edit, or reject a held message; the sender is told in plain words."""
    locked = (
        Message.objects.select_for_update(of=("self",))
        .select_related("submission", "action")
        .get(pk=message.pk)
    )
    if locked.status != MessageStatus.WITHHELD:
        return locked
    now = timezone.now()
    locked.moderated_by = staff_name[:150]
    locked.moderated_at = now
    locked.moderation_note = note
    if decision == Moderation.APPROVED:
        locked.moderation = Moderation.APPROVED
        locked.status = MessageStatus.QUEUED
        locked.send_after = _capped_send_after(locked, now=now)
        locked.save()
        _enqueue_on_commit([locked.pk])
        return locked
    if decision == Moderation.REJECTED:
        locked.moderation = Moderation.REJECTED
        locked.status = MessageStatus.FAILED
        locked.failed_at = now
        locked.last_error = "Not sent: rejected by moderation"
    elif decision == Moderation.EDIT_REQUESTED:
        locked.moderation = Moderation.EDIT_REQUESTED
    else:
        raise ValueError(decision)
    locked.save()
    submission = locked.submission
    if not submission.erased_at:
        email_enqueue(
            kind="message_moderated",
            to=submission.email,
            template="messaging/email/moderated",
            context={
                "name": submission.first_name,
                "recipient": locked.recipient_name,
                "decision": locked.moderation,
                "note": note,
                "action_url": _absolute(
                    reverse("messaging:action_detail", kwargs={"slug": locked.action.slug})
                ),
            },
            language=submission.language,
        )
    return locked


# ---------------------------------------------------------------- follow-through


def followups_send(*, now: dt.datetime | None = None) -> int:
    """Ask "Did you get a reply?" 14 days after sending, and once more at 21 days if unanswered."""
    now = now or timezone.now()
    first_due = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_FOLLOWUP_DAYS")))
    second_due = now - dt.timedelta(days=int(conf.get("KINSHIP_MESSAGE_SECOND_FOLLOWUP_DAYS")))
    unanswered = Q(reply_answer="") | Q(reply_answer=ReplyAnswer.NOT_YET)
    first = Q(followup_sent_at__isnull=True, sent_at__lte=first_due, reply_answer="")
    second = (
        Q(followup_sent_at__isnull=False, second_followup_sent_at__isnull=True, sent_at__lte=second_due)
        & unanswered
    )
    due = Message.objects.filter(
        first | second, status=MessageStatus.SENT, submission__erased_at__isnull=True
    )
    submission_ids = sorted(set(due.values_list("submission_id", flat=True)[:2000]))
    sent = 0
    for submission_id in submission_ids:
        with transaction.atomic():
            sub = Submission.objects.select_for_update().filter(pk=submission_id).first()
            if sub is None:
                continue
            messages = list(due.filter(submission_id=submission_id))
            if not messages:
                continue
            email_enqueue(
                kind="message_followup",
                to=sub.email,
                template="messaging/email/followup",
                context={
                    "name": sub.first_name,
                    "messages": [{"recipient": m.recipient_name, "url": reply_url(m)} for m in messages],
                    "my_actions_url": my_actions_url(sub.email),
                },
                language=sub.language,
            )
            asked_before = [m.pk for m in messages if m.followup_sent_at is not None]
            Message.objects.filter(pk__in=[m.pk for m in messages if m.followup_sent_at is None]).update(
                followup_sent_at=now, updated_at=now
            )
            Message.objects.filter(pk__in=asked_before).update(second_followup_sent_at=now, updated_at=now)
            sent += 1
    return sent


def message_from_reply_token(token: str) -> Message:
    """The message a "Did you get a reply?" link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.REPLY_SALT, max_age=tokens.letter_max_age())
    message = Message.objects.select_related("submission", "action").filter(pk=pk).first()
    if message is None or message.submission.erased_at:
        raise LinkInvalidError
    return message


def reply_record(*, message: Message, answer: str) -> Message:
    """Record the carer's answer to "Did you get a reply?"."""
    if answer not in ReplyAnswer.values:
        raise ValueError(answer)
    Message.objects.filter(pk=message.pk).update(
        reply_answer=answer, reply_recorded_at=timezone.now(), updated_at=timezone.now()
    )
    message.refresh_from_db()
    return message


def followup_targets(*, message: Message) -> tuple[Target, Target | None]:
    """Who a follow-up can go to: the same person again, and the next person up when they take email."""
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
    up = next_person_up(
        office=message.office,
        role=message.recipient_role,
        area_code=message.recipient_area_code,
        constituency_code=message.submission.constituency_code,
    )
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


@transaction.atomic
def followup_send(*, message: Message, target: Target, subject: str, body: str) -> Submission:
    """Send a follow-up from a "no reply" answer. The signed link came to the carer's own inbox,
    so it counts as confirmed and goes straight to the queue."""
    original = message.submission
    now = timezone.now()
    submission = Submission.objects.create(
        action=message.action,
        status=SubmissionStatus.CONFIRMED,
        confirmed_at=now,
        first_name=original.first_name,
        last_name=original.last_name,
        email=original.email,
        email_canonical=original.email_canonical,
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
        fingerprint=fingerprint(body),
        follow_up_of=message,
    )
    new = Message(
        submission=submission,
        action=message.action,
        channel=Channel.EMAIL,
        status=MessageStatus.QUEUED,
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
    new.send_after = _capped_send_after(new, now=now)
    new.save()
    _enqueue_on_commit([new.pk])
    return submission


# ---------------------------------------------------------------- phone calls


@transaction.atomic
def call_log_record(*, action: Action, target: Target | None, outcome: str) -> CallLog:
    """Record how a call went (no personal details) and count it."""
    log = CallLog.objects.create(
        action=action,
        office_id=target.office_id if target else None,
        recipient_name=target.name if target else "",
        outcome=outcome,
    )
    counter_increment(key=action.counter_key)
    return log


# ---------------------------------------------------------------- my actions, export, erasure


def my_actions_request(*, email: str, language: str) -> None:
    """Email the private "my actions" link. Silent when we hold nothing for the address."""
    canonical = canonical_email(email)
    if not Submission.objects.filter(email_canonical=canonical, erased_at__isnull=True).exists():
        return
    with transaction.atomic():
        email_enqueue(
            kind="my_actions_link",
            to=canonical,
            template="messaging/email/my_actions",
            context={"url": my_actions_url(canonical), "days": conf.get("KINSHIP_MY_ACTIONS_LINK_DAYS")},
            language=language,
        )


def email_from_my_actions_token(token: str) -> str:
    """The address a "my actions" link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        return tokens.read_token(token, salt=tokens.MY_ACTIONS_SALT, max_age=tokens.my_actions_max_age())


def messages_export(supporter: Any) -> list[dict[str, Any]]:
    """Everything a carer sent through us, for a data-protection export."""
    subs = (
        Submission.objects.filter(email_canonical=canonical_email(supporter.email), erased_at__isnull=True)
        .select_related("action")
        .prefetch_related("messages")
        .order_by("created_at")
    )
    return [
        {
            "action": sub.action.title,
            "status": sub.status,
            "submitted_at": sub.created_at.isoformat(),
            "confirmed_at": sub.confirmed_at.isoformat() if sub.confirmed_at else None,
            "name": sub.sender_name,
            "email": sub.email,
            "address": sub.address_lines,
            "subject": sub.subject,
            "body": sub.body,
            "messages": [
                {
                    "to": m.recipient_name,
                    "role": m.recipient_role,
                    "channel": m.channel,
                    "status": m.status,
                    "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                    "reply": m.reply_answer,
                    "body": m.body,
                }
                for m in sub.messages.all()
            ],
        }
        for sub in subs
    ]


@transaction.atomic
def my_messages_erase(*, email: str) -> None:
    """Self-service erasure from the private "my actions" page (for carers who never joined)."""
    _messages_erase_for(email=email)
    logger.info("messages erased by their sender (self-service)")


def messages_erase(supporter: Any) -> None:
    """Erase message text and sender details; keep anonymous rows so totals stay true."""
    _messages_erase_for(email=supporter.email)


def _messages_erase_for(*, email: str) -> None:
    now = timezone.now()
    subs = Submission.objects.filter(email_canonical=canonical_email(email))
    ids = list(subs.values_list("pk", flat=True))
    Message.objects.filter(submission_id__in=ids).update(subject="", body="", body_deleted_at=now)
    Message.objects.filter(
        submission_id__in=ids,
        status__in=[MessageStatus.AWAITING_CONFIRMATION, MessageStatus.QUEUED, MessageStatus.WITHHELD],
    ).update(status=MessageStatus.ABANDONED)
    # One UPDATE; each row keeps a unique placeholder instead of the address.
    Submission.objects.filter(pk__in=ids).update(
        first_name="",
        last_name="",
        email="",
        email_canonical=Concat(Value("erased-"), Cast("pk", output_field=CharField())),
        address_line1="",
        address_line2="",
        town="",
        postcode="",
        subject="",
        body="",
        fingerprint=[],
        erased_at=now,
    )
