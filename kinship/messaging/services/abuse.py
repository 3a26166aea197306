"""Abuse checks on a submission: how often one sender or connection may submit (one policy for
the web form and the API), and the signs that hold a message for a person to check (a
near-copy of the sender's earlier message to the same person, a second postcode in the
address). WriteToThem's rules (`perllib/FYR/AbuseChecks.pm`).

The rate limits decide in the request (the person sees the answer now); the holding checks run
in the worker just after a submission is stored (`submission_checks_drain`), and confirming runs
them itself if the worker has not yet, so no message is ever queued unchecked."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from kinship.core.dbretry import DB_ERRORS
from kinship.core.outbox import tasks_run_immediately
from kinship.core.privacy import email_key
from kinship.core.ratelimit import RateDecision, rate_limit_exceeded
from kinship.messaging import conf
from kinship.messaging.fingerprint import fingerprint, is_near_copy
from kinship.messaging.models import Message, Submission, SubmissionStatus
from kinship.messaging.targets import Target

_POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
COPY_LOOKBACK = dt.timedelta(days=30)
logger = logging.getLogger("kinship.messaging")


# ---------------------------------------------------------------- rate limits


@dataclass(frozen=True)
class SubmissionRatePolicy:
    """How often one sender and one connection may submit. Every way in uses this one policy;
    each hit is counted in the shared cache (`kinship.core.ratelimit`)."""

    def decide(self, *, ip: str, email: str, question_answered: bool = False) -> RateDecision:
        """Count this submission and decide. `question_answered`: the person has just answered
        the question correctly, so the soft limit no longer applies to this submission."""
        if rate_limit_exceeded(
            scope="submit-email", identity=email_key(email), rate=conf.rate_submit_email()
        ) or rate_limit_exceeded(scope="submit-ip-hard", identity=ip, rate=conf.rate_submit_ip_hard()):
            return RateDecision.REFUSE
        if question_answered:
            return RateDecision.ALLOW
        if rate_limit_exceeded(scope="submit-ip", identity=ip, rate=conf.rate_submit_ip()):
            return RateDecision.ASK_QUESTION
        return RateDecision.ALLOW


submission_rate_policy = SubmissionRatePolicy()


# ---------------------------------------------------------------- held for a person to check


def near_copy_reason(
    *, email: str, fp: list[int], targets: list[Target], excluding: int | None = None
) -> str:
    """WriteToThem's rule: the same sender sending near-identical text to the same person again.
    One sender writing to several representatives at once is not a copy. `email`: the sender's
    `email_key`; `excluding`: a submission not to compare with (the one a follow-up quotes)."""
    return _near_copy_reason(
        email=email,
        fp=fp,
        office_ids=[t.office_id for t in targets if t.office_id],
        emails=[t.email for t in targets if t.email],
        excluding=excluding,
    )


def _near_copy_reason(
    *,
    email: str,
    fp: list[int],
    office_ids: list[int],
    emails: list[str],
    excluding: int | None = None,
    before: int | None = None,
) -> str:
    """Cheap in the common case: one indexed query on the sender's recent submissions (usually
    none); recipients are compared only for the ones whose text is a near copy. `before`: only
    submissions made before this one (its id) count."""
    since = timezone.now() - COPY_LOOKBACK
    similar = [
        pk
        for pk, other in _recent_fingerprints(email=email, since=since, before=before)
        if pk != excluding and is_near_copy(fp, other)
    ]
    if not similar:
        return ""
    if Message.objects.filter(
        Q(office_id__in=office_ids) | Q(recipient_email__in=emails), submission_id__in=similar
    ).exists():
        return "Near-identical to an earlier message from the same sender to the same person"
    return ""


_RECENT_SQL = (
    "SELECT id, fingerprint, checks_pending, body FROM {table} WHERE email_key = %s AND created_at >= %s "
    "AND erased_at IS NULL AND status <> %s{before} ORDER BY created_at DESC LIMIT 500"
)


def _recent_fingerprints(
    *, email: str, since: dt.datetime, before: int | None = None
) -> list[tuple[int, list[int]]]:
    """The sender's recent submissions (not abandoned, not erased) with their fingerprints;
    one the worker has not checked yet has its fingerprint made from its text here.

    One plain indexed query (email_key) written out in SQL: building it through the ORM cost
    more than running it."""
    sql = _RECENT_SQL.format(
        table=connection.ops.quote_name(Submission._meta.db_table),
        before="" if before is None else " AND id < %s",
    )
    params: list[Any] = [
        email,
        connection.ops.adapt_datetimefield_value(since),
        SubmissionStatus.ABANDONED.value,
    ]
    if before is not None:
        params.append(before)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for pk, raw, pending, body in rows:
        if pending:
            result.append((int(pk), fingerprint(body or "")))
            continue
        value = json.loads(raw) if isinstance(raw, str | bytes) else raw
        result.append((int(pk), [int(h) for h in value or []]))
    return result


# ---------------------------------------------------------------- the checks, in the worker

CHECKS_FAILED = "The automatic checks could not run; a person checks this message before it is sent"


def submission_checks_apply(submission: Submission) -> None:
    """Run the checks that may hold a submission's messages (a near copy of the sender's
    earlier message to the same person, a second postcode in the address) and store the
    outcome: its fingerprint, why it is held (a reason once found stays) and that it is
    checked. Call with the row locked (the worker's claim, or confirming)."""
    if submission.erased_at is None and submission.status != SubmissionStatus.ABANDONED:
        fp = fingerprint(submission.body)
        recipients = list(submission.messages.values_list("office_id", "recipient_email"))
        reason = _near_copy_reason(
            email=submission.email_key,
            fp=fp,
            office_ids=[office for office, _email in recipients if office],
            emails=[address for _office, address in recipients if address],
            before=submission.pk,
        ) or _second_postcode_reason(
            lines=(submission.address_line1, submission.address_line2, submission.town),
            postcode=submission.postcode,
        )
        submission.fingerprint = fp
        submission.flag_reason = submission.flag_reason or reason
    submission.checks_pending = False
    submission.save(update_fields=["fingerprint", "flag_reason", "checks_pending", "updated_at"])


def submission_checks_drain(*, limit: int = 100) -> int:
    """Check a batch of new submissions (registered with the worker's drain loop); returns how
    many were claimed. The rows stay locked while they are checked (PostgreSQL: SKIP LOCKED,
    so workers take disjoint batches and a carer confirming meanwhile waits a moment, then
    finds them checked). One row's error never sinks the batch: that row is held for a person
    to check instead, as nothing may go unchecked."""
    with transaction.atomic():
        pending = Submission.objects.filter(checks_pending=True).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        batch = list(pending[:limit])
        for submission in batch:
            try:
                with transaction.atomic():
                    submission_checks_apply(submission)
            except DB_ERRORS:
                raise
            except Exception as exc:  # noqa: BLE001 - this row only; held rather than sent unchecked
                logger.error("checking submission %s failed (%s); held", submission.pk, type(exc).__name__)
                Submission.objects.filter(pk=submission.pk).update(
                    checks_pending=False, flag_reason=CHECKS_FAILED
                )
    return len(batch)


def submission_checks_on_commit(pk: int) -> None:
    """When tasks run at once (the test suite: no worker), check right after commit, as the
    worker would a moment later."""
    if not tasks_run_immediately():
        return

    def check() -> None:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().filter(pk=pk, checks_pending=True).first()
            if submission is not None:
                submission_checks_apply(submission)

    transaction.on_commit(check)


def _second_postcode_reason(*, lines: Iterable[str], postcode: str) -> str:
    own = postcode.replace(" ", "").upper()
    for line in lines:
        for match in _POSTCODE_IN_TEXT_RE.finditer(line or ""):
            if (match.group(1) + match.group(2)).upper() != own:
                return "A second postcode appears in the address"
    return ""
