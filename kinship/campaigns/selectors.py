"""Reads for campaigns and their actions: public campaigns, counts, the commitments tracker,
and which actions are open (the one rule for that is `action_is_open`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kinship.campaigns import conf
from kinship.campaigns.models import (
    Action,
    Ask,
    Campaign,
    CampaignStatus,
    Commitment,
    CommitmentStatus,
    Fact,
    NewsItem,
)
from kinship.core.counters import counter_value, counter_values
from kinship.core.memo import ShortMemo
from kinship.geography.types import PostcodeResult


def campaign_list_public() -> QuerySet[Campaign]:
    """Campaigns visitors may see, live ones first."""
    return Campaign.objects.exclude(status=CampaignStatus.DRAFT)


def campaign_get_public(*, slug: str) -> Campaign:
    """One public campaign; raises Campaign.DoesNotExist. Its asks, facts and news are read
    lazily by the page's cached fragments, so a warm page does not query them at all."""
    return campaign_list_public().get(slug=slug)


def campaign_supporter_count(*, campaign: Campaign) -> int:
    """Exact number of confirmed supporters (erased supporters still count, anonymously)."""
    return counter_value(key=campaign.supporter_counter_key)


def count_is_shown(*, campaign: Campaign, count: int) -> bool:
    """Whether a count is worth showing: at least the staff's threshold, and never 0."""
    return count >= max(1, campaign.count_threshold)


@dataclass(frozen=True)
class SupporterCount:
    """The supporter count as a campaign page shows it: the number, whether to show it, the goal."""

    count: int
    shown: bool
    goal: int | None
    goal_percent: int


