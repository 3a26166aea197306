"""Writes for local campaigns: a guided-steps message sent through messaging's actions machinery
(with a meeting invitation's .ics file when there is one)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinship.campaigns.models import Action, ActionKind, Campaign, CampaignStatus
from kinship.core.outbox import email_enqueue
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject
from kinship.core.scheduling import each_isolated
from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.localcampaigns import conf, tokens
from kinship.localcampaigns.ics import calendar_event
from kinship.localcampaigns.models import Invitation, Journey, JourneyEntry
from kinship.localcampaigns.selectors import CouncilPeople, CouncilPerson
from kinship.localcampaigns.toolkit import COUNCIL_ROLES, MeetingDetails, Method
from kinship.messaging import conf as messaging_conf
from kinship.messaging.attachments import Attachment
from kinship.messaging.models import Message, Submission
from kinship.messaging.services import SubmissionInput, submission_create


class ToolkitUnavailableError(Exception):
    """There is no live campaign for the toolkit's messages to count towards."""


# One hidden action per way of asking: messaging needs an Action for every message, and the
# kind decides the channel (email, printed letter). Unpublished, so no list shows them.
TOOLKIT_ACTIONS: dict[str, tuple[str, str]] = {
    Method.EMAIL: ("campaign-in-your-council-email", ActionKind.EMAIL_POSTCODE),
    Method.LETTER: ("campaign-in-your-council-letter", ActionKind.LETTER),
    Method.MEETING: ("campaign-in-your-council-meeting", ActionKind.MEETING),
    Method.INVITATION: ("campaign-in-your-council-invitation", ActionKind.MEETING),
}
INVITATION_SLUG = TOOLKIT_ACTIONS[Method.INVITATION][0]


def _campaign() -> Campaign:
    slug = conf.campaign_slug()
    live = Campaign.objects.filter(status=CampaignStatus.LIVE)
    campaign = live.filter(slug=slug).first() if slug else live.order_by("display_order", "id").first()
    if campaign is None:
        raise ToolkitUnavailableError
    return campaign


def toolkit_action(*, method: str) -> Action:
    """The (hidden) action a guided-steps message of this kind is sent under; made on first use.
    Raises ToolkitUnavailableError when there is no live campaign."""
    slug, kind = TOOLKIT_ACTIONS[method]
    action = Action.objects.select_related("campaign").filter(slug=slug).first()
    if action is not None:
        return action
    action, _created = Action.objects.get_or_create(
        slug=slug,
        defaults={
            "campaign": _campaign(),
            "kind": kind,
            "title": "Campaign in your council",
            "title_cy": "Ymgyrchu yn eich cyngor",
            "target_roles": list(COUNCIL_ROLES),
            "is_published": False,
            "covers_scotland": False,
        },
    )
    return action


@transaction.atomic
def guided_message_create(
    *,
    people: CouncilPeople,
    person: CouncilPerson,
    method: str,
    data: SubmissionInput,
    language: str,
    meeting: MeetingDetails | None = None,
) -> Submission:
    """Store the carer's message to one council person through messaging (they confirm it by
    email before it goes), and the meeting's details when it is an invitation.
    Raises ToolkitUnavailableError, and messaging's TargetsError / NoTargetsChosenError."""
    if method not in TOOLKIT_ACTIONS:
        raise ValueError(method)
    action = toolkit_action(method=method)
    data = dataclasses.replace(data, postcode=people.postcode, target_keys=[person.target.key])
    submission = submission_create(action=action, data=data, language=language, resolution=people.resolution)
    if method == Method.INVITATION and meeting is not None:
        Invitation.objects.create(
            submission=submission,
            group_name=meeting.group_name,
            starts_at=meeting.starts_at,
            place=meeting.place,
        )
    return submission


def invitation_attachments(message: Message) -> list[Attachment]:
    """The .ics file for an invitation message (registered with messaging's attachments)."""
    if message.action.slug != INVITATION_SLUG:
        return []
    invitation = Invitation.objects.filter(submission_id=message.submission_id).first()
    if invitation is None:
        return []
    with translation.override(message.submission.language):
        summary = _("%(group)s: kinship carers' meeting") % {"group": invitation.group_name}
        description = _("An invitation from %(name)s, a kinship carer, to meet local kinship carers.") % {
            "name": message.submission.sender_name
        }
    content = calendar_event(
        uid=f"{invitation.uid}@{messaging_conf.message_id_domain()}",
        starts_at=invitation.starts_at,
        ends_at=invitation.starts_at + dt.timedelta(minutes=invitation.duration_minutes),
        summary=summary,
        location=invitation.place,
        description=description,
        stamp=timezone.now(),
    )
    return [Attachment("invitation.ics", content, "text/calendar")]


def toolkit_action_preview(*, method: str) -> Action:
    """An unsaved action of the kind this method sends, for a preview (nothing is stored)."""
    return Action(kind=TOOLKIT_ACTIONS[method][1])


# ---------------------------------------------------------------- the journey log


class JourneyLinkExpiredError(Exception):
    """The journey link was ours but is too old."""


class JourneyLinkInvalidError(Exception):
    """The journey link is broken, or its log has been deleted."""


