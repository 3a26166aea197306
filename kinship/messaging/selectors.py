"""Reads for messages: reply figures (responsiveness) and a carer's own submissions. Reads of
actions (open, totals, is-open) are the campaigns app's (`kinship.campaigns.selectors`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from kinship.messaging import conf
from kinship.messaging.models import (
    AreaKind,
    Channel,
    DailyAreaCount,
    DailyAreaTotal,
    DailyFigures,
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


def messages_moderated_recently(*, since: dt.datetime) -> QuerySet[Message]:
    """Moderation decisions made since `since`, newest first (who decided, when, what)."""
    return (
        Message.objects.filter(moderated_at__gte=since)
        .select_related("action")
        .order_by("-moderated_at", "-pk")
    )


def messages_held() -> QuerySet[Message]:
    """Messages held for a person on the team to check, oldest first (the moderation queue)."""
    return (
        Message.objects.filter(status=MessageStatus.WITHHELD)
        .select_related("submission", "action", "action__campaign")
        .order_by("created_at", "pk")
    )


# --- What is working: figures for the staff console ------------------------------------------
# Counted from the platform's own records only. An event is counted on the day it happened:
# a submission when made, a confirmation when confirmed, a delivery when our mail server handed
# the email on (and it did not bounce), a bounce when reported, a reply when the sender told us.

REPLIED = (ReplyAnswer.YES_HELPED, ReplyAnswer.YES_UNANSWERED)
# A message that reached someone: an email handed on (and not bounced), or a letter the sender posted.
REACHED = Q(channel=Channel.EMAIL, status=MessageStatus.SENT) | Q(status=MessageStatus.LETTER_POSTED)


def _scoped(
    queryset: QuerySet[Any], *, campaign_id: int | None, action_id: int | None, via: str = ""
) -> QuerySet[Any]:
    if action_id is not None:
        queryset = queryset.filter(**{f"{via}action_id": action_id})
    elif campaign_id is not None:
        queryset = queryset.filter(**{f"{via}action__campaign_id": campaign_id})
    return queryset


def _by_day(queryset: QuerySet[Any], field: str, start: dt.datetime, end: dt.datetime) -> dict[dt.date, int]:
    rows = (
        queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(day=TruncDate(field, tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def messaging_activity_by_day(
    *, start: dt.datetime, end: dt.datetime, campaign_id: int | None = None, action_id: int | None = None
) -> dict[str, dict[dt.date, int]]:
    """Submissions, confirmations, deliveries, bounces, replies, "did you get a reply?" follow-ups
    and "no reply" answers per day in [start, end)."""
    subs = _scoped(Submission.objects.all(), campaign_id=campaign_id, action_id=action_id)
    msgs = _scoped(Message.objects.all(), campaign_id=campaign_id, action_id=action_id)
    return {
        "submissions": _by_day(subs, "created_at", start, end),
        "confirmations": _by_day(subs.filter(confirmed_at__isnull=False), "confirmed_at", start, end),
        "deliveries": _by_day(
            msgs.filter(channel=Channel.EMAIL, status=MessageStatus.SENT), "sent_at", start, end
        ),
        "bounces": _by_day(msgs.filter(status=MessageStatus.BOUNCED), "failed_at", start, end),
        "replies": _by_day(msgs.filter(reply_answer__in=REPLIED), "reply_recorded_at", start, end),
        "followups": _by_day(msgs.filter(followup_sent_at__isnull=False), "followup_sent_at", start, end),
        "no_replies": _by_day(msgs.filter(reply_answer=ReplyAnswer.NO), "reply_recorded_at", start, end),
    }


@dataclass(frozen=True)
class Funnel:
    """Submissions made in a period and how far they got."""

    submitted: int
    confirmed: int
    delivered: int  # submissions with at least one email handed on (and not bounced)
    messages_reached: int  # emails delivered, and letters the sender says they posted
    messages_replied: int

    @property
    def confirmation_rate(self) -> float | None:
        return self.confirmed / self.submitted if self.submitted else None

    @property
    def reply_rate(self) -> float | None:
        return self.messages_replied / self.messages_reached if self.messages_reached else None


def _funnel_querysets(
    *, start: dt.datetime, end: dt.datetime, campaign_id: int | None, action_id: int | None
) -> dict[str, QuerySet[Any]]:
    """The five sets the funnel counts, for submissions made in [start, end)."""
    subs = _scoped(Submission.objects.all(), campaign_id=campaign_id, action_id=action_id).filter(
        created_at__gte=start, created_at__lt=end
    )
    # Joins rather than IN (subquery): PostgreSQL plans nested IN subqueries badly here.
    msgs = _scoped(Message.objects.all(), campaign_id=campaign_id, action_id=action_id).filter(
        submission__created_at__gte=start, submission__created_at__lt=end
    )
    reached = msgs.filter(REACHED)
    # EXISTS, not a join and DISTINCT: the DISTINCT sorted every column of every submission.
    emailed = Message.objects.filter(
        submission_id=OuterRef("pk"), channel=Channel.EMAIL, status=MessageStatus.SENT
    )
    return {
        "submitted": subs,
        "confirmed": subs.filter(confirmed_at__isnull=False),
        "delivered": subs.filter(Exists(emailed)),
        "messages_reached": reached,
        "messages_replied": reached.filter(reply_answer__in=REPLIED),
    }


def messaging_funnel(
    *, start: dt.datetime, end: dt.datetime, campaign_id: int | None = None, action_id: int | None = None
) -> Funnel:
    """Submitted → confirmed → delivered, for submissions made in [start, end)."""
    sets = _funnel_querysets(start=start, end=end, campaign_id=campaign_id, action_id=action_id)
    return Funnel(**{key: queryset.count() for key, queryset in sets.items()})


def messaging_top_areas(
    *,
    field: str,
    start: dt.datetime,
    end: dt.datetime,
    campaign_id: int | None = None,
    action_id: int | None = None,
    limit: int = 10,
) -> list[tuple[str, int]]:
    """The areas (`constituency_name` or `council_name`) with most confirmed submissions made in
    [start, end), most first."""
    if field not in {"constituency_name", "council_name"}:
        raise ValueError(field)
    rows = (
        _scoped(Submission.objects.all(), campaign_id=campaign_id, action_id=action_id)
        .filter(created_at__gte=start, created_at__lt=end, confirmed_at__isnull=False)
        .exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("id"))
        .order_by("-n", field)[:limit]
    )
    return [(row[field], row["n"]) for row in rows]


def messaging_figures_by_action(
    *, start: dt.datetime, end: dt.datetime, campaign_id: int | None = None
) -> dict[int, Funnel]:
    """The funnel for each action (of one campaign, or all) with submissions in [start, end):
    five queries grouped by action, not five for each action."""
    sets = _funnel_querysets(start=start, end=end, campaign_id=campaign_id, action_id=None)
    counts = {
        key: {
            row["action_id"]: row["n"]
            for row in queryset.order_by().values("action_id").annotate(n=Count("id"))
        }
        for key, queryset in sets.items()
    }
    return {
        action_id: Funnel(**{key: counts[key].get(action_id, 0) for key in sets})
        for action_id in sorted(counts["submitted"])
    }


# "What is working" from the daily rollup (`services.rollup`, brought up to date first by
# `messaging_rollup_refresh`): the same figures as the live selectors above, for whole local
# days [first, last], read from one row per day and action instead of every message.

ACTIVITY = ("submissions", "confirmations", "deliveries", "bounces", "replies", "followups", "no_replies")
FUNNEL = {
    "submitted": "funnel_submitted",
    "confirmed": "funnel_confirmed",
    "delivered": "funnel_delivered",
    "messages_reached": "funnel_reached",
    "messages_replied": "funnel_replied",
}


def _daily(
    model: Any, *, first: dt.date, last: dt.date, campaign_id: int | None, action_id: int | None
) -> QuerySet[Any]:
    rows = model.objects.filter(day__gte=first, day__lte=last)
    return _scoped(rows, campaign_id=campaign_id, action_id=action_id).order_by()


def messaging_daily_activity(
    *, first: dt.date, last: dt.date, campaign_id: int | None = None, action_id: int | None = None
) -> dict[str, dict[dt.date, int]]:
    """`messaging_activity_by_day` for the local days first to last, from the daily rollup."""
    rows = (
        _daily(DailyFigures, first=first, last=last, campaign_id=campaign_id, action_id=action_id)
        .values("day")
        .annotate(**{key: Sum(key) for key in ACTIVITY})
    )
    activity: dict[str, dict[dt.date, int]] = {key: {} for key in ACTIVITY}
    for row in rows:
        for key in ACTIVITY:
            if row[key]:
                activity[key][row["day"]] = row[key]
    return activity


def messaging_daily_funnel(
    *, first: dt.date, last: dt.date, campaign_id: int | None = None, action_id: int | None = None
) -> Funnel:
    """`messaging_funnel` for the submissions made on the local days first to last, from the rollup."""
    sums = _daily(
        DailyFigures, first=first, last=last, campaign_id=campaign_id, action_id=action_id
    ).aggregate(**{key: Sum(column) for key, column in FUNNEL.items()})
    return Funnel(**{key: sums[key] or 0 for key in FUNNEL})


def messaging_daily_figures_by_action(
    *, first: dt.date, last: dt.date, campaign_id: int | None = None
) -> dict[int, Funnel]:
    """`messaging_figures_by_action` for the local days first to last, from the rollup."""
    rows = (
        _daily(DailyFigures, first=first, last=last, campaign_id=campaign_id, action_id=None)
        .values("action_id")
        .annotate(**{key: Sum(column) for key, column in FUNNEL.items()})
        .filter(submitted__gt=0)
        .order_by("action_id")
    )
    return {row["action_id"]: Funnel(**{key: row[key] for key in FUNNEL}) for row in rows}


def messaging_daily_top_areas(
    *,
    field: str,
    first: dt.date,
    last: dt.date,
    campaign_id: int | None = None,
    action_id: int | None = None,
    limit: int = 10,
) -> list[tuple[str, int]]:
    """`messaging_top_areas` for the submissions made on the local days first to last, from the rollup."""
    kinds = {"constituency_name": AreaKind.CONSTITUENCY, "council_name": AreaKind.COUNCIL}
    if field not in kinds:
        raise ValueError(field)
    if campaign_id is None and action_id is None:
        # Across every campaign: one row per day and area (the sums over the actions), not one
        # per day, action and area.
        daily = DailyAreaTotal.objects.filter(day__gte=first, day__lte=last).order_by()
    else:
        daily = _daily(DailyAreaCount, first=first, last=last, campaign_id=campaign_id, action_id=action_id)
    rows = (
        daily.filter(kind=kinds[field])
        .values("name")
        .annotate(n=Sum("confirmed"))
        .order_by("-n", "name")[:limit]
    )
    return [(row["name"], row["n"]) for row in rows]


def actions_taken_by_email(*, emails: list[str]) -> dict[str, list[tuple[str, dt.datetime]]]:
    """Each address's confirmed submissions (action title, when confirmed), oldest first; for the
    export of consenting supporters."""
    taken: dict[str, list[tuple[str, dt.datetime]]] = {}
    for i in range(0, len(emails), 500):
        rows = (
            Submission.objects.filter(
                email_canonical__in=emails[i : i + 500], confirmed_at__isnull=False, erased_at__isnull=True
            )
            .order_by("confirmed_at", "pk")
            .values_list("email_canonical", "action__title", "confirmed_at")
        )
        for email, title, when in rows:
            if when is not None:  # always, by the filter; said for the type checker
                taken.setdefault(email, []).append((title, when))
    return taken
