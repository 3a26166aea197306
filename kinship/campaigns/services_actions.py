"""Building actions in the staff console: create and save (a new action starts as a draft),
publish and unpublish, each action's status in words, its change history and restoring an
earlier version. The campaign half of the builder lives elsewhere; this module is the actions'.

Merge fields are checked by the console's form with `kinship.messaging.merge.template_problems`
(messaging stands above campaigns), so what reaches here has been checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kinship.campaigns.models import Action, ActionKind, ActionVariant, Campaign
from kinship.representatives.models import Office

# Fields a restore brings back. The campaign, slug, publication and order stay as they are now:
# restoring wording never publishes or unpublishes an action, nor moves it.
KEPT_ON_RESTORE = frozenset(
    {"id", "campaign", "slug", "is_published", "display_order", "created_at", "updated_at"}
)


class ActionStatus:
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CAMPAIGN_NOT_PUBLIC = "campaign_not_public"


STATUS_WORDS = {
    ActionStatus.DRAFT: "Draft",
    ActionStatus.SCHEDULED: "Scheduled",
    ActionStatus.OPEN: "Open",
    ActionStatus.CLOSED: "Closed",
    ActionStatus.CAMPAIGN_NOT_PUBLIC: "Published, waiting for its campaign",
}


class ActionNotReadyError(Exception):
    """An action that cannot be published yet, with the reasons in plain words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class ActionRestoreError(Exception):
    """The version asked for is not one of this action's."""


def action_status(action: Action, *, now: dt.datetime | None = None) -> str:
    """Draft (not published), scheduled (published, opening later), closed (its closing time
    has passed), open, or published but its campaign is not public yet. `campaigns.selectors.
    action_is_open` stays the one rule for whether supporters can take it."""
    now = now or timezone.now()
    if not action.is_published:
        return ActionStatus.DRAFT
    if action.closes_at and action.closes_at <= now:
        return ActionStatus.CLOSED
    if action.opens_at and action.opens_at > now:
        return ActionStatus.SCHEDULED
    if not action.campaign.is_public:
        return ActionStatus.CAMPAIGN_NOT_PUBLIC
    return ActionStatus.OPEN


def action_slug(*, title: str, action: Action | None = None) -> str:
    """A unique address for a new action, from its title ("write-to-your-mp", "-2" if taken)."""
    base = (slugify(title) or "action")[:70].strip("-") or "action"
    slug, n = base, 1
    others = Action.objects.exclude(pk=action.pk) if action is not None and action.pk else Action.objects
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class VariantText:
    language: str
    subject_template: str
    body_template: str


@transaction.atomic
def action_save(*, action: Action, campaign: Campaign, variants: list[VariantText] | None = None) -> Action:
    """Save an action built in the console, with its extra wordings (replacing the old ones when
    given). A new action starts as a draft, with an address made from its title."""
    action.campaign = campaign
    if action.pk is None:
        action.is_published = False
        action.slug = action_slug(title=action.title)
    action.save()
    if variants is not None:
        _replace_variants(action, variants)
    return action


def _replace_variants(action: Action, variants: list[VariantText]) -> None:
    """Swap an action's other wordings for `variants`, one by one so each is in the history."""
    for old in action.variants.all():
        old.delete()
    for v in variants:
        ActionVariant.objects.create(
            action=action,
            language=v.language,
            subject_template=v.subject_template,
            body_template=v.body_template,
        )


def action_publish_problems(action: Action) -> list[str]:
    """Why an action cannot go live yet: who it writes to, where it is for, and the words
    supporters need for its kind."""
    reasons = []
    if action.kind in {ActionKind.PETITION, ActionKind.OPEN_LETTER}:
        reasons.append("Petitions and open letters are published from the Petitions page.")
    if action.target_office_id is None and not action.target_roles:
        reasons.append("Choose who is written to: a fixed person, or roles found from the postcode.")
    if not action.nations:
        reasons.append("Choose at least one nation the action is for.")
    if action.kind == ActionKind.PHONE:
        if not action.phone_script:
            reasons.append("Write the phone script.")
    elif not (action.subject_template and action.body_template):
        reasons.append("Write the subject and the message.")
    return reasons