@dataclasses.dataclass(frozen=True)
class EntryInput:
    """One step of a local campaign, as the carer describes it."""

    kind: str
    happened_on: dt.date
    who: str = ""
    how: str = ""
    notes: str = ""
    next_step: str = ""
    remind_on: dt.date | None = None
    share: bool = False


def journey_url(journey: Journey) -> str:
    token = make_token(journey.pk, salt=tokens.JOURNEY_SALT)
    return f"{settings.SITE_URL}{reverse('localcampaigns:journey', kwargs={'token': token})}"


def journey_link_request(
    *, email: str, language: str, council_code: str = "", council_name: str = ""
) -> None:
    """Email a private link to the carer's journey log, starting one if they have none."""
    canonical = canonical_email(email)
    with transaction.atomic():
        journey, _created = Journey.objects.get_or_create(email=canonical, defaults={"language": language})
        fields = {"language": language}
        if council_code:
            fields.update(council_code=council_code, council_name=council_name)
        Journey.objects.filter(pk=journey.pk).update(**fields, updated_at=timezone.now())
        email_enqueue(
            kind="journey_link",
            to=canonical,
            template="localcampaigns/email/journey_link",
            context={"url": journey_url(journey), "days": conf.journey_link_days()},
            language=language,
        )


def journey_from_token(token: str) -> Journey:
    """The journey log a private link is for; raises JourneyLinkExpiredError or JourneyLinkInvalidError."""
    with link_errors(expired=JourneyLinkExpiredError, invalid=JourneyLinkInvalidError):
        pk = read_int_token(token, salt=tokens.JOURNEY_SALT, max_age=tokens.journey_max_age())
    journey = Journey.objects.filter(pk=pk).first()
    if journey is None:
        raise JourneyLinkInvalidError
    return journey


def journey_entry_add(*, journey: Journey, data: EntryInput) -> JourneyEntry:
    """Record one step of the carer's campaign at their council."""
    return JourneyEntry.objects.create(
        journey=journey,
        council_code=journey.council_code,
        council_name=journey.council_name,
        kind=data.kind,
        who=data.who,
        how=data.how,
        happened_on=data.happened_on,
        notes=data.notes,
        next_step=data.next_step,
        remind_on=data.remind_on,
        shared_at=timezone.now() if data.share else None,
    )


def journey_entry_share(*, journey: Journey, entry_id: int, share: bool) -> None:
    """Share one entry with the charity, or stop sharing it."""
    JourneyEntry.objects.filter(journey=journey, pk=entry_id).update(
        shared_at=timezone.now() if share else None
    )


def journey_entry_delete(*, journey: Journey, entry_id: int) -> None:
    JourneyEntry.objects.filter(journey=journey, pk=entry_id).delete()


def journey_delete(*, journey: Journey) -> None:
    """Delete the carer's whole log (its entries go with it). Their own choice, at once."""
    Journey.objects.filter(pk=journey.pk).delete()


def journey_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Email each next-step reminder once, on or after its date. Each entry in its own small
    transaction, so one bad row never holds back the rest."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = JourneyEntry.objects.filter(remind_on__lte=today, reminder_sent_at__isnull=True)

    def remind(pk: int) -> bool:
        with transaction.atomic():
            entry = (
                JourneyEntry.objects.select_for_update(of=("self",))
                .select_related("journey")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if entry is None:
                return False
            email_enqueue(
                kind="journey_reminder",
                to=entry.journey.email,
                template="localcampaigns/email/journey_reminder",
                context={
                    "next_step": entry.next_step,
                    "who": entry.who,
                    "council": entry.council_name,
                    "url": journey_url(entry.journey),
                },
                language=entry.journey.language,
            )
            entry.reminder_sent_at = now
            entry.save(update_fields=["reminder_sent_at"])
            return True

    # An error on one entry is logged and the rest go on (core.scheduling.each_isolated).
    return sum(
        each_isolated(
            list(due.values_list("pk", flat=True)[:1000]), remind, job="localcampaigns.journey_reminders"
        )
    )


def journeys_unused_delete(*, now: dt.datetime | None = None) -> int:
    """Retention: a log asked for but never written in is deleted after the link has expired."""
    cutoff = (now or timezone.now()) - tokens.journey_max_age()
    deleted, _counts = Journey.objects.filter(created_at__lt=cutoff, entries__isnull=True).delete()
    return deleted


def journey_rows(journey: Journey) -> list[dict[str, str]]:
    """The carer's log as rows (their download and their data-protection export)."""
    return [
        {
            "date": entry.happened_on.isoformat(),
            "council": entry.council_name,
            "what": str(entry.get_kind_display()),
            "who": entry.who,
            "how": str(entry.get_how_display()) if entry.how else "",
            "notes": entry.notes,
            "next_step": entry.next_step,
            "remind_on": entry.remind_on.isoformat() if entry.remind_on else "",
            "shared_with_charity": "yes" if entry.is_shared else "no",
        }
        for entry in journey.entries.all()
    ]


def journey_export(person: DataSubject) -> list[dict[str, str]]:
    """Data-protection export: the person's journey log."""
    journey = Journey.objects.filter(email=canonical_email(person.email)).first()
    return journey_rows(journey) if journey else []


def journey_erase(person: DataSubject) -> None:
    """Data-protection erasure: the person's journey log goes entirely."""
    Journey.objects.filter(email=canonical_email(person.email)).delete()
