"""Council people from a council's ModernGov web service: ward councillors (wards matched by
name within the council) and, from key post titles, the leader, mayor, cabinet and lead
member for children's services."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.geography.names import ward_key
from kinship.representatives.clients.moderngov import Councillor, ModernGovClient
from kinship.representatives.keyposts import key_post_roles
from kinship.representatives.models import SINGLE_HOLDER_ROLES, Role, Source
from kinship.representatives.services import ChangeReport, OfficeData, office_upsert, offices_end_missing

KEY_POST_ROLES = (
    Role.LEAD_MEMBER_CHILDREN,
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.CEREMONIAL_MAYOR,
    Role.CABINET_MEMBER,
)


def _office_data(
    *,
    council: Area,
    client: ModernGovClient,
    c: Councillor,
    role: str,
    area: Area,
    portfolio: str,
    today: date,
) -> OfficeData:
    return OfficeData(
        name=c.name,
        role=role,
        area=area,
        source=Source.MODERNGOV,
        checked_on=today,
        checked_by="sync_moderngov",
        portfolio=portfolio,
        party=c.party,
        email=c.email,
        postal_address=c.postal_address,
        phone=c.phone,
        source_url=client.profile_url(c.id),
        moderngov_id=f"{council.code}:{c.id}"[:60],
    )


def moderngov_sync(*, council: Area, client: ModernGovClient, today: date | None = None) -> ChangeReport:
    """Update one council's ward councillors and key post holders from its ModernGov service."""
    today = today or timezone.localdate()
    report = ChangeReport()
    wards = client.councillors_by_ward()  # network first, outside the transaction
    ours = {ward_key(w.name): w for w in Area.objects.filter(type=AreaType.WARD, parent=council)}
    holders: dict[Role, list[tuple[Councillor, str]]] = {role: [] for role in KEY_POST_ROLES}
    with transaction.atomic():
        for ward in wards:
            area = ours.get(ward_key(ward.title))
            if area is None:
                report.unmatched.append(f"ward {ward.title!r}: no ward of that name in {council.name}")
            else:
                keep: set[int] = set()
                for c in ward.councillors:
                    office = office_upsert(
                        data=_office_data(
                            council=council,
                            client=client,
                            c=c,
                            role=Role.WARD_COUNCILLOR,
                            area=area,
                            portfolio="",
                            today=today,
                        ),
                        report=report,
                        replace_others=False,
                    )
                    keep.add(office.pk)
                offices_end_missing(
                    role=Role.WARD_COUNCILLOR,
                    area=area,
                    keep=keep,
                    report=report,
                    reason="no longer listed in ModernGov",
                )
            for c in ward.councillors:
                for title in c.key_posts:
                    for role in key_post_roles(title):
                        if all(existing.id != c.id for existing, _ in holders[role]):
                            holders[role].append((c, title))
        for role in KEY_POST_ROLES:
            if role == Role.LEAD_MEMBER_CHILDREN and council.type not in CHILDRENS_SERVICES_TYPES:
                continue
            keep = set()
            for c, title in holders[role]:
                portfolio = title if role in {Role.CABINET_MEMBER, Role.LEAD_MEMBER_CHILDREN} else ""
                office = office_upsert(
                    data=_office_data(
                        council=council,
                        client=client,
                        c=c,
                        role=role,
                        area=council,
                        portfolio=portfolio,
                        today=today,
                    ),
                    report=report,
                    replace_others=role in SINGLE_HOLDER_ROLES and len(holders[role]) == 1,
                )
                keep.add(office.pk)
            # Only ModernGov's own earlier records are ended here: a lead member a steward
            # entered by CSV stays until a steward says otherwise.
            offices_end_missing(
                role=role,
                area=council,
                keep=keep,
                report=report,
                reason="key post no longer listed in ModernGov",
                sources={Source.MODERNGOV},
            )
            if role == Role.LEAD_MEMBER_CHILDREN and not holders[role]:
                report.unmatched.append(
                    f"{council.name}: no key post names a lead member for children's services (check by hand)"
                )
    return report
