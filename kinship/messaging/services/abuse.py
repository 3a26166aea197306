"""Abuse checks on a submission: how often one sender or connection may submit (one policy for
the web form and the API), and the signs that hold a message for a person to check (a
near-copy of the sender's earlier message to the same person, a second postcode in the
address). WriteToThem's rules (`perllib/FYR/AbuseChecks.pm`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from kinship.core.privacy import email_key
from kinship.core.ratelimit import RateDecision, rate_limit_exceeded
from kinship.messaging import conf
from kinship.messaging.fingerprint import is_near_copy
from kinship.messaging.models import Message, Submission, SubmissionStatus
from kinship.messaging.services.composition import SubmissionInput
from kinship.messaging.targets import Target

_POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
COPY_LOOKBACK = dt.timedelta(days=30)


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


def submission_flag_reason(
    *, email: str, fp: list[int], targets: list[Target], data: SubmissionInput, postcode: str
) -> str:
    """Why a new submission should be held for moderation ("" when it need not be).
    `email`: the sender's `email_key`."""
    return near_copy_reason(email=email, fp=fp, targets=targets) or _second_postcode_reason(
        data=data, postcode=postcode
    )


def near_copy_reason(
    *, email: str, fp: list[int], targets: list[Target], excluding: int | None = None
) -> str:
    """WriteToThem's rule: the same sender sending near-identical text to the same person again.
    One sender writing to several representatives at once is not a copy. `email`: the sender's
    `email_key`; `excluding`: a submission not to compare with (the one a follow-up quotes).

    Cheap in the common case: one indexed query on the sender's recent submissions (usually
    none); recipients are compared only for the ones whose text is a near copy."""
    since = timezone.now() - COPY_LOOKBACK
    similar = [
        pk
        for pk, other in _recent_fingerprints(email=email, since=since)
        if pk != excluding and is_near_copy(fp, other)
    ]
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
    "SELECT id, fingerprint FROM {table} WHERE email_key = %s AND created_at >= %s "
    "AND erased_at IS NULL AND status <> %s ORDER BY created_at DESC LIMIT 500"
)


def _recent_fingerprints(*, email: str, since: dt.datetime) -> list[tuple[int, list[int]]]:
    """The sender's recent submissions (not abandoned, not erased) with their fingerprints.

    Runs on every submission, so it is one plain indexed query (email_key) written out
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