def campaign_supporter_display(*, campaign: Campaign) -> SupporterCount:
    """The count, shown only from the threshold up; on an ended campaign, the final count
    (staff may give one counted elsewhere); progress towards a goal staff set, at most 100%."""
    count = campaign_supporter_count(campaign=campaign)
    if campaign.has_ended and campaign.final_supporter_count:
        count = max(count, campaign.final_supporter_count)
    goal = campaign.supporter_goal or None
    percent = min(100, count * 100 // goal) if goal else 0
    return SupporterCount(
        count=count, shown=count_is_shown(campaign=campaign, count=count), goal=goal, goal_percent=percent
    )


def campaign_actions_taken(*, campaign: Campaign) -> int:
    """How many times people took any of the campaign's actions (open or closed), for its final counts."""
    actions = list(Action.objects.filter(campaign=campaign).only("pk"))
    return sum(counter_values(keys=[a.counter_key for a in actions]).values()) if actions else 0


def commitment_list() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("campaign").order_by("-made_on", "id")


def commitment_status_counts(commitments: list[Commitment]) -> dict[str, int]:
    """How many commitments stand at each status (every status present, zero if none)."""
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for commitment in commitments:
        counts[commitment.status] += 1
    return counts


# ---------------------------------------------------------------- actions


def action_is_open(action: Action, *, now: dt.datetime | None = None) -> bool:
    """Whether people can take `action` now: published, on a public campaign, and inside its
    opening and closing times (open from `opens_at`, closed from `closes_at`)."""
    now = now or timezone.now()
    if not action.is_published or not action.campaign.is_public:
        return False
    if action.opens_at and action.opens_at > now:
        return False
    return not (action.closes_at and action.closes_at <= now)


def _published_actions() -> QuerySet[Action]:
    return (
        Action.objects.select_related("campaign", "target_office")
        .filter(is_published=True)
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .order_by("campaign__display_order", "display_order", "id")
    )


def action_list_open(*, now: dt.datetime | None = None) -> list[Action]:
    """Actions open now on public campaigns, in display order."""
    now = now or timezone.now()
    return [action for action in _published_actions() if action_is_open(action, now=now)]


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
# Saves in this process clear it at once (connected in CampaignsConfig.ready); other processes
# see a change within KINSHIP_ACTION_CACHE_SECONDS. Opening and closing are checked per request.
_ACTION_MEMO: ShortMemo[Action] = ShortMemo(conf.action_cache_seconds)
_CAMPAIGN_MEMO: ShortMemo[Campaign] = ShortMemo(conf.action_cache_seconds)


def clear_action_cache(**_kwargs: Any) -> None:
    _ACTION_MEMO.clear()
    _CAMPAIGN_MEMO.clear()


def campaign_get_public_cached(*, slug: str) -> Campaign:
    """`campaign_get_public`, memoised per process like actions (for the join form's POST at a
    peak: one query less per sign-up); raises Campaign.DoesNotExist."""
    return _CAMPAIGN_MEMO.get(slug, lambda: campaign_get_public(slug=slug))


def action_get_public_cached(*, slug: str) -> Action:
    """`action_get_public`, memoised per process for a few seconds; raises Action.DoesNotExist."""
    return _ACTION_MEMO.get(slug, lambda: action_get_public(slug=slug))


def actions_for_campaign(*, campaign: Campaign) -> list[Action]:
    """The campaign's open actions, in display order."""
    return [a for a in action_list_open() if a.campaign_id == campaign.pk]


def actions_for_postcode(*, result: PostcodeResult | None) -> list[Action]:
    """Open actions covering the nation this postcode is in."""
    if result is None or not result.is_usable:
        return []
    nation = result.nation
    return [a for a in action_list_open() if nation in a.nations]


def action_next(*, action: Action, nation: str = "") -> Action | None:
    """The next open action on the same campaign after `action` (in display order, going round),
    covering `nation` when it is known: what the thank-you page offers next."""
    siblings = [
        a for a in actions_for_campaign(campaign=action.campaign) if not nation or nation in a.nations
    ]
    if not siblings:
        return None
    later = [a for a in siblings if (a.display_order, a.pk) > (action.display_order, action.pk)]
    candidates = [a for a in later + siblings if a.pk != action.pk]
    return candidates[0] if candidates else None


def action_totals(*, actions: list[Action]) -> dict[int, int]:
    """How many people have taken each action, by action id (one query)."""
    values = counter_values(keys=[a.counter_key for a in actions])
    return {a.pk: values[a.counter_key] for a in actions}


def action_total(*, action: Action) -> int:
    return counter_value(key=action.counter_key)


# ---------------------------------------------------------------- the staff campaign builder


def campaign_stage(campaign: Campaign) -> str:
    """Where a campaign stands, for staff: draft, scheduled (a draft with a launch time), live,
    won or closed."""
    if campaign.status == CampaignStatus.DRAFT and campaign.launch_at:
        return "scheduled"
    return str(campaign.status)


def campaign_list_all() -> QuerySet[Campaign]:
    """Every campaign, drafts too, for staff: newest changes first."""
    return Campaign.objects.order_by("-updated_at", "title")


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a campaign or to one of its asks, facts, news items or commitments."""

    kind: str  # campaign, ask, fact, news, commitment (as `services.campaign_restore` takes)
    history_id: int
    when: dt.datetime
    who: str
    what: str  # "Added", "Changed", "Removed"
    label: str
    reason: str
    changes: list[HistoryChange]
    current: bool = False  # the version there is now (restoring it would change nothing)

    @property
    def restorable(self) -> bool:
        return self.what != "Removed" and not self.current


HISTORY_KINDS: dict[str, type[Any]] = {
    "campaign": Campaign,
    "ask": Ask,
    "fact": Fact,
    "news": NewsItem,
    "commitment": Commitment,
}
_NOT_SHOWN_IN_HISTORY = ["created_at", "updated_at"]
_WHAT = {"+": "Added", "~": "Changed", "-": "Removed"}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %b %Y %H:%M")
    return str(value)


def campaign_history(*, campaign: Campaign, limit: int = 200) -> list[HistoryEntry]:
    """Every change to the campaign and its asks, facts, news and commitments, newest first:
    who made it (a person, or the schedule/system), when, and each field's old and new value."""
    entries: list[HistoryEntry] = []
    for kind, model in HISTORY_KINDS.items():
        records = model.history.select_related("history_user")
        records = (
            records.filter(id=campaign.pk) if kind == "campaign" else records.filter(campaign_id=campaign.pk)
        )
        records = list(records.order_by("-history_date", "-history_id")[:limit])
        latest = _latest_ids(records)
        previous: dict[int, Any] = {}
        for record in reversed(records):
            before = previous.get(record.id)
            if before is None and record.history_type == "~":
                before = record.prev_record  # the first of this window: one query
            changes: list[HistoryChange] = []
            if before is not None and record.history_type == "~":
                delta = record.diff_against(before, excluded_fields=_NOT_SHOWN_IN_HISTORY)
                for change in delta.changes:
                    label = str(model._meta.get_field(change.field).verbose_name)
                    changes.append(HistoryChange(label.capitalize(), _shown(change.old), _shown(change.new)))
            previous[record.id] = record
            user = record.history_user
            entries.append(
                HistoryEntry(
                    kind=kind,
                    history_id=record.history_id,
                    when=record.history_date,
                    who=user.get_username() if user else "The schedule or the system",
                    what=_WHAT.get(record.history_type, "Changed"),
                    label=str(record.instance),
                    reason=record.history_change_reason or "",
                    changes=changes,
                    current=record.history_id in latest,
                )
            )
    entries.sort(key=lambda e: (e.when, e.history_id), reverse=True)
    return entries[:limit]


def _latest_ids(records: list[Any]) -> set[int]:
    """The history ids of the newest version of each object still there."""
    newest: dict[int, Any] = {}
    for record in records:  # newest first
        newest.setdefault(record.id, record)
    return {r.history_id for r in newest.values() if r.history_type != "-"}


def campaign_stage_counts() -> dict[str, int]:
    """How many campaigns stand at each stage (every stage present, zero if none)."""
    counts = dict.fromkeys(["draft", "scheduled", "live", "won", "closed"], 0)
    for campaign in Campaign.objects.only("status", "launch_at"):
        counts[campaign_stage(campaign)] += 1
    return counts
