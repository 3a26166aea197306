"""Campaign Champions: signing up with an area and what they can offer, confirming by email,
staff approval, and the private link to the champion's page for their area (in kinship.site)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kinship.core.conf import confirmation_days
from kinship.core.outbox import email_enqueue
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject
from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.geography.services import postcode_lookup
from kinship.supporters import tokens
from kinship.supporters.models import Champion, ChampionOffer, ChampionStatus

__all__ = ["Champion"]
from kinship.supporters.services import LinkExpiredError, LinkInvalidError

logger = logging.getLogger("kinship.supporters")


class ChampionAreaError(Exception):
    """We cannot name a council for children's services from that postcode."""


class ChampionAlreadyError(Exception):
    """This person is already a champion (or has asked to be) for that council."""


class ChampionDecidedError(Exception):
    """Someone has already approved or declined this champion."""


@dataclass(frozen=True)
class ChampionInput:
    name: str
    email: str
    postcode: str
    offers: list[str]
    offer_details: str = ""


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def champion_page_url(champion: Champion) -> str:
    token = make_token(champion.pk, salt=tokens.CHAMPION_PAGE_SALT)
    return _absolute(reverse("champions:area", kwargs={"token": token}))


@transaction.atomic
def champion_signup(*, data: ChampionInput, language: str) -> Champion:
    """Record a champion's offer for the council of their postcode and email a link to confirm.
    Raises ChampionAreaError, ChampionAlreadyError."""
    council = postcode_lookup(data.postcode).childrens_services_authority
    if council is None:
        raise ChampionAreaError
    email = canonical_email(data.email)
    if Champion.objects.filter(email=email, council_code=council.code).exists():
        raise ChampionAlreadyError
    try:
        with transaction.atomic():
            champion = Champion.objects.create(
                name=data.name,
                email=email,
                postcode=data.postcode,
                council_code=council.code,
                council_name=council.official_name or council.name,
                offers=[o for o in data.offers if o in ChampionOffer.values],
                offer_details=data.offer_details,
                language=language,
            )
    except IntegrityError as exc:  # a double-click racing itself
        raise ChampionAlreadyError from exc
    token = make_token(champion.pk, salt=tokens.CHAMPION_CONFIRM_SALT)
    email_enqueue(
        kind="champion_confirm",
        to=email,
        template="supporters/email/champion_confirm",
        context={
            "name": champion.name,
            "council": champion.council_name,
            "url": _absolute(reverse("supporters:champion_confirm", kwargs={"token": token})),
            "days": confirmation_days(),
        },
        language=language,
    )
    return champion


def champion_confirm(*, token: str) -> Champion:
    """The champion confirms their address: their offer waits for our staff. Idempotent."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = read_int_token(token, salt=tokens.CHAMPION_CONFIRM_SALT, max_age=tokens.join_max_age())
    champion = Champion.objects.filter(pk=pk).first()
    if champion is None:
        raise LinkInvalidError
    if champion.status == ChampionStatus.UNCONFIRMED:
        Champion.objects.filter(pk=pk, status=ChampionStatus.UNCONFIRMED).update(
            status=ChampionStatus.PENDING, confirmed_at=timezone.now(), updated_at=timezone.now()
        )
        champion.refresh_from_db()
    return champion


def champions_pending() -> QuerySet[Champion]:
    return Champion.objects.filter(status=ChampionStatus.PENDING).order_by("confirmed_at", "id")


def champions_approved(*, council_code: str = "") -> QuerySet[Champion]:
    approved = Champion.objects.filter(status=ChampionStatus.APPROVED).order_by("council_name", "name")
    return approved.filter(council_code=council_code) if council_code else approved


def _decide(*, champion_id: int, by: str, approve: bool) -> Champion:
    with transaction.atomic():
        champion = Champion.objects.select_for_update().get(pk=champion_id)
        if champion.status != ChampionStatus.PENDING:
            raise ChampionDecidedError
        champion.status = ChampionStatus.APPROVED if approve else ChampionStatus.DECLINED
        champion.decided_at = timezone.now()
        champion.decided_by = by
        champion.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        if approve:
            email_enqueue(
                kind="champion_approved",
                to=champion.email,
                template="supporters/email/champion_approved",
                context={
                    "name": champion.name,
                    "council": champion.council_name,
                    "url": champion_page_url(champion),
                },
                language=champion.language,
            )
    return champion


def champion_approve(*, champion_id: int, by: str) -> Champion:
    """Staff approve a champion, who is emailed the private link to their area's page."""
    return _decide(champion_id=champion_id, by=by, approve=True)


def champion_decline(*, champion_id: int, by: str) -> Champion:
    """Staff decline a champion (a person from the team will have been in touch)."""
    return _decide(champion_id=champion_id, by=by, approve=False)


def champion_link_request(*, email: str, language: str) -> None:
    """Email an approved champion fresh links to their area pages. Silent for anyone else."""
    canonical = canonical_email(email)
    champions = list(Champion.objects.filter(email=canonical, status=ChampionStatus.APPROVED))
    if not champions:
        return
    with transaction.atomic():
        email_enqueue(
            kind="champion_link",
            to=canonical,
            template="supporters/email/champion_link",
            context={"links": [{"council": c.council_name, "url": champion_page_url(c)} for c in champions]},
            language=language,
        )


def champion_from_page_token(token: str) -> Champion:
    """The approved champion a page link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = read_int_token(token, salt=tokens.CHAMPION_PAGE_SALT, max_age=tokens.champion_page_max_age())
    champion = Champion.objects.filter(pk=pk, status=ChampionStatus.APPROVED).first()
    if champion is None:
        raise LinkInvalidError
    return champion


def champions_export(person: DataSubject) -> list[dict[str, object]]:
    """Data-protection export: the person's champion offers."""
    return [
        {
            "council": c.council_name,
            "name": c.name,
            "postcode": c.postcode,
            "offers": c.offers,
            "details": c.offer_details,
            "status": c.status,
            "signed_up_at": c.created_at.isoformat(),
        }
        for c in Champion.objects.filter(email=canonical_email(person.email))
    ]


def champions_erase(person: DataSubject) -> None:
    """Data-protection erasure: a champion's record goes entirely."""
    Champion.objects.filter(email=canonical_email(person.email)).delete()
    logger.info("champion records erased")


def champions_unconfirmed_delete(*, now: dt.datetime | None = None) -> int:
    """Retention: an offer never confirmed is deleted a week after its confirmation link expired."""
    cutoff = (now or timezone.now()) - tokens.join_max_age() - dt.timedelta(days=7)
    deleted, _counts = Champion.objects.filter(
        status=ChampionStatus.UNCONFIRMED, created_at__lt=cutoff
    ).delete()
    return deleted