def action_publish(*, action: Action) -> Action:
    """Publish an action: supporters can take it from its opening time (now, if none) until it
    closes. Raises ActionNotReadyError with the reasons when something is missing."""
    reasons = action_publish_problems(action)
    if reasons:
        raise ActionNotReadyError(reasons)
    if not action.is_published:
        action.is_published = True
        action._change_reason = "Published"  # type: ignore[attr-defined]
        action.save(update_fields=["is_published", "updated_at"])
    return action


def action_unpublish(*, action: Action) -> Action:
    """Take an action down (back to a draft): nobody can take it until it is published again."""
    if action.is_published:
        action.is_published = False
        action._change_reason = "Unpublished"  # type: ignore[attr-defined]
        action.save(update_fields=["is_published", "updated_at"])
    return action


def _variants_of_version(action: Action, record: Any) -> list[VariantText] | None:
    """The other wordings an action had while `record` was its latest version (up to the moment
    before its next version was saved), or None when its wordings were never recorded (saved
    before wordings had a history), so a restore leaves them alone."""
    if not ActionVariant.history.filter(action_id=action.pk).exists():  # type: ignore[attr-defined]
        return None
    later = (
        action.history.filter(history_date__gt=record.history_date)  # type: ignore[attr-defined]
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    moment = later - dt.timedelta(microseconds=1) if later is not None else timezone.now()
    rows = ActionVariant.history.as_of(moment).filter(action_id=action.pk).order_by("id")  # type: ignore[attr-defined]
    return [VariantText(v.language, v.subject_template, v.body_template) for v in rows]


def _describe_variants(variants: list[VariantText] | None) -> str:
    if not variants:
        return ""
    return "\n".join(f"{LANGUAGE_WORDS.get(v.language, v.language)}: {v.subject_template}" for v in variants)


LANGUAGE_WORDS = {"en-gb": "English", "cy": "Welsh"}


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    history_id: int
    when: dt.datetime
    who: str
    kind: str  # "Created", "Changed", "Deleted"
    reason: str
    changes: list[Change]
    is_current: bool


def action_history(action: Action) -> list[HistoryEntry]:
    """Every saved version of an action, newest first: who saved it, when, and what changed
    from the version before (field by field)."""
    records = list(action.history.select_related("history_user").order_by("-history_date", "-history_id"))  # type: ignore[attr-defined]
    labels = {f.name: str(f.verbose_name) for f in Action._meta.get_fields() if hasattr(f, "verbose_name")}
    wordings = [_describe_variants(_variants_of_version(action, record)) for record in records]
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["updated_at"])
            changes = [
                Change(field=c.field, label=labels.get(c.field, c.field).capitalize(), old=c.old, new=c.new)
                for c in delta.changes
            ]
            if wordings[index] != wordings[index + 1]:
                changes.append(
                    Change(
                        field="variants", label="Other wordings", old=wordings[index + 1], new=wordings[index]
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                when=record.history_date,
                who=user.get_username() if user is not None else "(not recorded)",
                kind={"+": "Created", "~": "Changed", "-": "Deleted"}.get(record.history_type, ""),
                reason=record.history_change_reason or "",
                changes=changes,
                is_current=index == 0,
            )
        )
    return entries


@transaction.atomic
def action_restore(*, action: Action, history_id: int) -> Action:
    """Bring back an earlier version's wording, other wordings and settings, saved as a new version (so the
    restore is in the history too, and can itself be undone). Publication is left as it is now.
    Raises ActionRestoreError when `history_id` is not a version of this action."""
    record = action.history.filter(history_id=history_id).first()  # type: ignore[attr-defined]
    if record is None:
        raise ActionRestoreError("That version is not one of this action's.")
    for field in Action._meta.concrete_fields:
        if field.name in KEPT_ON_RESTORE:
            continue
        value = getattr(record, field.attname)
        if field.name == "target_office" and value is not None:
            # The office may have been deleted since: a fixed target that is gone is left empty.
            value = value if Office.objects.filter(pk=value).exists() else None
        setattr(action, field.attname, value)
    variants = _variants_of_version(action, record)
    saved = timezone.localtime(record.history_date)
    when = f"{saved.day} {saved:%b %Y %H:%M}"
    action._change_reason = f"Restored the version saved {when}"  # type: ignore[attr-defined]
    action.save()
    if variants is not None:
        _replace_variants(action, variants)
    return action
