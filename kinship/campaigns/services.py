"""Writes for campaigns: launching, closing and winning them (now or on a schedule), and
restoring an earlier version of a campaign or of one of its asks, facts, news items or
commitments. Every change is kept in the models' history with who made it (a person, or the
schedule) and why."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone

from kinship.campaigns.models import Ask, Campaign, CampaignStatus, Commitment, Fact, NewsItem

logger = logging.getLogger(__name__)

SCHEDULE_LAUNCH_REASON = "Launched by the schedule"
SCHEDULE_CLOSE_REASON = "Closed by the schedule"


class CampaignScheduleError(Exception):
    """A launch, close or schedule that cannot be done; the message says why, kindly."""


class CampaignRestoreError(Exception):
    """An earlier version that cannot be brought back; the message says why."""


def _save(obj: models.Model, *, by: Any, reason: str, **kwargs: Any) -> None:
    """Save with the history entry naming who made the change (None = the schedule) and why."""
    obj._history_user = by  # type: ignore[attr-defined]
    obj._change_reason = reason[:100]  # type: ignore[attr-defined]
    obj.save(**kwargs)


def campaign_launch_problems(*, campaign: Campaign) -> list[str]:
    """What stops a campaign going live, in words staff can act on (empty = it may launch).

    A live campaign is public: it needs the words a visitor reads first and at least one ask,
    because the campaign page is built around what we are asking for."""
    problems = []
    if not campaign.title.strip() or not campaign.summary.strip() or not campaign.story.strip():
        problems.append("Give the campaign a title, a summary and its story.")
    if not Ask.objects.filter(campaign=campaign).exists():
        problems.append("Add at least one ask, so visitors know what the campaign wants.")
    return problems


def _check_launchable(campaign: Campaign) -> None:
    problems = campaign_launch_problems(campaign=campaign)
    if problems:
        raise CampaignScheduleError(" ".join(problems))


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def campaign_launch(*, campaign: Campaign, by: Any, now: dt.datetime | None = None) -> Campaign:
    """Make a draft campaign live now (it becomes public)."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignScheduleError("Only a draft can be launched. This campaign is already public.")
    _check_launchable(campaign)
    if campaign.close_at and campaign.close_at <= now:
        raise CampaignScheduleError("The scheduled close has passed. Change or remove it first.")
    _go_live(campaign, now=now, by=by, reason="Launched")
    return campaign


def _go_live(campaign: Campaign, *, now: dt.datetime, by: Any, reason: str) -> None:
    campaign.status = CampaignStatus.LIVE
    campaign.launch_at = now
    campaign.started_on = campaign.started_on or timezone.localdate(now)
    _save(campaign, by=by, reason=reason)


