"""Writes for supporters: joining with consent, confirming, unsubscribing, export and erasure."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from kinship.campaigns.models import Campaign
from kinship.core import rights
from kinship.core.conf import advice_line, confirmation_days
from kinship.core.counters import counter_increment
from kinship.core.dbretry import atomic_on_checked_connection
from kinship.core.i18n import localised
from kinship.core.inserts import insert_row, insert_row_unless_conflict
from kinship.core.outbox import email_enqueue
from kinship.core.privacy import canonical_email, email_key
from kinship.core.ratelimit import RateDecision, rate_limit_exceeded
from kinship.core.signing import link_errors, token_path
from kinship.supporters import conf, consent, tokens
from kinship.supporters.models import (
    ConsentPurpose,
    ConsentRecord,
    DataRequest,
    DataRequestKind,
    DataRequestLog,
    DataRequestStatus,
    Signup,
    SignupStatus,
    Supporter,
    SupporterExportLog,
)

logger = logging.getLogger("kinship.supporters")


class CampaignNotOpenError(Exception):
    """The campaign is not taking new supporters."""


class LinkExpiredError(Exception):
    """A confirmation or data link is too old."""


class LinkInvalidError(Exception):
    """A link is broken or not ours."""


@dataclass(frozen=True)
class JoinInput:
    name: str
    email: str
    postcode: str
    is_kinship_carer: str
    consent_contact: bool


def join_rate_decision(*, ip: str, email: str, question_answered: bool = False) -> RateDecision:
    """How often one address and one connection may sign up, counting this sign-up. Over the
    soft per-connection limit a person answers a question (many people share one connection);
    over the per-address or the hard per-connection limit it is refused for a while."""
    if rate_limit_exceeded(scope="join-email", identity=email_key(email), rate=conf.rate_join_email()) or (
        rate_limit_exceeded(scope="join-ip-hard", identity=ip, rate=conf.rate_join_ip_hard())
    ):
        return RateDecision.REFUSE
    if question_answered:
        return RateDecision.ALLOW
    if rate_limit_exceeded(scope="join-ip", identity=ip, rate=conf.rate_join_ip()):
        return RateDecision.ASK_QUESTION
    return RateDecision.ALLOW


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _unsubscribe_url(supporter: Supporter) -> str:
    token = tokens.make_token(supporter.pk, salt=tokens.UNSUBSCRIBE_SALT)
    return _absolute(token_path("supporters:unsubscribe", token=token))


def unsubscribe_headers(supporter: Supporter, *, url: str = "") -> dict[str, str]:
    """`url`: the supporter's unsubscribe link when the caller has just made it."""
    return {"List-Unsubscribe": f"<{url or _unsubscribe_url(supporter)}>"}


def consent_record(*, supporter: Supporter, given: bool, source_url: str, language: str) -> ConsentRecord:
    """Record a consent decision with the exact wording and version the person saw."""
    with translation.override(language):
        wording = str(consent.CAMPAIGN_EMAILS_WORDING)
    return insert_row(
        ConsentRecord(
            supporter=supporter,
            purpose=ConsentPurpose.CAMPAIGN_EMAILS,
            given=given,
            wording=wording,
            wording_version=consent.CAMPAIGN_EMAILS_VERSION,
            language=language,
            source_url=source_url[:500],
        )
    )


