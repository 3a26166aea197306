"""Reads for local campaigns: the council's people for a postcode (with who is new in office)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.i18n import localised
from kinship.geography.messages import OUTCOME_MESSAGES
from kinship.geography.models import Area, AreaType
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeOutcome, PostcodeResult
from kinship.localcampaigns import conf
from kinship.localcampaigns.models import CouncilStatus, JourneyEntry
from kinship.localcampaigns.toolkit import (
    COUNCIL_ROLES,
    NEW_OFFICE_ROLES,
    ROLE_EXPLAINED,
    council_status,
    is_new_in_office,
)
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.targets import Resolution, Target, target_from_entry
from kinship.representatives.models import Office
from kinship.representatives.selectors import (
    RepresentativeEntry,
    current_offices,
    representatives_for_postcode,
)
from kinship.scorecard.selectors import assessment_scorecard, published_assessment_for

NO_COUNCIL_MESSAGE: Any = _(
    "We could not find the council for that postcode. Check it is typed correctly, or try the postcode "
    "on a recent letter or bill."
)


class CouncilNotFoundError(Exception):
    """No council for children's services can be named for this postcode; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CouncilPerson:
    target: Target
    start_date: dt.date | None
    is_new: bool

    @property
    def explained(self) -> str:
        return str(ROLE_EXPLAINED.get(self.target.role, ""))


@dataclass
class CouncilPeople:
    """The people at the carer's council, in the toolkit's order, and messaging's resolution
    (the same people as targets) so a drafted message goes through the actions machinery."""

    result: PostcodeResult
    resolution: Resolution
    people: list[CouncilPerson]
    gaps: list[RepresentativeEntry] = field(default_factory=list)

    @property
    def postcode(self) -> str:
        return self.resolution.postcode

    @property
    def council_name(self) -> str:
        return self.resolution.council_name

    @property
    def council_code(self) -> str:
        return self.resolution.council_code

    @property
    def new_people(self) -> list[CouncilPerson]:
        return [p for p in self.people if p.is_new]

    @property
    def known_gaps(self) -> list[str]:
        """What the council scorecard says is missing at this council (empty until it exists)."""
        return scorecard_gaps(council_code=self.council_code)

    def person(self, key: str) -> CouncilPerson | None:
        return next((p for p in self.people if p.target.key == key), None)


def scorecard_gaps(*, council_code: str) -> list[str]:
    """What the council scorecard's published assessment found missing at a council, in the page
    language (each criterion's gap wording, else its question); nothing when not yet assessed."""
    assessment = published_assessment_for(council_code=council_code) if council_code else None
    if assessment is None:
        return []
    return [
        localised(c, "gap_text") or localised(c, "question") for c in assessment_scorecard(assessment).gaps
    ]


def _start_dates(office_ids: list[int]) -> dict[int, dt.date | None]:
    return dict(Office.objects.filter(pk__in=office_ids).values_list("pk", "start_date"))


def council_people(*, postcode: str, today: dt.date | None = None) -> CouncilPeople:
    """The council's people for a postcode; raises CouncilNotFoundError with a kind message."""
    result = postcode_lookup(postcode)
    if result.outcome != PostcodeOutcome.LIVE or result.childrens_services_authority is None:
        message = OUTCOME_MESSAGES.get(result.outcome) if result.outcome in _SAY_AS_IS else None
        raise CouncilNotFoundError(str(message or NO_COUNCIL_MESSAGE))
    today = today or timezone.localdate()
    entries = [e for e in representatives_for_postcode(result) if e.role in COUNCIL_ROLES]
    entries.sort(key=lambda e: COUNCIL_ROLES.index(e.role))
    known = [e for e in entries if not e.is_gap and e.office_id]
    starts = _start_dates([e.office_id for e in known if e.office_id])
    days = conf.new_in_office_days()
    people = [
        CouncilPerson(
            target=target_from_entry(e),
            start_date=starts.get(e.office_id or 0),
            is_new=is_new_in_office(
                role=e.role, start_date=starts.get(e.office_id or 0), today=today, days=days
            ),
        )
        for e in known
    ]
    resolution = Resolution(
        postcode=result.postcode, result=result, targets=[p.target for p in people], nation=result.nation
    )
    return CouncilPeople(
        result=result, resolution=resolution, people=people, gaps=[e for e in entries if e.is_gap]
    )


