"""Petitions' writes: signing (confirmed by email before it counts), confirming, reviewing and
voiding signatures, the periodic count by area, and data-rights export and erasure.
Hand-ins are in `handin.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from kinship.campaigns.selectors import action_is_open
from kinship.core.conf import confirmation_days
from kinship.core.counters import counter_increment
from kinship.core.dbretry import on_checked_connection
from kinship.core.i18n import localised
from kinship.core.inserts import insert_row
from kinship.core.outbox import email_enqueue
from kinship.core.ratelimit import rate_limit_exceeded
from kinship.core.signing import link_errors, make_token, read_int_token, token_path
from kinship.geography.services import postcode_lookup
from kinship.petitions import conf, rules, tokens
from kinship.petitions.errors import (
    LinkExpiredError,
    LinkInvalidError,
    PetitionClosedError,
    PostcodeNotPlacedError,
)
from kinship.petitions.models import AreaCount, AreaType, Petition, Signature, SignatureStatus
from kinship.supporters.services import supporter_contact_consent

HELD_FOR_CONNECTION = "Many signatures from one connection in a short time"


@dataclass(frozen=True)
class SignInput:
    name: str
    email: str
    postcode: str
    consent_contact: bool = False
    show_name: bool = False


class SignOutcome(StrEnum):
    NEW = "new"
    # Signed before with this address and name: they get an email about it, and the page and
    # the API answer exactly as for a new signature, so nobody learns who has signed.
    REPEAT = "repeat"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_url(signature: Signature) -> str:
    token = make_token(signature.pk, salt=tokens.CONFIRM_SALT)
    return _absolute(token_path("petitions:confirm", token=token))


def signature_email_refused(*, email: str) -> bool:
    """Count a signature from this address; True when it is over the per-address limit."""
    return rate_limit_exceeded(
        scope="petition-sign-email", identity=rules.email_key(email), rate=conf.rate_sign_email()
    )


def _held_reason(ip: str) -> str:
    """Over the per-connection threshold a signature is held for review, never refused."""
    if ip and rate_limit_exceeded(scope="petition-sign-ip", identity=ip, rate=conf.rate_sign_ip_hold()):
        return HELD_FOR_CONNECTION
    return ""


def _email_context(signature: Signature, petition: Petition) -> dict[str, Any]:
    """JSON-safe, for an email rendered by the worker; call in the signer's language."""
    return {
        "name": signature.name,
        "title": str(localised(petition.action, "title")),
        "target": str(localised(petition, "target_name")),
        "confirm_url": confirm_url(signature),
        "petition_url": _absolute(reverse("petitions:detail", kwargs={"slug": petition.slug})),
        "days": confirmation_days(),
        "confirmed": signature.status != SignatureStatus.PENDING,
    }


def _email_signer(signature: Signature, petition: Petition, *, repeat: bool) -> None:
    with translation.override(signature.language):
        email_enqueue(
            kind="petition_repeat" if repeat else "petition_confirmation",
            to=signature.email,
            template="petitions/email/repeat" if repeat else "petitions/email/confirm",
            context=_email_context(signature, petition),
            language=signature.language,
            render_in_worker=True,
        )