@atomic_on_checked_connection
def supporter_join(*, campaign: Campaign, data: JoinInput, source_url: str, language: str) -> Signup:
    """Join a campaign: one supporter per email address, a pending sign-up, consent recorded,
    and a confirmation email queued. The caller shows the same page whether or not the
    address was known, so nobody can learn who has joined. One transaction, tried once more on
    a new connection if the reused one had died (`core.dbretry.atomic_on_checked_connection`)."""
    if not campaign.accepts_supporters:
        raise CampaignNotOpenError
    supporter, inserted = _supporter_insert_or_lock(
        email=canonical_email(data.email),
        name=data.name,
        postcode=data.postcode,
        is_kinship_carer=data.is_kinship_carer,
        language=language,
    )
    now = timezone.now()
    if inserted:
        # A new address (the common case at a peak): nothing to merge, no sign-up can exist yet.
        signup = insert_row(
            Signup(
                campaign=campaign, supporter=supporter, source_url=source_url[:500], confirmation_sent_at=now
            )
        )
    else:
        if supporter.is_erased:
            # Someone erased earlier and now joins again: start afresh on the same row.
            supporter.erased_at = None
        elif not supporter.signups.filter(status=SignupStatus.CONFIRMED).exists():
            # Not yet confirmed anywhere: the latest details win, as nobody has vouched for the old ones.
            supporter.name = data.name
            supporter.postcode = data.postcode or supporter.postcode
            supporter.is_kinship_carer = data.is_kinship_carer
        supporter.language = language
        supporter.save()
        signup, _ = Signup.objects.get_or_create(
            campaign=campaign, supporter=supporter, defaults={"source_url": source_url[:500]}
        )
        signup.confirmation_sent_at = now
        signup.save(update_fields=["confirmation_sent_at", "updated_at"])
    if data.consent_contact:
        consent_record(supporter=supporter, given=True, source_url=source_url, language=language)

    _join_confirmation_enqueue(signup=signup, supporter=supporter, campaign=campaign, language=language)
    return signup


def _supporter_insert_or_lock(*, email: str, **fields: Any) -> tuple[Supporter, bool]:
    """A new supporter (True), or the one with this address, locked for the update (False).

    Insert first: a new address is the common case at a peak, and this way it costs one INSERT
    and no look-up; a known address is found by the unique constraint, without an exception and
    so without a savepoint (`ON CONFLICT DO NOTHING`, kinship.core.inserts). A second join with
    the same new address waits for the first to commit, then takes the look-up path."""
    supporter = Supporter(email=email, **fields)
    if insert_row_unless_conflict(supporter):
        return supporter, True
    found = Supporter.objects.select_for_update().filter(email=email).first()
    if found is None:  # another constraint refused the row: not a repeat
        raise IntegrityError("the supporter row was refused, and no supporter has this address")
    return found, False


def _join_confirmation_enqueue(
    *, signup: Signup, supporter: Supporter, campaign: Campaign, language: str
) -> None:
    """The join email's outbox row, rendered by the worker when it sends (no template work in
    the request): the context is JSON-safe, the campaign's title picked in `language` now."""
    token = tokens.make_token(signup.pk, salt=tokens.JOIN_SALT)
    unsubscribe_url = _unsubscribe_url(supporter)
    with translation.override(language):
        title = localised(campaign, "title")
    context: dict[str, Any] = {
        # Unconfirmed supporters took the new name above; confirmed ones keep theirs.
        "name": supporter.name,
        "title": title,
        "already_confirmed": signup.status == SignupStatus.CONFIRMED,
        "confirm_url": _absolute(token_path("supporters:join_confirm", token=token)),
        "unsubscribe_url": unsubscribe_url,
        "advice_line": advice_line(),
        "days": confirmation_days(),
    }
    email_enqueue(
        kind="join_confirmation",
        to=supporter.email,
        template="supporters/email/join_confirm",
        context=context,
        language=language,
        headers=unsubscribe_headers(supporter, url=unsubscribe_url),
        render_in_worker=True,
    )


def join_check_email_path(signup: Signup) -> str:
    """The join "check your email" page for this sign-up: the address (masked) and a resend button."""
    token = tokens.make_token(signup.pk, salt=tokens.CHECK_EMAIL_SALT)
    return token_path("supporters:join_check_email_sent", token=token, slug=signup.campaign.slug)


def signup_from_check_email_token(token: str) -> Signup:
    """The sign-up a join "check your email" page is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = tokens.read_int_token(token, salt=tokens.CHECK_EMAIL_SALT, max_age=tokens.join_max_age())
    signup = Signup.objects.select_related("campaign", "supporter").filter(pk=pk).first()
    if signup is None or signup.supporter.is_erased:
        raise LinkInvalidError
    return signup


@transaction.atomic
def signup_confirmation_resend(*, signup: Signup) -> None:
    """Queue the join email again (through the outbox), the same email as the first."""
    locked = Signup.objects.select_for_update().select_related("campaign", "supporter").get(pk=signup.pk)
    supporter = locked.supporter
    with translation.override(supporter.language):
        _join_confirmation_enqueue(
            signup=locked, supporter=supporter, campaign=locked.campaign, language=supporter.language
        )
    locked.confirmation_sent_at = timezone.now()
    locked.save(update_fields=["confirmation_sent_at", "updated_at"])


def signup_from_token(token: str) -> Signup:
    """The sign-up a confirmation link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        signup_id = tokens.read_int_token(token, salt=tokens.JOIN_SALT, max_age=tokens.join_max_age())
    signup = Signup.objects.select_related("campaign", "supporter").filter(pk=signup_id).first()
    if signup is None or signup.supporter.is_erased:
        raise LinkInvalidError
    return signup