_SAY_AS_IS = frozenset(
    {
        PostcodeOutcome.INVALID,
        PostcodeOutcome.TERMINATED,
        PostcodeOutcome.NORTHERN_IRELAND,
        PostcodeOutcome.OUTSIDE_UK,
        PostcodeOutcome.SCOTLAND,
    }
)


# ---------------------------------------------------------------- "Why now?" for staff


@dataclass
class CouncilNewHolders:
    """One council's office holders who are new in office, and those nobody has written to yet."""

    council_code: str
    council_name: str
    new: list[Office] = field(default_factory=list)
    uncontacted: list[Office] = field(default_factory=list)


def _council_of(office: Office) -> Area | None:
    area = office.area
    if area is None:
        return None
    return area.parent if area.type == AreaType.WARD and area.parent is not None else area


def new_office_holders_by_council(*, today: dt.date | None = None) -> list[CouncilNewHolders]:
    """Per council, the ward councillors, lead members and leaders who took office in the last
    `KINSHIP_NEW_IN_OFFICE_DAYS` days, and which of them no carer has yet sent a message to
    (a confirmed message counts; one waiting for confirmation or abandoned does not). Councils
    with most uncontacted first."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=conf.new_in_office_days())
    offices = list(
        current_offices(today)
        .filter(role__in=NEW_OFFICE_ROLES, start_date__gte=since, start_date__lte=today)
        .select_related("person", "area", "area__parent")
    )
    contacted = set(
        Message.objects.filter(office_id__in=[o.pk for o in offices])
        .exclude(status__in=NOT_CONTACTED_STATUSES)
        .values_list("office_id", flat=True)
        .distinct()
    )
    councils: dict[str, CouncilNewHolders] = {}
    for office in offices:
        council = _council_of(office)
        if council is None:
            continue
        row = councils.setdefault(
            council.code, CouncilNewHolders(council.code, council.official_name or council.name)
        )
        row.new.append(office)
        if office.pk not in contacted:
            row.uncontacted.append(office)
    return sorted(councils.values(), key=lambda r: (-len(r.uncontacted), r.council_name))


NOT_CONTACTED_STATUSES = (MessageStatus.DRAFT, MessageStatus.AWAITING_CONFIRMATION, MessageStatus.ABANDONED)


# ---------------------------------------------------------------- the journey log


def council_statuses(*, council_codes: list[str]) -> dict[str, CouncilStatus]:
    """Each council's campaign status, built from every carer's journey entries there."""
    kinds: dict[str, set[str]] = {code: set() for code in council_codes}
    for code, kind in (
        JourneyEntry.objects.filter(council_code__in=council_codes)
        .values_list("council_code", "kind")
        .distinct()
    ):
        kinds[code].add(kind)
    return {code: council_status(found) for code, found in kinds.items()}


def council_status_for(*, council_code: str) -> CouncilStatus:
    if not council_code:
        return CouncilStatus.NOT_STARTED
    return council_statuses(council_codes=[council_code])[council_code]


def shared_entries(*, council_code: str = "") -> QuerySet[JourneyEntry]:
    """Entries carers chose to share with the charity (newest first), for one council or all."""
    entries = JourneyEntry.objects.filter(shared_at__isnull=False).order_by(
        "council_name", "-happened_on", "-id"
    )
    return entries.filter(council_code=council_code) if council_code else entries


@dataclass(frozen=True)
class SharedCouncil:
    council_code: str
    council_name: str
    shared: int
    status: CouncilStatus


def shared_by_council() -> list[SharedCouncil]:
    """Councils with shared entries: how many, and the council's status (from all entries)."""
    counts = list(
        JourneyEntry.objects.filter(shared_at__isnull=False)
        .values("council_code", "council_name")
        .annotate(n=Count("id"))
        .order_by("council_name")
    )
    statuses = council_statuses(council_codes=[c["council_code"] for c in counts])
    return [
        SharedCouncil(c["council_code"], c["council_name"], c["n"], statuses[c["council_code"]])
        for c in counts
    ]
