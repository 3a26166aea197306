"""Council people from a council's ModernGov web service: ward councillors (wards matched by
folded name within the council) and, from key post titles, the leader, mayor, cabinet and lead
member for children's services.

Rules (issue 9):
- a ward title is matched to the council's own wards by `geography.names.ward_key`; where two
  ward codes share the name (the 2023 and 2025 ward sets are both loaded), the councillors go to
  the one that postcodes in use point to, so a carer's postcode finds them;
- county councils elect by electoral division: their councillors are placed only in divisions
  (never in district wards of the same name); without divisions loaded they stay unplaced and
  the report says so;
- a person who disappears from the site has their ModernGov office ended; offices a steward
  entered (CSV, admin) stay until a steward ends them;
- a councillor listed in two wards is one person with two offices.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType, Postcode
from kinship.geography.names import ward_key
from kinship.representatives.clients.moderngov import Councillor, ModernGovClient, Ward, profile_url
from kinship.representatives.keyposts import key_post_roles, lead_member_rank
from kinship.representatives.models import SINGLE_HOLDER_ROLES, Role, Source
from kinship.representatives.services import ChangeReport, OfficeData, office_upsert, offices_end_missing

KEY_POST_ROLES = (
    Role.LEAD_MEMBER_CHILDREN,
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.CEREMONIAL_MAYOR,
    Role.CABINET_MEMBER,
)
MODERNGOV_ONLY: set[str] = {Source.MODERNGOV.value}


@dataclass
class CouncilSync:
    """What one council's sync found, beyond the office changes."""

    report: ChangeReport = field(default_factory=ChangeReport)
    lead_members: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    wards_placed: int = 0
    wards_unplaced: int = 0


def _office_data(
    *, council: Area, base_url: str, c: Councillor, role: str, area: Area, portfolio: str, today: date
) -> OfficeData:
    return OfficeData(
        name=c.name,
        role=role,
        area=area,
        source=Source.MODERNGOV,
        checked_on=today,
        checked_by="sync_moderngov",
        portfolio=portfolio[:250],
        party=c.party[:120],
        email=c.email,
        postal_address=c.postal_address,
        phone=c.phone[:40],
        source_url=profile_url(base_url, c.id),
        moderngov_id=f"{council.code}:{c.id}"[:60],
    )


def council_ward_areas(council: Area) -> dict[str, Area]:
    """The council's own electoral areas by folded name: divisions for a county council, wards
    for every other council. Where two codes share a name, the one postcodes point to."""
    if council.type == AreaType.COUNTY:
        areas = list(Area.objects.filter(type=AreaType.DIVISION, parent=council))
    else:
        areas = list(Area.objects.filter(type=AreaType.WARD, parent=council))
    by_key: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        by_key[ward_key(area.name)].append(area)
    return {key: _in_use(found) if len(found) > 1 else found[0] for key, found in by_key.items()}


def _in_use(areas: list[Area]) -> Area:
    """Of several ward codes with one name, the one most postcodes point to (then the current,
    then the newest code)."""
    counts = dict(
        Postcode.objects.filter(terminated__isnull=True, ward__in=[a.code for a in areas])
        .values_list("ward")
        .annotate(n=Count("postcode"))
        .values_list("ward", "n")
    )
    return max(areas, key=lambda a: (counts.get(a.code, 0), a.valid_to is None, a.code))