def signature_create(
    *,
    petition: Petition,
    data: SignInput,
    ip: str,
    language: str,
    source: str = "web",
    source_url: str = "",
) -> SignOutcome:
    """Sign `petition`: store the signature unconfirmed and email a link to confirm it.

    Someone who has signed before (same canonical address, same name) gets an email saying so
    instead. Raises PetitionClosedError, PostcodeNotPlacedError."""
    if not action_is_open(petition.action):
        raise PetitionClosedError
    result = postcode_lookup(data.postcode)
    if not result.is_usable:
        raise PostcodeNotPlacedError(result)
    email = data.email.strip()
    key, name_key = rules.email_key(email), rules.name_key(data.name)
    held_reason = _held_reason(ip)
    # Insert first (most signers are new): the unique constraint finds a repeat, so a new
    # signature costs no look-up before it is stored.
    council = result.childrens_services_authority

    def store() -> None:
        signature = insert_row(
            Signature(
                petition=petition,
                name=" ".join(data.name.split()),
                name_key=name_key,
                email=email,
                email_canonical=key,
                email_domain=rules.email_domain(key),
                postcode=result.postcode,
                constituency_code=result.constituency.code if result.constituency else "",
                constituency_name=result.constituency.name if result.constituency else "",
                council_code=council.code if council else "",
                council_name=council.name if council else "",
                consent_contact=data.consent_contact,
                show_name=data.show_name and petition.names_public,
                held_reason=held_reason,
                ip=ip or None,
                language=language,
                source=source,
                source_url=source_url[:500],
            )
        )
        _email_signer(signature, petition, repeat=False)

    try:
        # One transaction, tried once more on a new connection if the reused one had died.
        on_checked_connection(store, atomic=True)
    except IntegrityError:
        # Signed before (or twice at once: the other request made the row).
        existing = Signature.objects.filter(petition=petition, email_canonical=key, name_key=name_key).first()
        if existing is None:
            raise
        _email_signer(existing, petition, repeat=True)
        return SignOutcome.REPEAT
    return SignOutcome.NEW


