"""Reads: who represents a postcode, fixed national targets, escalation, and data freshness.

The order of `representatives_for_postcode` is the toolkit's recommendation: the lead member
for children's services first (usually the best target), then the leader or elected mayor
and cabinet, ward councillors, the MP, Members of the Senedd in Wales, a ceremonial mayor
(listed, but flagged as not deciding council business), and the director of children's
services (an officer: listed last and never offered for email).

Where nobody is known for a role the list holds a "gap" entry (office_id None, is_gap True)
carrying the council's general contact route, so pages say so instead of inventing anyone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.geography.types import PostcodeResult
from kinship.representatives import conf
from kinship.representatives.models import (
    CorrectionReport,
    CorrectionStatus,
    DemocracyService,
    Office,
    Role,
    SyncResult,
    role_label,
)

PARLIAMENT_FIND_MP_URL = "https://members.parliament.uk/FindYourMP"
SENEDD_FIND_MS_URL = "https://senedd.wales/find-a-member-of-the-senedd/"


@dataclass(frozen=True)
class RepresentativeEntry:
    role: str  # a representatives.models.Role value
    office_id: int | None
    name: str
    party: str
    area_code: str
    area_name: str
    email: str
    accepts_email: bool
    postal_address: str
    phone: str
    web_form_url: str
    portfolio: str
    checked_on: date | None
    source: str
    # Added after the contract: all have defaults.
    is_gap: bool = False  # nobody known for this role; contact_* is the council's general route
    decides_council_business: bool = True  # False for a ceremonial mayor
    is_officer: bool = False  # the director of children's services: a paid officer, not elected
    contact_url: str = ""  # a general contact page (gaps) or the person's web form
    area_name_cy: str = ""

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def can_email(self) -> bool:
        """True when the toolkit may offer to email this person."""
        return bool(self.office_id and self.email and self.accepts_email and not self.is_officer)


# --- Whether an office is current: the one rule --------------------------------------------


def current_q(today: date) -> Q:
    """An office is current on `today` when it has started (no start date, or on or before
    today) and has not ended (no end date, or an end date of today or later: the end date is
    the last day in office). Every "who holds this now" question uses this."""
    return (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def current_offices(today: date | None = None) -> QuerySet[Office]:
    """Offices current today (or on `today`)."""
    return Office.objects.filter(current_q(today or timezone.localdate()))


def office_entry(office: Office) -> RepresentativeEntry:
    """The entry for one office (used for fixed national targets and message recipients)."""
    area = office.area
    is_officer = office.role == Role.DIRECTOR_CHILDREN
    return RepresentativeEntry(
        role=office.role,
        office_id=office.pk,
        name=office.person.name,
        party=office.party,
        area_code=area.code if area else "",
        area_name=area.name if area else "",
        email=office.email,
        # Officers are written to by letter through the council, never emailed by the toolkit.
        accepts_email=bool(office.accepts_email and office.email and not is_officer),
        postal_address=office.postal_address,
        phone=office.phone,
        web_form_url=office.web_form_url,
        portfolio=office.portfolio,
        checked_on=office.last_checked_on,
        source=office.source,
        decides_council_business=office.role != Role.CEREMONIAL_MAYOR,
        is_officer=is_officer,
        contact_url=office.web_form_url,
        area_name_cy=area.name_cy if area else "",
    )


def _gap(
    role: str, area: Area | None, *, code: str, name: str, council: Area | None = None
) -> RepresentativeEntry:
    """Nobody is known for `role`: offer the council's (or Parliament's / the Senedd's) general route."""
    contact_url = ""
    email = ""
    if council is not None:
        contact_url = council.contact_url or council.website
        email = council.contact_email
    elif role == Role.MP:
        contact_url = PARLIAMENT_FIND_MP_URL
    elif role == Role.MS:
        contact_url = SENEDD_FIND_MS_URL
    return RepresentativeEntry(
        role=role,
        office_id=None,
        name="",
        party="",
        area_code=area.code if area else code,
        area_name=area.name if area else name,
        email=email,
        accepts_email=False,
        postal_address="",
        phone="",
        web_form_url="",
        portfolio="",
        checked_on=None,
        source="",
        is_gap=True,
        contact_url=contact_url,
        area_name_cy=area.name_cy if area else "",
    )


def _sorted(offices: Iterable[Office]) -> list[Office]:
    return sorted(offices, key=lambda o: (o.person.name.casefold(), o.pk))


# Who represents an area changes a few times a year, but the postcode API and the action
# pages ask on every request. Each process keeps an index of every current office by area
# (and the areas by code), built in two queries and rebuilt after at most a minute; saves of
# offices, people and areas in this process clear it at once, other processes catch up
# within the minute. A lookup is then dictionary work only, whichever postcode is asked.
_INDEX_TTL_SECONDS = 60.0


@dataclass
class _OfficeIndex:
    built_at: float
    areas_by_code: dict[str, Area]
    offices_by_area_role: dict[tuple[int, str], list[Office]]
    entries_by_office: dict[int, RepresentativeEntry]


