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

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kinship.core.pagecache import source_version
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.geography.selectors import areas_generation
from kinship.geography.types import AreaRef, PostcodeResult
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
# (and the areas by code), built in two queries. It is made again when it may be out of date,
# and only then: saves of offices, people and areas in this process clear it at once; an edit
# in another process bumps the "representatives" content version (core.pagecache, read at most
# once a second) or reloads the areas (geography's area cache); and, for bulk writes that send
# no signals, it is never kept longer than _INDEX_TTL_SECONDS. (Rebuilding it every minute, as
# it did, cost each web process a stall of a second or so every minute under peak load, and
# threw away every pre-serialised part.) A lookup is then dictionary work only.
_INDEX_TTL_SECONDS = 900.0


@dataclass
class _OfficeIndex:
    built_at: float
    version: tuple[str, int]  # (representatives content version, areas generation) when built
    areas_by_code: dict[str, Area]
    offices_by_area_role: dict[tuple[int, str], list[Office]]
    entries_by_office: dict[int, RepresentativeEntry]
    # The answer for a postcode is the concatenation of a few parts, each depending on one area
    # (the council's people, a ward's, a constituency's ...). Each part is worked out once per
    # index, as entries and as pre-serialised JSON, so a lookup joins a handful of cached parts;
    # a new index starts empty.
    parts: dict[tuple[Any, ...], tuple[RepresentativeEntry, ...]] = field(default_factory=dict)
    json_parts: dict[tuple[Any, ...], str] = field(default_factory=dict)


_index: _OfficeIndex | None = None
_index_lock = threading.Lock()


def clear_representatives_memo(**kwargs: Any) -> None:
    """Forget the office index (connected to saves and deletes of offices, people and areas)."""
    global _index
    with _index_lock:
        _index = None


def _build_index(version: tuple[str, int]) -> _OfficeIndex:
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
    return _OfficeIndex(time.monotonic(), version, by_code, by_area_role, entries)


def _index_version() -> tuple[str, int]:
    return (source_version("representatives"), areas_generation())


def _index_current(index: _OfficeIndex, version: tuple[str, int]) -> bool:
    return index.version == version and time.monotonic() - index.built_at <= _INDEX_TTL_SECONDS


def _current_index() -> _OfficeIndex:
    global _index
    version = _index_version()
    index = _index
    if index is None or not _index_current(index, version):
        with _index_lock:
            index = _index
            if index is None or not _index_current(index, version):
                index = _index = _build_index(version)
    return index


# The parts of an answer, in the toolkit's order. Each is keyed by the area references it
# depends on (AreaRef is a frozen dataclass: its name is part of the key, so a renamed area
# never meets a stale part).
def _part_council_head(index: _OfficeIndex, council_ref: AreaRef) -> tuple[RepresentativeEntry, ...]:
    """Lead member (or the gap), elected mayor and leader (or the gap), cabinet."""
    council = index.areas_by_code.get(council_ref.code)
    entries: list[RepresentativeEntry] = []
    lead = _held(index, council, Role.LEAD_MEMBER_CHILDREN)
    if lead:
        entries.extend(index.entries_by_office[o.pk] for o in lead)
    else:
        entries.append(
            _gap(
                Role.LEAD_MEMBER_CHILDREN,
                council,
                code=council_ref.code,
                name=council_ref.name,
                council=council,
            )
        )
    mayors = _held(index, council, Role.ELECTED_MAYOR)
    leaders = _held(index, council, Role.LEADER)
    entries.extend(index.entries_by_office[o.pk] for o in mayors)
    entries.extend(index.entries_by_office[o.pk] for o in leaders)
    if not mayors and not leaders:
        entries.append(
            _gap(Role.LEADER, council, code=council_ref.code, name=council_ref.name, council=council)
        )
    lead_ids = {o.pk for o in lead}
    entries.extend(
        index.entries_by_office[o.pk]
        for o in _held(index, council, Role.CABINET_MEMBER)
        if o.pk not in lead_ids
    )
    return tuple(entries)


def _part_ward(
    index: _OfficeIndex, ward_ref: AreaRef, council_ref: AreaRef | None
) -> tuple[RepresentativeEntry, ...]:
    """Ward councillors, or the gap with the ward's council's general route."""
    ward = index.areas_by_code.get(ward_ref.code)
    offices = _held(index, ward, Role.WARD_COUNCILLOR)
    if offices:
        return tuple(index.entries_by_office[o.pk] for o in offices)
    council = index.areas_by_code.get(council_ref.code) if council_ref else None
    ward_council = ward.parent if ward and ward.parent else council
    return (_gap(Role.WARD_COUNCILLOR, ward, code=ward_ref.code, name=ward_ref.name, council=ward_council),)


