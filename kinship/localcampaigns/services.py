"""Writes for local campaigns: a guided-steps message sent through messaging's actions machinery
(with a meeting invitation's .ics file when there is one)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinship.campaigns.models import Action, ActionKind, Campaign, CampaignStatus
from kinship.localcampaigns import conf
from kinship.localcampaigns.ics import calendar_event
from kinship.localcampaigns.models import Invitation
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