_index: _OfficeIndex | None = None
_index_lock = threading.Lock()


def clear_representatives_memo(**kwargs: Any) -> None:
    """Forget the office index (connected to saves and deletes of offices, people and areas)."""
    global _index
    with _index_lock:
        _index = None


def _build_index() -> _OfficeIndex:
    areas = Area.objects.select_related("parent").only(
        "id",
        "code",
        "name",
        "name_cy",
        "type",
        "website",
        "contact_url",
        "contact_email",
        "parent__id",
        "parent__code",
        "parent__name",
        "parent__name_cy",
        "parent__type",
        "parent__website",
        "parent__contact_url",
        "parent__contact_email",
    )
    by_code = {a.code: a for a in areas}
    by_area_role: dict[tuple[int, str], list[Office]] = {}
    for office in current_offices().filter(area__isnull=False).select_related("person", "area"):
        by_area_role.setdefault((office.area_id or 0, office.role), []).append(office)
    for key, offices in by_area_role.items():
        by_area_role[key] = _sorted(offices)
    entries = {o.pk: office_entry(o) for offices in by_area_role.values() for o in offices}
    return _OfficeIndex(time.monotonic(), by_code, by_area_role, entries)


def _current_index() -> _OfficeIndex:
    global _index
    with _index_lock:
        index = _index
        if index is None or time.monotonic() - index.built_at > _INDEX_TTL_SECONDS:
            index = _index = _build_index()
        return index


def representatives_for_postcode(result: PostcodeResult) -> list[RepresentativeEntry]:
    """People for each role for this postcode, in the order the toolkit recommends."""
    refs = {
        "council": result.childrens_services_authority,
        "ward": result.ward,
        "constituency": result.constituency,
        "senedd": result.senedd_constituency,
    }
    if not any(ref is not None and ref.code for ref in refs.values()):
        return []
    index = _current_index()
    areas = index.areas_by_code
    by_area_role = index.offices_by_area_role

    def held(area: Area | None, role: str) -> list[Office]:
        return by_area_role.get((area.pk, role), []) if area else []

    entries: list[RepresentativeEntry] = []
    council_ref = refs["council"]
    council = areas.get(council_ref.code) if council_ref else None

    def add(offices: list[Office]) -> None:
        entries.extend(index.entries_by_office[o.pk] for o in offices)

    def add_or_gap(
        offices: list[Office], role: str, area: Area | None, ref: Any, gap_council: Area | None
    ) -> None:
        if offices:
            add(offices)
        else:
            entries.append(_gap(role, area, code=ref.code, name=ref.name, council=gap_council))

    if council_ref is not None:
        lead = held(council, Role.LEAD_MEMBER_CHILDREN)
        add_or_gap(lead, Role.LEAD_MEMBER_CHILDREN, council, council_ref, council)
        mayors = held(council, Role.ELECTED_MAYOR)
        leaders = held(council, Role.LEADER)
        add(mayors)
        add(leaders)
        if not mayors and not leaders:
            entries.append(
                _gap(Role.LEADER, council, code=council_ref.code, name=council_ref.name, council=council)
            )
        lead_ids = {o.pk for o in lead}
        add([o for o in held(council, Role.CABINET_MEMBER) if o.pk not in lead_ids])

    ward_ref = refs["ward"]
    if ward_ref is not None:
        ward = areas.get(ward_ref.code)
        ward_council = ward.parent if ward and ward.parent else council
        add_or_gap(held(ward, Role.WARD_COUNCILLOR), Role.WARD_COUNCILLOR, ward, ward_ref, ward_council)

    # County councillors sit for electoral divisions: shown where the postcode data names one.
    add(held(areas.get(getattr(result.division, "code", "")), Role.WARD_COUNCILLOR))

    constituency_ref = refs["constituency"]
    if constituency_ref is not None:
        constituency = areas.get(constituency_ref.code)
        add_or_gap(held(constituency, Role.MP), Role.MP, constituency, constituency_ref, None)

    senedd_ref = refs["senedd"]
    if senedd_ref is not None:
        senedd = areas.get(senedd_ref.code)
        add_or_gap(held(senedd, Role.MS), Role.MS, senedd, senedd_ref, None)

    if council is not None:
        add(held(council, Role.CEREMONIAL_MAYOR))
        add(held(council, Role.DIRECTOR_CHILDREN))
    return entries


def representative_to_json(entry: RepresentativeEntry) -> dict[str, Any]:
    """The API's representation of one entry."""
    return {
        "role": entry.role,
        "name": entry.name,
        "party": entry.party,
        "area": {"code": entry.area_code, "name": entry.area_name},
        "contact": {
            "email": entry.email,
            "accepts_email": entry.accepts_email,
            "url": entry.contact_url or entry.web_form_url,
        },
        "checked_on": entry.checked_on.isoformat() if entry.checked_on else None,
        "source": entry.source,
        "portfolio": entry.portfolio,
        "gap": entry.is_gap,
        "decides_council_business": entry.decides_council_business,
    }