@transaction.atomic
def signup_confirm(*, token: str) -> Signup:
    """Confirm a sign-up. Idempotent: a second click (or a double-click) counts once."""
    signup = signup_from_token(token)
    locked = Signup.objects.select_for_update().get(pk=signup.pk)
    if locked.status != SignupStatus.CONFIRMED:
        locked.status = SignupStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_at", "updated_at"])
        counter_increment(key=signup.campaign.supporter_counter_key)
    locked.campaign = signup.campaign
    return locked


def supporter_from_unsubscribe_token(token: str) -> Supporter:
    # Unsubscribe links never expire, so only "invalid" can happen.
    with link_errors(expired=LinkInvalidError, invalid=LinkInvalidError):
        supporter_id = tokens.read_int_token(token, salt=tokens.UNSUBSCRIBE_SALT, max_age=None)
    supporter = Supporter.objects.filter(pk=supporter_id, erased_at__isnull=True).first()
    if supporter is None:
        raise LinkInvalidError
    return supporter


@transaction.atomic
def supporter_unsubscribe(*, token: str, source_url: str, language: str) -> Supporter:
    """Withdraw consent to campaign emails (recorded, like the consent itself)."""
    supporter = supporter_from_unsubscribe_token(token)
    consent_record(supporter=supporter, given=False, source_url=source_url, language=language)
    return supporter


def supporter_has_contact_consent(*, supporter: Supporter) -> bool:
    latest = supporter.consents.filter(purpose=ConsentPurpose.CAMPAIGN_EMAILS).first()
    return bool(latest and latest.given)


@transaction.atomic
def data_access_request(*, email: str, language: str) -> None:
    """Email a signed link to download or erase data. Silent when the address is unknown."""
    supporter = Supporter.objects.filter(email=canonical_email(email), erased_at__isnull=True).first()
    if supporter is None:
        return
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)
    email_enqueue(
        kind="data_access",
        to=supporter.email,
        template="supporters/email/data_access",
        context={
            "name": supporter.name,
            "link": _absolute(reverse("supporters:data_manage", kwargs={"token": token})),
            "days": tokens.DATA_ACCESS_MAX_AGE.days,
        },
        language=language,
    )


def supporter_from_data_token(token: str) -> Supporter:
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        supporter_id = tokens.read_int_token(
            token, salt=tokens.DATA_ACCESS_SALT, max_age=tokens.DATA_ACCESS_MAX_AGE
        )
    supporter = Supporter.objects.filter(pk=supporter_id, erased_at__isnull=True).first()
    if supporter is None:
        raise LinkInvalidError
    return supporter