@transaction.atomic
def campaign_schedule(
    *,
    campaign: Campaign,
    by: Any,
    launch_at: dt.datetime | None,
    close_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> Campaign:
    """Set (or clear, with None) when a draft launches and when the campaign closes.

    Times must be in the future and the close after the launch; a draft scheduled to launch
    must already be ready to (it is checked again when the time comes)."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    if campaign.has_ended:
        raise CampaignScheduleError("This campaign has ended, so it cannot be scheduled.")
    if campaign.status != CampaignStatus.DRAFT and launch_at != campaign.launch_at and launch_at:
        raise CampaignScheduleError("This campaign is already live, so it cannot be scheduled to launch.")
    if campaign.status == CampaignStatus.DRAFT:
        if launch_at and launch_at <= now:
            raise CampaignScheduleError("The launch must be in the future. To launch now, use Launch now.")
        if launch_at:
            _check_launchable(campaign)
    if close_at:
        if close_at <= now:
            raise CampaignScheduleError("The close must be in the future. To close now, use Close now.")
        starts = launch_at if campaign.status == CampaignStatus.DRAFT else None
        if starts and close_at <= starts:
            raise CampaignScheduleError("The close must be after the launch.")
        if campaign.status == CampaignStatus.DRAFT and not launch_at:
            raise CampaignScheduleError("Schedule the launch too: a draft that never launches cannot close.")
    if campaign.status == CampaignStatus.DRAFT:
        campaign.launch_at = launch_at
    campaign.close_at = close_at
    _save(campaign, by=by, reason="Schedule changed")
    return campaign


@transaction.atomic
def campaign_close(
    *, campaign: Campaign, by: Any, outcome: str = "", now: dt.datetime | None = None
) -> Campaign:
    """Close a live campaign now: it stays public, with its outcome, and takes no new supporters."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.LIVE:
        raise CampaignScheduleError("Only a live campaign can be closed.")
    _end(campaign, status=CampaignStatus.CLOSED, now=now, outcome=outcome, by=by, reason="Closed")
    return campaign


@transaction.atomic
def campaign_mark_won(
    *, campaign: Campaign, by: Any, outcome: str, outcome_cy: str = "", now: dt.datetime | None = None
) -> Campaign:
    """Mark a live or closed campaign as won, saying what was won."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    if campaign.status not in {CampaignStatus.LIVE, CampaignStatus.CLOSED}:
        raise CampaignScheduleError("Only a campaign that has been launched can be won.")
    if not outcome.strip():
        raise CampaignScheduleError("Say what was won, in a sentence or two: visitors will read it.")
    if outcome_cy.strip():
        campaign.outcome_cy = outcome_cy.strip()
    _end(campaign, status=CampaignStatus.WON, now=now, outcome=outcome, by=by, reason="Marked as won")
    return campaign


def _end(campaign: Campaign, *, status: str, now: dt.datetime, outcome: str, by: Any, reason: str) -> None:
    campaign.status = status
    if status == CampaignStatus.CLOSED or not campaign.ended_on:
        campaign.ended_on = timezone.localdate(now)  # a closed campaign later won keeps its end day
    campaign.close_at = None
    if outcome.strip():
        campaign.outcome = outcome.strip()
    _save(campaign, by=by, reason=reason)


def campaigns_run_schedule(*, now: dt.datetime | None = None) -> tuple[list[int], list[int]]:
    """Launch drafts whose launch time has come and close live campaigns whose close time has
    come; each change is recorded as made by the schedule. Returns (launched ids, closed ids).

    A draft that is no longer ready when its time comes stays a draft (and is logged), so a
    half-built campaign never goes public by itself."""
    now = now or timezone.now()
    launched: list[int] = []
    closed: list[int] = []
    for pk in Campaign.objects.filter(status=CampaignStatus.DRAFT, launch_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=pk)
            if campaign.status != CampaignStatus.DRAFT or not campaign.launch_at or campaign.launch_at > now:
                continue
            if campaign_launch_problems(campaign=campaign):
                logger.warning("campaign %s not launched by the schedule: not ready", pk)
                continue
            _go_live(campaign, now=campaign.launch_at, by=None, reason=SCHEDULE_LAUNCH_REASON)
            launched.append(pk)
    for pk in Campaign.objects.filter(status=CampaignStatus.LIVE, close_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=pk)
            if campaign.status != CampaignStatus.LIVE or not campaign.close_at or campaign.close_at > now:
                continue
            _end(
                campaign,
                status=CampaignStatus.CLOSED,
                now=campaign.close_at,
                outcome="",
                by=None,
                reason=SCHEDULE_CLOSE_REASON,
            )
            closed.append(pk)
    return launched, closed


# ---------------------------------------------------------------- restore

# What a restore brings back on a campaign: its words and settings, not where it stands
# (launching, closing and winning are done on purpose, with their own checks).
CAMPAIGN_STATE_FIELDS = {"status", "launch_at", "close_at", "started_on", "ended_on"}

RESTORABLE: dict[str, type[models.Model]] = {
    "campaign": Campaign,
    "ask": Ask,
    "fact": Fact,
    "news": NewsItem,
    "commitment": Commitment,
}


def _restore_reason(record: Any, by: Any) -> str:
    when = formats.date_format(timezone.localtime(record.history_date), "j M Y H:i")
    who = by.get_username() if by is not None else "the system"
    return f"Restored version of {when} by {who}"


@transaction.atomic
def campaign_restore(*, campaign: Campaign, history_id: int, by: Any, kind: str = "campaign") -> models.Model:
    """Bring back an earlier version of the campaign (its words and settings) or of one of its
    asks, facts, news items or commitments (re-made if it was removed). The restore is itself a
    new history entry, "Restored version of <date> by <who>", so it can be undone the same way."""
    model = RESTORABLE.get(kind)
    if model is None:
        raise CampaignRestoreError("That is not something that can be restored.")
    history = model.history  # type: ignore[attr-defined]
    record = history.select_related("history_user").filter(history_id=history_id).first()
    belongs = record is not None and (
        record.id == campaign.pk if kind == "campaign" else record.campaign_id == campaign.pk
    )
    if record is None or not belongs:
        raise CampaignRestoreError("That version was not found for this campaign.")
    reason = _restore_reason(record, by)
    if kind == "campaign":
        current = _lock(campaign)
        for field in Campaign._meta.concrete_fields:
            if field.primary_key or field.name in CAMPAIGN_STATE_FIELDS or field.name in {"created_at"}:
                continue
            setattr(current, field.attname, getattr(record, field.attname))
        if Campaign.objects.filter(slug=current.slug).exclude(pk=current.pk).exists():
            raise CampaignRestoreError(
                f"Another campaign now uses the web address “{current.slug}”, so this version cannot come back."
            )
        _save(current, by=by, reason=reason)
        return current
    if record.history_type == "-":
        raise CampaignRestoreError("That entry records a removal: restore the version before it instead.")
    instance = record.instance
    try:
        with transaction.atomic():
            _save(instance, by=by, reason=reason)
    except IntegrityError as exc:
        raise CampaignRestoreError("That version cannot come back as it was.") from exc
    return instance


# ---------------------------------------------------------------- asks and facts in order

ORDERED_ITEMS: dict[str, Any] = {"ask": Ask, "fact": Fact}


@transaction.atomic
def campaign_item_save(*, campaign: Campaign, item: models.Model) -> models.Model:
    """Save an ask, fact, news item or commitment of `campaign`; a new ask or fact goes last."""
    is_new = item.pk is None
    item.campaign = campaign  # type: ignore[attr-defined]
    model = next((m for m in ORDERED_ITEMS.values() if isinstance(item, m)), None)
    if is_new and model is not None:
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        last = model.objects.filter(campaign=campaign).aggregate(last=models.Max("order"))["last"]
        item.order = (last or 0) + 1  # type: ignore[attr-defined]
    item.save()
    return item


@transaction.atomic
def campaign_item_move(*, campaign: Campaign, kind: str, item_id: int, up: bool) -> None:
    """Move an ask or a fact one place up or down the campaign's list (numbered afresh 1, 2, 3…)."""
    model: Any = ORDERED_ITEMS.get(kind)
    if model is None:
        raise CampaignScheduleError("Only asks and facts have an order.")
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    items = list(model.objects.filter(campaign=campaign).order_by("order", "id"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise CampaignScheduleError("That item is not on this campaign any more.")
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
