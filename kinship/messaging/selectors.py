"""Reads for actions and messages."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kinship.campaigns.models import Action, Campaign, CampaignStatus
from kinship.core.counters import counter_value, counter_values
from kinship.messaging import conf
from kinship.messaging.models import Message, ReplyAnswer, Submission, SubmissionStatus
from kinship.messaging.targets import nation_for

COUNCIL_ROLES = ("leader", "elected_mayor", "lead_member_children", "cabinet_member", "director_children")


def action_list_open() -> list[Action]:
    """Actions open now on public campaigns, in display order."""
    now = timezone.now()
    qs = (
        Action.objects.select_related("campaign", "target_office")
        .filter(is_published=True)
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("campaign__display_order", "display_order", "id")
    )
    return list(qs)


def action_get_public(*, slug: str) -> Action:
    """One action on a public campaign (open or not); raises Action.DoesNotExist."""
    return (
        Action.objects.select_related(
            "campaign", "target_office", "target_office__person", "target_office__area"
        )
        .prefetch_related("variants")
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .get(slug=slug, is_published=True)
    )


# The API takes many submissions for one action at peak: keep the action (with its campaign,
# fixed target and variants) per process for a few seconds instead of four joins a request.
# Saves in this process clear it at once (signals below); other processes see a change
# within KINSHIP_ACTION_CACHE_SECONDS. Opening and closing dates are still checked per request.
_ACTION_CACHE: dict[str, tuple[float, Action]] = {}


def clear_action_cache(**_kwargs: Any) -> None:
    _ACTION_CACHE.clear()


def action_get_public_cached(*, slug: str) -> Action:
    """`action_get_public`, memoised per process for a few seconds; raises Action.DoesNotExist."""
    ttl = float(conf.get("KINSHIP_ACTION_CACHE_SECONDS"))
    if ttl <= 0:
        return action_get_public(slug=slug)
    now = time.monotonic()
    cached = _ACTION_CACHE.get(slug)
    if cached is not None and cached[0] > now:
        return cached[1]
    action = action_get_public(slug=slug)
    if len(_ACTION_CACHE) >= 256:
        _ACTION_CACHE.clear()
    _ACTION_CACHE[slug] = (now + ttl, action)
    return action


def _connect_cache_clearing() -> None:
    from django.db.models.signals import post_delete, post_save

    from kinship.campaigns.models import ActionVariant

    for model in (Action, ActionVariant, Campaign):
        post_save.connect(
            clear_action_cache, sender=model, dispatch_uid=f"messaging-action-cache-{model.__name__}"
        )
        post_delete.connect(
            clear_action_cache, sender=model, dispatch_uid=f"messaging-action-cache-del-{model.__name__}"
        )


_connect_cache_clearing()


def actions_for_campaign(*, campaign: Campaign) -> list[Action]:
    return [a for a in action_list_open() if a.campaign_id == campaign.pk]


def action_totals(*, actions: list[Action]) -> dict[int, int]:
    values = counter_values(keys=[a.counter_key for a in actions])
    return {a.pk: values[a.counter_key] for a in actions}


def action_total(*, action: Action) -> int:
    return counter_value(key=action.counter_key)


def actions_for_postcode(*, result: Any) -> list[Action]:
    """Open actions covering the nation this postcode is in."""
    if result is None or not getattr(result, "is_usable", False):
        return []
    nation = nation_for(result)
    return [a for a in action_list_open() if nation in a.nations]


@dataclass(frozen=True)
class Responsiveness:
    answered: int
    replied: int
    helped: int


def _responsiveness(rows: list[dict[str, Any]], key: str) -> dict[Any, Responsiveness]:
    minimum = int(conf.get("KINSHIP_RESPONSIVENESS_MIN_MESSAGES"))
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