def _place_ward_councillors(
    *, council: Area, base_url: str, wards: list[Ward], result: CouncilSync, today: date
) -> None:
    ours = council_ward_areas(council)
    report = result.report
    if not ours and council.type == AreaType.COUNTY:
        people = sum(len(w.councillors) for w in wards)
        result.wards_unplaced = len(wards)
        report.unmatched.append(
            f"{council.name}: county electoral divisions are not loaded (the postcode data has no "
            f"`ced` column), so {people} county councillors in {len(wards)} divisions stay unplaced"
        )
        return
    seen: set[int] = set()
    for ward in wards:
        area = ours.get(ward_key(ward.title))
        if area is None:
            result.wards_unplaced += 1
            report.unmatched.append(f"ward {ward.title!r}: no ward of that name in {council.name}")
            continue
        result.wards_placed += 1
        seen.add(area.pk)
        keep: set[int] = set()
        for c in ward.councillors:
            data = _office_data(
                council=council,
                base_url=base_url,
                c=c,
                role=Role.WARD_COUNCILLOR,
                area=area,
                portfolio="",
                today=today,
            )
            keep.add(office_upsert(data=data, report=report, replace_others=False).pk)
        offices_end_missing(
            role=Role.WARD_COUNCILLOR,
            area=area,
            keep=keep,
            report=report,
            reason="no longer listed in ModernGov",
            sources=MODERNGOV_ONLY,
        )
    if seen:  # wards the site no longer lists at all: their ModernGov councillors have gone too
        for area in {a.pk: a for a in ours.values()}.values():
            if area.pk not in seen:
                offices_end_missing(
                    role=Role.WARD_COUNCILLOR,
                    area=area,
                    keep=set(),
                    report=report,
                    reason="ward no longer listed in ModernGov",
                    sources=MODERNGOV_ONLY,
                )


def _key_post_holders(wards: list[Ward]) -> dict[Role, list[tuple[Councillor, str]]]:
    holders: dict[Role, list[tuple[Councillor, str]]] = {role: [] for role in KEY_POST_ROLES}
    for ward in wards:
        for c in ward.councillors:
            for title in c.key_posts:
                for role in key_post_roles(title):
                    if all(existing.id != c.id for existing, _ in holders[role]):
                        holders[role].append((c, title))
    leads = holders[Role.LEAD_MEMBER_CHILDREN]
    if leads:  # several children's portfolios: keep the surest ("Statutory Lead Member" first)
        best = max(lead_member_rank(title) for _, title in leads)
        holders[Role.LEAD_MEMBER_CHILDREN] = [(c, t) for c, t in leads if lead_member_rank(t) == best]
    return holders


def _record_key_posts(
    *, council: Area, base_url: str, wards: list[Ward], result: CouncilSync, today: date
) -> None:
    holders = _key_post_holders(wards)
    report = result.report
    for role in KEY_POST_ROLES:
        if role == Role.LEAD_MEMBER_CHILDREN and council.type not in CHILDRENS_SERVICES_TYPES:
            continue
        keep = set()
        for c, title in holders[role]:
            portfolio = title if role in {Role.CABINET_MEMBER, Role.LEAD_MEMBER_CHILDREN} else ""
            data = _office_data(
                council=council,
                base_url=base_url,
                c=c,
                role=role,
                area=council,
                portfolio=portfolio,
                today=today,
            )
            replace = role in SINGLE_HOLDER_ROLES and len(holders[role]) == 1
            keep.add(office_upsert(data=data, report=report, replace_others=replace).pk)
        # Only ModernGov's own earlier records are ended here: a lead member a steward
        # entered by CSV stays until a steward says otherwise.
        offices_end_missing(
            role=role,
            area=council,
            keep=keep,
            report=report,
            reason="key post no longer listed in ModernGov",
            sources=MODERNGOV_ONLY,
        )
    result.lead_members = [c.name for c, _ in holders[Role.LEAD_MEMBER_CHILDREN]]
    result.leaders = [c.name for c, _ in holders[Role.LEADER] + holders[Role.ELECTED_MAYOR]]
    if council.type in CHILDRENS_SERVICES_TYPES and not result.lead_members:
        report.unmatched.append(
            f"{council.name}: no key post names a lead member for children's services (check by hand)"
        )


def moderngov_apply(
    *, council: Area, base_url: str, wards: list[Ward], today: date | None = None
) -> CouncilSync:
    """Bring one council's ModernGov offices in line with its GetCouncillorsByWard answer."""
    today = today or timezone.localdate()
    result = CouncilSync()
    with transaction.atomic():
        _place_ward_councillors(council=council, base_url=base_url, wards=wards, result=result, today=today)
        _record_key_posts(council=council, base_url=base_url, wards=wards, result=result, today=today)
    return result


def moderngov_sync(*, council: Area, client: ModernGovClient, today: date | None = None) -> ChangeReport:
    """Update one council's ward councillors and key post holders from its ModernGov service."""
    wards = client.councillors_by_ward()  # network first, outside the transaction
    return moderngov_apply(council=council, base_url=client.base_url, wards=wards, today=today).report