def national_offices(role: str | None = None) -> list[RepresentativeEntry]:
    """Fixed national targets (ministers and the like): current offices with no area."""
    offices = current_offices().filter(area__isnull=True).select_related("person")
    if role:
        offices = offices.filter(role=role)
    return [office_entry(o) for o in offices.order_by("role", "portfolio", "person__name", "pk")]


def childrens_services_authority_for(area: Area | None) -> Area | None:
    """The council running children's services for a council, district or ward."""
    seen = 0
    while area is not None and seen < 4:
        if area.type in CHILDRENS_SERVICES_TYPES:
            return area
        area = area.parent
        seen += 1
    return None


def _first_current(
    area: Area | None, roles: Iterable[str], *, exclude_office_id: int | None
) -> Office | None:
    if area is None:
        return None
    offices = current_offices().filter(area=area).select_related("person", "area").order_by("pk")
    if exclude_office_id is not None:
        offices = offices.exclude(pk=exclude_office_id)
    for role in roles:
        office = offices.filter(role=role).first()
        if office is not None:
            return office
    return None


_TOP = (Role.MP, Role.MS, Role.MINISTER)
_LEADERSHIP: list[str] = [Role.ELECTED_MAYOR, Role.LEADER]
_LEAD_MEMBER: list[str] = [Role.LEAD_MEMBER_CHILDREN]
# The escalation ladder: whom to ask next when someone does not act. Each step is a list of
# roles on the council that runs children's services (the first held wins); above the last
# step comes the writer's MP, who acts for their own constituents only. MPs, Members of the
# Senedd and ministers are the top.
ESCALATION_STEPS: dict[str, list[list[str]]] = {
    Role.WARD_COUNCILLOR: [_LEAD_MEMBER, _LEADERSHIP],
    Role.DIRECTOR_CHILDREN: [_LEAD_MEMBER, _LEADERSHIP],
    Role.OTHER: [_LEAD_MEMBER, _LEADERSHIP],
    Role.LEAD_MEMBER_CHILDREN: [_LEADERSHIP],
    Role.CABINET_MEMBER: [_LEADERSHIP],
    Role.CEREMONIAL_MAYOR: [_LEADERSHIP],
    Role.LEADER: [],
    Role.ELECTED_MAYOR: [],
}


def escalation_steps(role: str) -> list[list[str]] | None:
    """The council roles to try, in order, above `role`; None at the top (MP, MS, minister)."""
    if role in _TOP:
        return None
    return ESCALATION_STEPS.get(role, ESCALATION_STEPS[Role.OTHER])


def next_person_up(
    *, role: str, area_code: str, constituency_code: str = "", exclude_office_id: int | None = None
) -> Office | None:
    """Whom to escalate to from someone in `role` for the area `area_code` (a ward, district or
    council): ward councillor → lead member for children's services → leader (or elected
    mayor) → the writer's MP (only when their constituency is given). Never `exclude_office_id`
    (the person asked before). None at the top, or when nobody current holds a role above."""
    steps = escalation_steps(role)
    if steps is None or not area_code:
        return None
    area = Area.objects.select_related("parent__parent").filter(code=area_code).first()
    council = childrens_services_authority_for(area)
    for roles in steps:
        found = _first_current(council, roles, exclude_office_id=exclude_office_id)
        if found is not None:
            return found
    if constituency_code:
        mp_area = Area.objects.filter(code=constituency_code, type=AreaType.CONSTITUENCY).first()
        return _first_current(mp_area, [Role.MP], exclude_office_id=exclude_office_id)
    return None


# --- Freshness -------------------------------------------------------------------------


def stale_q(*, today: date, max_age_days: int | None = None) -> Q:
    """Records never checked, or last checked more than `max_age_days` ago (default: the setting)."""
    limit = conf.stale_after_days() if max_age_days is None else max_age_days
    return Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=today - timedelta(days=limit))


def stale_offices(*, today: date | None = None, max_age_days: int | None = None) -> QuerySet[Office]:
    """Current offices not checked within the limit (oldest first, never-checked first)."""
    today = today or timezone.localdate()
    return (
        current_offices(today)
        .filter(stale_q(today=today, max_age_days=max_age_days))
        .select_related("person", "area")
        .order_by(F("last_checked_on").asc(nulls_first=True), "role", "pk")
    )


def authorities_without_lead_member(*, today: date | None = None) -> QuerySet[Area]:
    """Children's-services councils with nobody current as lead member for children's services."""
    with_lead = current_offices(today).filter(role=Role.LEAD_MEMBER_CHILDREN).values("area_id")
    return (
        Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES, valid_to__isnull=True)
        .exclude(pk__in=with_lead)
        .order_by("name")
    )


def open_correction_reports() -> QuerySet[CorrectionReport]:
    return (
        CorrectionReport.objects.filter(status=CorrectionStatus.OPEN)
        .select_related("office__person", "office__area")
        .order_by("created_at", "pk")
    )


def democracy_services_failed() -> QuerySet[DemocracyService]:
    """Councils' democracy sites whose last sync failed (their people may be out of date)."""
    return DemocracyService.objects.filter(last_sync_result=SyncResult.FAILED).order_by("official_name")