def supporter_export(*, supporter: Supporter, handled_by: str = "self-service") -> dict[str, Any]:
    """Everything we hold about a supporter, as a JSON-ready dict (right of access)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "supporter": {
            "name": supporter.name,
            "email": supporter.email,
            "postcode": supporter.postcode,
            "is_kinship_carer": supporter.is_kinship_carer,
            "language": supporter.language,
            "joined_at": supporter.created_at.isoformat(),
        },
        "campaigns": [
            {
                "campaign": s.campaign.title,
                "status": s.status,
                "joined_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "page": s.source_url,
            }
            for s in supporter.signups.select_related("campaign").order_by("created_at")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "wording": c.wording,
                "wording_version": c.wording_version,
                "language": c.language,
                "page": c.source_url,
                "recorded_at": c.recorded_at.isoformat(),
            }
            for c in supporter.consents.order_by("recorded_at")
        ],
    }
    for section, exporter in rights.exporters():
        data[section] = exporter(supporter)
    DataRequestLog.objects.create(
        kind=DataRequestKind.EXPORT, supporter_id_at_time=supporter.pk, handled_by=handled_by
    )
    return data


@transaction.atomic
def supporter_erase(*, supporter: Supporter, handled_by: str = "self-service") -> None:
    """Erase personal data but keep anonymous counts (sign-ups stay, pointing at a blank row)."""
    supporter = Supporter.objects.select_for_update().get(pk=supporter.pk)
    for eraser in rights.erasers():
        eraser(supporter)
    supporter.consents.all().delete()
    supporter.name = ""
    supporter.email = f"erased-{supporter.pk}@erased.invalid"
    supporter.postcode = ""
    supporter.is_kinship_carer = "unsaid"
    supporter.erased_at = timezone.now()
    supporter.save()
    Signup.objects.filter(supporter=supporter).update(source_url="")
    DataRequestLog.objects.create(
        kind=DataRequestKind.ERASURE, supporter_id_at_time=supporter.pk, handled_by=handled_by
    )
    logger.info("supporter #%s erased by %s", supporter.pk, handled_by)


@transaction.atomic
def supporter_contact_consent(
    *, email: str, name: str, postcode: str, source_url: str, language: str
) -> Supporter:
    """Record consent to further contact given while taking an action elsewhere (signing a
    petition): the supporter is found or made by address, and the consent is recorded with
    the wording and version they saw. Call once the address is confirmed."""
    supporter, _created = Supporter.objects.select_for_update().get_or_create(
        email=canonical_email(email),
        defaults={"name": name[:120], "postcode": postcode[:8], "language": language},
    )
    consent_record(supporter=supporter, given=True, source_url=source_url, language=language)
    return supporter


# --- Requests that reach staff by post or phone --------------------------------------------


class SupporterNotFoundError(Exception):
    """No supporter (not erased) has that address."""


class DataRequestAlreadyDoneError(Exception):
    """Someone has already done or closed that request."""


def one_month_after(day: dt.date) -> dt.date:
    """The UK GDPR deadline: the same day next month, or that month's last day if it is shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def data_request_record(
    *, email: str, kind: str, channel: str, received_on: dt.date, entered_by: str
) -> DataRequest:
    """Record a request for a copy or an erasure that came by post, phone or in person."""
    supporter = Supporter.objects.filter(email=canonical_email(email), erased_at__isnull=True).first()
    if supporter is None:
        raise SupporterNotFoundError
    return DataRequest.objects.create(
        kind=kind,
        channel=channel,
        supporter=supporter,
        received_on=received_on,
        due_on=one_month_after(received_on),
        entered_by=entered_by[:150],
        handler=entered_by[:150],
    )


def data_request_take(*, request_id: int, handler: str) -> DataRequest:
    """Make `handler` the staff member handling an open request."""
    updated = DataRequest.objects.filter(pk=request_id, status=DataRequestStatus.OPEN).update(
        handler=handler[:150]
    )
    if not updated:
        raise DataRequestAlreadyDoneError
    return DataRequest.objects.get(pk=request_id)


@transaction.atomic
def data_request_complete(*, request_id: int, by: str) -> dict[str, Any] | None:
    """Do an open request: return the supporter's data (a copy) or erase it (an erasure), and
    record that it was done, by whom and when. Erasure blanks the supporter's row, so the
    request keeps no personal data."""
    request = DataRequest.objects.select_for_update().select_related("supporter").get(pk=request_id)
    if request.status != DataRequestStatus.OPEN or request.supporter.erased_at is not None:
        raise DataRequestAlreadyDoneError
    data = None
    if request.kind == DataRequestKind.EXPORT:
        data = supporter_export(supporter=request.supporter, handled_by=by)
    else:
        supporter_erase(supporter=request.supporter, handled_by=by)
    request.status = DataRequestStatus.DONE
    request.done_by = by[:150]
    request.done_at = timezone.now()
    request.save(update_fields=["status", "done_by", "done_at"])
    return data


def supporter_export_log(*, by: str, rows: int) -> SupporterExportLog:
    """Record an export of consenting supporters for the charity's other systems."""
    logger.info("consenting supporters exported by %s (%s rows)", by, rows)
    return SupporterExportLog.objects.create(exported_by=by[:150], rows=rows)
