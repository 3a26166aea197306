"""How well we know each children's-services council's people: for the staff dashboard's
council list (a read, in a handful of queries whatever the number of councils)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.geography.names import ward_key
from kinship.representatives.models import CouncilSystem, DemocracyService, Office, Role
from kinship.representatives.selectors import current_q


@dataclass
class CouncilCoverage:
    name: str
    code: str
    council: Area | None
    service: DemocracyService | None
    lead_members: list[Office] = field(default_factory=list)
    leaders: list[Office] = field(default_factory=list)
    wards: int = 0
    wards_with_councillors: int = 0

    @property
    def ward_share(self) -> int | None:
        """Per cent of the council's wards (or divisions) with a current councillor; None when
        no wards are loaded."""
        return round(100 * self.wards_with_councillors / self.wards) if self.wards else None

    @property
    def needs_a_steward(self) -> bool:
        """Not a ModernGov council: a steward fills it by CSV from its democracy site."""
        return self.service is None or self.service.system != CouncilSystem.MODERNGOV


def _offices_by_area(councils: list[Area], roles: set[str], today: date) -> dict[int, list[Office]]:
    found: dict[int, list[Office]] = defaultdict(list)
    offices = (
        Office.objects.filter(current_q(today), role__in=roles, area__in=councils)
        .select_related("person")
        .order_by("person__name")
    )
    for office in offices:
        if office.area_id is not None:
            found[office.area_id].append(office)
    return found


def _ward_counts(councils: list[Area], today: date) -> dict[int, tuple[int, int]]:
    """Council id → (wards, wards with a current councillor), wards counted by name so a ward
    loaded under its 2023 and its 2025 code counts once."""
    ids = [c.pk for c in councils]
    electoral = Area.objects.filter(parent_id__in=ids, type__in=[AreaType.WARD, AreaType.DIVISION])
    names: dict[int, set[str]] = defaultdict(set)
    key_of: dict[int, tuple[int, str]] = {}
    for pk, parent_id, name in electoral.values_list("pk", "parent_id", "name"):
        names[parent_id].add(ward_key(name))
        key_of[pk] = (parent_id, ward_key(name))
    held: dict[int, set[str]] = defaultdict(set)
    ward_offices = Office.objects.filter(current_q(today), role=Role.WARD_COUNCILLOR, area__parent_id__in=ids)
    for area_id in ward_offices.values_list("area_id", flat=True).distinct():
        if area_id in key_of:
            parent_id, key = key_of[area_id]
            held[parent_id].add(key)
    return {pk: (len(names[pk]), len(held[pk])) for pk in ids}


def council_coverage(*, today: date | None = None) -> list[CouncilCoverage]:
    """Every council in the registry of democracy sites, and every children's-services council
    not in it, with what we know of its people."""
    today = today or timezone.localdate()
    services = list(DemocracyService.objects.select_related("council").order_by("official_name"))
    listed = {s.council_id for s in services if s.council_id}
    others = list(
        Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES, is_demo=False)
        .exclude(pk__in=listed)
        .order_by("name")
    )
    rows = [
        CouncilCoverage(name=s.official_name, code=s.gss_code, council=s.council, service=s) for s in services
    ] + [
        CouncilCoverage(name=a.official_name or a.name, code=a.code, council=a, service=None) for a in others
    ]
    councils = [r.council for r in rows if r.council is not None]
    leads = _offices_by_area(councils, {Role.LEAD_MEMBER_CHILDREN}, today)
    leaders = _offices_by_area(councils, {Role.LEADER, Role.ELECTED_MAYOR}, today)
    wards = _ward_counts(councils, today)
    for row in rows:
        if row.council is None:
            continue
        row.lead_members = leads.get(row.council.pk, [])
        row.leaders = leaders.get(row.council.pk, [])
        row.wards, row.wards_with_councillors = wards.get(row.council.pk, (0, 0))
    return rows
