"""The local campaigns toolkit as rules and words: who in a council does what, what to ask for,
how to ask, the toolkit's advice, when an office holder counts as new, and the drafted message.
Plain functions and tables, tested directly; pages and services call them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinship.localcampaigns.models import CouncilStatus, EntryKind
from kinship.representatives.models import Role

# The council's people, in the order the toolkit suggests asking them.
COUNCIL_ROLES: tuple[str, ...] = (
    Role.LEAD_MEMBER_CHILDREN,
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.CABINET_MEMBER,
    Role.WARD_COUNCILLOR,
    Role.CEREMONIAL_MAYOR,
)

ROLE_EXPLAINED: dict[str, Any] = {
    Role.LEAD_MEMBER_CHILDREN: gettext_lazy(
        "Usually the best person to ask. The lead member for children's services is the councillor "
        "responsible for the council's support for kinship families."
    ),
    Role.LEADER: gettext_lazy(
        "The leader and the cabinet decide the council's priorities and its budget, including money for "
        "kinship families."
    ),
    Role.CABINET_MEMBER: gettext_lazy(
        "Cabinet members decide the council's budget and priorities together with the leader."
    ),
    Role.ELECTED_MAYOR: gettext_lazy(
        "An elected mayor leads the council, sets its priorities and decides its budget with the cabinet."
    ),
    Role.WARD_COUNCILLOR: gettext_lazy(
        "Your ward councillors represent your neighbourhood. They can raise awareness of kinship care on "
        "the council and put you in touch with the people who decide."
    ),
    Role.CEREMONIAL_MAYOR: gettext_lazy(
        "A ceremonial mayor chairs council meetings and represents the area at events, but does not decide "
        "council business. They can help raise awareness."
    ),
}

# "Why now?": the office holders whose arrival is a moment to introduce kinship care.
NEW_OFFICE_ROLES = frozenset({Role.WARD_COUNCILLOR, Role.LEAD_MEMBER_CHILDREN, Role.LEADER})


def is_new_in_office(*, role: str, start_date: dt.date | None, today: dt.date, days: int) -> bool:
    """Whether an office holder took office within the last `days` days (so the toolkit suggests
    congratulating them). Only ward councillors, lead members and leaders count; no start date, no."""
    if role not in NEW_OFFICE_ROLES or start_date is None:
        return False
    return today - dt.timedelta(days=days) <= start_date <= today


class Ask(models.TextChoices):
    AWARENESS = "awareness", gettext_lazy("Raise awareness of kinship care")
    REVIEW = "review", gettext_lazy("Ask the council to review its support for kinship carers")
    INFORMATION = (
        "information",
        gettext_lazy("Ask for clear kinship care information on the council's website"),
    )
    CONGRATULATE = "congratulate", gettext_lazy("Congratulate them and introduce kinship care")


ASK_EXPLAINED: dict[str, Any] = {
    Ask.AWARENESS: gettext_lazy(
        "Kinship care is invest-to-save: children do better with people they know and love, and it costs "
        "far less than care."
    ),
    Ask.REVIEW: gettext_lazy(
        "Ask what the council is doing to review its support offer, including financial support for special "
        "guardians and for carers with child arrangements orders."
    ),
    Ask.INFORMATION: gettext_lazy(
        "Every council with children's services must publish a family and friends care policy. Ask for it, "
        "and clear information on support, to be easy to find."
    ),
    Ask.CONGRATULATE: gettext_lazy(
        "They are new in office: a good moment to congratulate them and get kinship care on their agenda."
    ),
}


class Method(models.TextChoices):
    EMAIL = "email", gettext_lazy("Email")
    LETTER = "letter", gettext_lazy("A printed letter (PDF)")
    PHONE = "phone", gettext_lazy("Phone")
    MEETING = "meeting", gettext_lazy("Ask for a meeting (by email)")
    INVITATION = "invitation", gettext_lazy("Invite them to a local kinship support group meeting (by email)")


# Methods that send an email to the person, so they need an email address.
EMAIL_METHODS = frozenset({Method.EMAIL, Method.MEETING, Method.INVITATION})


ADVICE: tuple[Any, ...] = (
    gettext_lazy("Be polite, cooperative and collaborative: you want them on your side."),
    gettext_lazy("Bring an issue that affects many kinship carers, together with a solution."),
    gettext_lazy("You are the expert: your family's experience is what they need to hear."),
    gettext_lazy("Be persistent. If you do not hear back in two weeks, follow up."),
)

PROMPT = gettext_lazy("[Say in a sentence or two who you are and how kinship care affects your family.]")


@dataclass(frozen=True)
class MeetingDetails:
    """When and where a support group meets (for an invitation)."""

    group_name: str
    starts_at: dt.datetime
    place: str


def _closing(method: str, meeting: MeetingDetails | None) -> str:
    if method == Method.MEETING:
        return _(
            "I would welcome the chance to meet you to talk about this. Please let me know a time that suits you."
        )
    if method == Method.INVITATION and meeting is not None:
        return _(
            "I would like to invite you to a meeting of %(group)s, a local kinship support group, on %(date)s "
            "at %(time)s at %(place)s. A calendar invitation is attached. It would mean a great deal to the "
            "carers there to meet you and hear what the council is doing."
        ) % {
            "group": meeting.group_name,
            "date": date_format(meeting.starts_at, "l j F Y"),
            "time": date_format(meeting.starts_at, "H:i"),
            "place": meeting.place,
        }
    return _("I would be grateful for your reply.")


def _ask_paragraph(ask: str, council: str, role: str, known_gaps: list[str]) -> str:
    if ask == Ask.REVIEW:
        return _(
            "Please could you tell me what %(council)s is doing to review its support offer for kinship carers, "
            "including financial support for special guardians and for carers with child arrangements orders? "
            "Many kinship carers give up work or use their savings to keep a child in the family."
        ) % {"council": council}
    if ask == Ask.INFORMATION:
        text = _(
            "Every council with children's services must publish a family and friends care policy. Please "
            "could you make sure %(council)s's website has clear information for kinship carers: the policy, "
            "what support is available and who to contact?"
        ) % {"council": council}
        if known_gaps:
            text += "\n\n" + _("Our council scorecard found that the council could: %(gaps)s.") % {
                "gaps": "; ".join(known_gaps)
            }
        return text
    if ask == Ask.CONGRATULATE:
        return _(
            "Congratulations on becoming %(role)s. I am writing to introduce kinship care, and to ask you to "
            "make kinship families part of your plans for %(council)s."
        ) % {"role": role, "council": council}
    return _(
        "Kinship carers are grandparents, aunts, uncles, brothers, sisters and friends who raise children "
        "who cannot live with their parents. Supporting kinship families is invest-to-save: children do "
        "better when they can stay with people they know and love, and every child who can stay in the "
        "family instead of going into care saves the council money. Please help raise awareness of kinship "
        "care at %(council)s."
    ) % {"council": council}


def draft_message(
    *,
    ask: str,
    method: str,
    council: str,
    role: str,
    meeting: MeetingDetails | None = None,
    known_gaps: list[str] | None = None,
) -> tuple[str, str]:
    """The suggested subject and text (without greeting and sign-off, which messaging adds) in
    the active language. The text carries PROMPT for the carer to replace with their own words."""
    subjects: dict[str, str] = {
        Ask.AWARENESS: _("Kinship care in %(council)s"),
        Ask.REVIEW: _("Support for kinship carers in %(council)s"),
        Ask.INFORMATION: _("Kinship care information on the %(council)s website"),
        Ask.CONGRATULATE: _("Congratulations, and kinship care in %(council)s"),
    }
    subject = subjects.get(ask, subjects[Ask.AWARENESS]) % {"council": council}
    if method == Method.INVITATION:
        subject = _("Invitation: kinship carers in %(council)s") % {"council": council}
    elif method == Method.MEETING:
        subject = _("Meeting request: kinship care in %(council)s") % {"council": council}
    body = "\n\n".join(
        [
            _("I am a kinship carer living in %(council)s.") % {"council": council} + " " + str(PROMPT),
            _ask_paragraph(ask, council, role, known_gaps or []),
            _closing(method, meeting),
        ]
    )
    return subject, body


# ---------------------------------------------------------------- the journey log


def council_status(kinds: Iterable[str]) -> CouncilStatus:
    """How far a council has got, from the kinds of journey entries recorded for it: the furthest
    step any entry reached (a planned next step alone is not progress)."""
    reached = [_STATUS_FOR_KIND[kind] for kind in kinds if kind in _STATUS_FOR_KIND]
    return max(reached, default=CouncilStatus.NOT_STARTED)


_STATUS_FOR_KIND: dict[str, CouncilStatus] = {
    EntryKind.CONTACTED: CouncilStatus.CONTACTED,
    EntryKind.REPLY: CouncilStatus.REPLIED,
    EntryKind.MEETING: CouncilStatus.MEETING_HELD,
    EntryKind.COMMITMENT: CouncilStatus.COMMITMENT_MADE,
}
