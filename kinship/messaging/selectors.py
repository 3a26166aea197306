"""Reads for messages: reply figures (responsiveness) and a carer's own submissions. Reads of
actions (open, totals, is-open) are the campaigns app's (`kinship.campaigns.selectors`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from kinship.messaging import conf
from kinship.messaging.models import (
    Channel,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.representatives.models import Role

# Roles whose replies count for the council as a whole.
COUNCIL_ROLES = (
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.LEAD_MEMBER_CHILDREN,
    Role.CABINET_MEMBER,
    Role.DIRECTOR_CHILDREN,
)


@dataclass(frozen=True)
class Responsiveness:
    answered: int
    replied: int
    helped: int


def _responsiveness(rows: list[dict[str, Any]], key: str) -> dict[Any, Responsiveness]:
    minimum = conf.responsiveness_min_messages()
    return {
        row[key]: Responsiveness(answered=row["answered"], replied=row["replied"], helped=row["helped"])
        for row in rows
        if row["answered"] >= minimum
    }


def _answered() -> QuerySet[Message]:
    # "Not yet" is not an answer about responsiveness; only final answers count.
    return Message.objects.filter(
        reply_answer__in=[ReplyAnswer.YES_HELPED, ReplyAnswer.YES_UNANSWERED, ReplyAnswer.NO]
    )


_AGG = {
    "answered": Count("id"),
    "replied": Count("id", filter=Q(reply_answer__in=[ReplyAnswer.YES_HELPED, ReplyAnswer.YES_UNANSWERED])),
    "helped": Count("id", filter=Q(reply_answer=ReplyAnswer.YES_HELPED)),
}


def responsiveness_by_office(*, office_ids: list[int]) -> dict[int, Responsiveness]:
    """Reply figures per person (office), only where at least 5 carers told us."""
    rows = list(_answered().filter(office_id__in=office_ids).values("office_id").annotate(**_AGG))
    return _responsiveness(rows, "office_id")


def responsiveness_by_council(*, area_codes: list[str]) -> dict[str, Responsiveness]:
    """Reply figures per council (its councillors and officers together), with the same minimum."""
    rows = list(
        _answered()
        .filter(recipient_area_code__in=area_codes, recipient_role__in=COUNCIL_ROLES)
        .values("recipient_area_code")
        .annotate(**_AGG)
    )
    return _responsiveness(rows, "recipient_area_code")


def submissions_for_email(*, email: str) -> list[Submission]:
    return list(
        Submission.objects.filter(email_canonical=email, erased_at__isnull=True)
        .exclude(status=SubmissionStatus.ABANDONED)
        .select_related("action", "action__campaign")
        .prefetch_related("messages")
        .order_by("-created_at")[:200]
    )


@dataclass(frozen=True)
class ErasureSummary:
    """What "Delete my messages" would delete, said before it is done."""

    messages: int
    recipients: list[str]
    letters: int
    unsent: int


def erasure_summary(*, email: str) -> ErasureSummary:
    """Count what a carer would lose by deleting their messages (their own submissions only)."""
    rows = list(
        Message.objects.filter(
            submission__email_canonical=email, submission__erased_at__isnull=True
        ).values_list("recipient_name", "channel", "status")
    )
    waiting = {MessageStatus.AWAITING_CONFIRMATION, MessageStatus.QUEUED, MessageStatus.WITHHELD}
    return ErasureSummary(
        messages=len(rows),
        recipients=sorted({name for name, _channel, _status in rows}),
        letters=sum(1 for _name, channel, _status in rows if channel == Channel.LETTER),
        unsent=sum(1 for _name, _channel, status in rows if status in waiting),
    )


def messages_held() -> QuerySet[Message]:
    """Messages held for a person on the team to check, oldest first (the moderation queue)."""
    return (
        Message.objects.filter(status=MessageStatus.WITHHELD)
        .select_related("submission", "action", "action__campaign")
        .order_by("created_at", "pk")
    )