def _part_division(index: _OfficeIndex, division_code: str) -> tuple[RepresentativeEntry, ...]:
    """County councillors sit for electoral divisions: shown where the postcode data names one."""
    offices = _held(index, index.areas_by_code.get(division_code), Role.WARD_COUNCILLOR)
    return tuple(index.entries_by_office[o.pk] for o in offices)


def _part_member(index: _OfficeIndex, ref: AreaRef, role: str) -> tuple[RepresentativeEntry, ...]:
    """The MP for a constituency or the Members of the Senedd for a Senedd constituency (or the gap)."""
    area = index.areas_by_code.get(ref.code)
    offices = _held(index, area, role)
    if offices:
        return tuple(index.entries_by_office[o.pk] for o in offices)
    return (_gap(role, area, code=ref.code, name=ref.name, council=None),)


def _part_council_tail(index: _OfficeIndex, council_code: str) -> tuple[RepresentativeEntry, ...]:
    """A ceremonial mayor, then the director of children's services (an officer), last."""
    council = index.areas_by_code.get(council_code)
    if council is None:
        return ()
    offices = _held(index, council, Role.CEREMONIAL_MAYOR) + _held(index, council, Role.DIRECTOR_CHILDREN)
    return tuple(index.entries_by_office[o.pk] for o in offices)


def _held(index: _OfficeIndex, area: Area | None, role: str) -> list[Office]:
    return index.offices_by_area_role.get((area.pk, role), []) if area else []


def _part_keys(result: PostcodeResult) -> list[tuple[Any, ...]]:
    council_ref = result.childrens_services_authority
    keys: list[tuple[Any, ...]] = []
    if council_ref is not None:
        keys.append(("council", council_ref))
    if result.ward is not None:
        keys.append(("ward", result.ward, council_ref))
    division_code = getattr(result.division, "code", "")
    if division_code:
        keys.append(("division", division_code))
    if result.constituency is not None:
        keys.append(("member", result.constituency, Role.MP))
    if result.senedd_constituency is not None:
        keys.append(("member", result.senedd_constituency, Role.MS))
    if council_ref is not None:
        keys.append(("tail", council_ref.code))
    return keys


def _part(index: _OfficeIndex, key: tuple[Any, ...]) -> tuple[RepresentativeEntry, ...]:
    found = index.parts.get(key)
    if found is None:
        kind = key[0]
        if kind == "council":
            found = _part_council_head(index, key[1])
        elif kind == "ward":
            found = _part_ward(index, key[1], key[2])
        elif kind == "division":
            found = _part_division(index, key[1])
        elif kind == "member":
            found = _part_member(index, key[1], key[2])
        else:
            found = _part_council_tail(index, key[1])
        index.parts[key] = found
    return found


def _has_any_area(result: PostcodeResult) -> bool:
    refs = (result.childrens_services_authority, result.ward, result.constituency, result.senedd_constituency)
    return any(ref is not None and ref.code for ref in refs)


def representatives_for_postcode(result: PostcodeResult) -> list[RepresentativeEntry]:
    """People for each role for this postcode, in the order the toolkit recommends."""
    if not _has_any_area(result):
        return []
    index = _current_index()
    entries: list[RepresentativeEntry] = []
    for key in _part_keys(result):
        entries.extend(_part(index, key))
    return entries


def representatives_json_for_postcode(result: PostcodeResult) -> str:
    """The API's JSON array of `representatives_for_postcode(result)`, serialised exactly as
    `json.dumps([representative_to_json(e) ...])` would, joined from per-area parts serialised
    once per index."""
    if not _has_any_area(result):
        return "[]"
    index = _current_index()
    pieces = []
    for key in _part_keys(result):
        piece = index.json_parts.get(key)
        if piece is None:
            piece = index.json_parts[key] = ", ".join(
                json.dumps(representative_to_json(entry), cls=DjangoJSONEncoder)
                for entry in _part(index, key)
            )
        if piece:
            pieces.append(piece)
    return "[" + ", ".join(pieces) + "]"


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