def signature_from_token(token: str, *, for_update: bool = False) -> Signature:
    """The signature a confirmation link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = read_int_token(token, salt=tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
    query = Signature.objects.select_related("petition", "petition__action", "petition__action__campaign")
    if for_update:
        query = query.select_for_update(of=("self",))
    signature = query.filter(pk=pk).first()
    if signature is None or not signature.email:
        raise LinkInvalidError
    return signature


@transaction.atomic
def signature_confirm(*, token: str) -> Signature:
    """Confirm a signature: it counts from now (or waits for review if it was held).
    Idempotent: a second press changes nothing. Consent to further contact, if given, is
    recorded with the supporters (now that the address is proven)."""
    signature = signature_from_token(token, for_update=True)
    if signature.status != SignatureStatus.PENDING:
        return signature
    signature.status = SignatureStatus.HELD if signature.held_reason else SignatureStatus.CONFIRMED
    signature.confirmed_at = timezone.now()
    signature.save(update_fields=["status", "confirmed_at"])
    if signature.status == SignatureStatus.CONFIRMED:
        counter_increment(key=signature.petition.action.counter_key)
    if signature.consent_contact:
        supporter_contact_consent(
            email=signature.email,
            name=signature.name,
            postcode=signature.postcode,
            source_url=signature.source_url,
            language=signature.language,
        )
    return signature


# ---------------------------------------------------------------- review


@transaction.atomic
def signatures_void(*, petition: Petition, ids: list[int], by: str) -> int:
    """Void signatures (a suspicious cluster, say): they stop counting at once, and the counts
    by area are re-made. Returns how many were voided."""
    rows = list(
        Signature.objects.select_for_update()
        .filter(petition=petition, pk__in=ids)
        .exclude(status=SignatureStatus.VOIDED)
        .values_list("pk", "status")
    )
    if not rows:
        return 0
    counted = sum(1 for _pk, status in rows if status == SignatureStatus.CONFIRMED)
    Signature.objects.filter(pk__in=[pk for pk, _status in rows]).update(
        status=SignatureStatus.VOIDED, voided_at=timezone.now(), voided_by=by[:150]
    )
    if counted:
        counter_increment(key=petition.action.counter_key, by=-counted)
    petition_count(petition=petition)
    return len(rows)


@transaction.atomic
def signatures_release(*, petition: Petition, ids: list[int]) -> int:
    """Held signatures found genuine: they count from now. Returns how many."""
    pks = list(
        Signature.objects.select_for_update()
        .filter(petition=petition, pk__in=ids, status=SignatureStatus.HELD)
        .values_list("pk", flat=True)
    )
    if pks:
        Signature.objects.filter(pk__in=pks).update(status=SignatureStatus.CONFIRMED, held_reason="")
        counter_increment(key=petition.action.counter_key, by=len(pks))
        petition_count(petition=petition)
    return len(pks)


# ---------------------------------------------------------------- the periodic count


def _grouped(petition: Petition, code: str, name: str) -> list[AreaCount]:
    rows = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED)
        .exclude(**{code: ""})
        .values(code, name)
        .annotate(n=Count("*"))  # not Count("id"): the grouping index does not hold ids
    )
    area_type = AreaType.CONSTITUENCY if code.startswith("constituency") else AreaType.COUNCIL
    counts: dict[str, AreaCount] = {}
    for row in rows:
        # One row per code (a name could differ between signatures after a boundary rename).
        found = counts.get(row[code])
        if found is None:
            counts[row[code]] = AreaCount(
                petition=petition, area_type=area_type, code=row[code], name=row[name], count=row["n"]
            )
        else:
            found.count += row["n"]
    return list(counts.values())


def petition_count(*, petition: Petition, now: dt.datetime | None = None) -> int:
    """Re-make the petition's counts by constituency and council and its counted total from the
    confirmed signatures (a few GROUP BY queries, run periodically and after voiding: never one
    row updated per signature). Returns the total."""
    now = now or timezone.now()
    total = Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED).count()
    areas = _grouped(petition, "constituency_code", "constituency_name") + _grouped(
        petition, "council_code", "council_name"
    )
    with transaction.atomic():
        AreaCount.objects.filter(petition=petition).delete()
        AreaCount.objects.bulk_create(areas)
        Petition.objects.filter(pk=petition.pk).update(counted_total=total, counted_at=now)
    petition.counted_total, petition.counted_at = total, now
    return total


def petitions_count_recent(*, now: dt.datetime | None = None) -> int:
    """The periodic job: re-count every petition that is open or closed in the last day."""
    now = now or timezone.now()
    recent = Petition.objects.select_related("action").exclude(
        action__closes_at__lt=now - dt.timedelta(days=1)
    )
    done = 0
    for petition in recent:
        petition_count(petition=petition, now=now)
        done += 1
    return done


# ---------------------------------------------------------------- retention


def signatures_tidy(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Unconfirmed signatures are deleted a week after their link expired; connection addresses
    are cleared once the cluster review no longer needs them (held ones wait for a decision)."""
    now = now or timezone.now()
    deleted, _counts = Signature.objects.filter(
        status=SignatureStatus.PENDING, created_at__lt=now - dt.timedelta(days=confirmation_days() + 7)
    ).delete()
    cleared = (
        Signature.objects.filter(
            ip__isnull=False, created_at__lt=now - dt.timedelta(days=conf.ip_retention_days())
        )
        .exclude(status=SignatureStatus.HELD)
        .update(ip=None)
    )
    return {"deleted": deleted, "addresses_cleared": cleared}


# ---------------------------------------------------------------- data rights


def signatures_export(person: Any) -> list[dict[str, Any]]:
    """A person's signatures, for their data export."""
    return [
        {
            "petition": s.petition.action.title,
            "name": s.name,
            "email": s.email,
            "postcode": s.postcode,
            "status": s.status,
            "signed_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "name_shown": s.show_name,
        }
        for s in Signature.objects.select_related("petition__action").filter(
            email_canonical=rules.email_key(person.email)
        )
    ]


def signatures_erase(person: Any) -> None:
    """Remove a person's details from their signatures. The signatures still count (by
    constituency and council), anonymously, as a signature is not withdrawn by erasure."""
    for pk in Signature.objects.filter(email_canonical=rules.email_key(person.email)).values_list(
        "pk", flat=True
    ):
        Signature.objects.filter(pk=pk).update(
            name="",
            name_key=f"erased-{pk}",
            email="",
            email_canonical=f"erased-{pk}",
            email_domain="",
            postcode="",
            ip=None,
            show_name=False,
            source_url="",
        )
