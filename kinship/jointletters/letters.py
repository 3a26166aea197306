"""Joint letters: one organiser, many co-signers, one email to the target, sent once.

The organiser's manage link and each signer's links are signed ids (never addresses). Signing
checks the signer's postcode is in the target's area where that matters (an MP, a council's
people); sending locks the letter row, so two "send" presses make one Submission and one Message
through messaging (which asks the organiser to confirm by email, as for every message)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.campaigns.models import Action
from kinship.core.outbox import email_enqueue
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject
from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.geography.services import postcode_lookup
from kinship.jointletters import conf
from kinship.jointletters.models import CoSignature, JointLetter, LetterStatus, SignatureStatus
from kinship.messaging import services as messaging
from kinship.messaging.merge import merge
from kinship.messaging.models import Submission
from kinship.messaging.targets import Target, resolve_targets, usable_targets
from kinship.representatives.models import Role
from kinship.supporters.services import supporter_contact_consent

logger = logging.getLogger(__name__)

MANAGE_SALT = "kinship.jointletters.manage"
SHARE_SALT = "kinship.jointletters.share"
SIGNATURE_SALT = "kinship.jointletters.signature"
MANAGE_DAYS = 90
SIGNATURE_DAYS = 30
# Whose constituents or residents are the point: a signer from elsewhere is told, kindly.
AREA_ROLES = {
    Role.MP,
    Role.MS,
    Role.LEADER,
    Role.ELECTED_MAYOR,
    Role.CEREMONIAL_MAYOR,
    Role.CABINET_MEMBER,
    Role.LEAD_MEMBER_CHILDREN,
    Role.WARD_COUNCILLOR,
    Role.DIRECTOR_CHILDREN,
}


class LetterError(Exception):
    """A kind message for the person: `str(exc)`."""


class LinkExpiredError(Exception):
    pass


class LinkInvalidError(Exception):
    pass


# ---------------------------------------------------------------- links


def manage_url(letter: JointLetter) -> str:
    token = make_token(letter.pk, salt=MANAGE_SALT)
    return f"{settings.SITE_URL}{reverse('jointletters:letter_manage', kwargs={'token': token})}"


def share_url(letter: JointLetter) -> str:
    token = make_token(letter.pk, salt=SHARE_SALT)
    return f"{settings.SITE_URL}{reverse('jointletters:letter_sign', kwargs={'token': token})}"


def signature_url(signature: CoSignature, name: str) -> str:
    token = make_token(signature.pk, salt=SIGNATURE_SALT)
    return f"{settings.SITE_URL}{reverse(f'jointletters:{name}', kwargs={'token': token})}"


def _read(token: str, *, salt: str, days: int | None) -> int:
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        return read_int_token(token, salt=salt, max_age=timedelta(days=days) if days else None)


def letter_from_manage_token(token: str) -> JointLetter:
    letter = JointLetter.objects.filter(pk=_read(token, salt=MANAGE_SALT, days=MANAGE_DAYS)).first()
    if letter is None:
        raise LinkInvalidError
    return letter


def letter_from_share_token(token: str) -> JointLetter:
    letter = JointLetter.objects.filter(pk=_read(token, salt=SHARE_SALT, days=None)).first()
    if letter is None:
        raise LinkInvalidError
    return letter


def signature_from_token(token: str) -> CoSignature:
    pk = _read(token, salt=SIGNATURE_SALT, days=SIGNATURE_DAYS)
    signature = CoSignature.objects.select_related("letter").filter(pk=pk).first()
    if signature is None:
        raise LinkInvalidError
    return signature


# ---------------------------------------------------------------- starting a letter


def letter_targets(*, action: Action, postcode: str) -> list[Target]:
    """The people this action reaches by email for this postcode (raises LetterError)."""
    resolution = resolve_targets(action=action, postcode=postcode)
    if not resolution.ok:
        raise LetterError(resolution.problem_message or _("We could not find that postcode."))
    targets = [t for t in usable_targets(action, resolution.targets) if t.can_email]
    if not targets:
        raise LetterError(_("We do not have an email address for anyone here yet."))
    return targets


def letter_draft(*, action: Action, postcode: str, language: str) -> tuple[str, str]:
    """The action's subject and text with what we know for this postcode filled in (the council's
    name, the place), as messaging's writing page shows them: never a raw {{ field }} to a carer.
    Fields known only per recipient stay for sending, where each recipient's values go in."""
    subject, body = messaging.template_texts(action=action, language=language)
    resolution = resolve_targets(action=action, postcode=postcode)
    shared = messaging.merge_values(target=None, resolution=resolution, sender_name="")
    shared.pop("sender_name", None)
    return merge(subject, shared), merge(body, shared)


@dataclass(frozen=True)
class LetterInput:
    postcode: str
    target_key: str
    subject: str
    body: str
    first_name: str
    last_name: str
    email: str


def letter_start(*, action: Action, data: LetterInput, language: str) -> JointLetter:
    """Start a joint letter and email the organiser their private manage link (with the share link
    on the page behind it, so only someone who holds the address can share it)."""
    target = next(
        (t for t in letter_targets(action=action, postcode=data.postcode) if t.key == data.target_key), None
    )
    if target is None:
        raise LetterError(_("Choose who the letter is to."))
    with transaction.atomic():
        letter = JointLetter.objects.create(
            action=action,
            target_key=target.key,
            target_name=target.name,
            target_role=target.role,
            target_area_code=target.area_code,
            target_area_name=target.area_name,
            subject=" ".join(data.subject.split())[:300],
            body=data.body.strip(),
            organiser_first_name=data.first_name.strip(),
            organiser_last_name=data.last_name.strip(),
            organiser_email=canonical_email(data.email),
            organiser_postcode=data.postcode,
            language=language,
        )
        email_enqueue(
            kind="joint_letter_manage",
            to=letter.organiser_email,
            template="jointletters/email/manage_link",
            context={"name": letter.organiser_first_name, "target": target.name, "url": manage_url(letter)},
            language=language,
        )
    logger.info("joint letter %s started", letter.pk)
    return letter


# ---------------------------------------------------------------- signing


def area_matters(letter: JointLetter) -> bool:
    return letter.target_role in AREA_ROLES and bool(letter.target_area_code)


def signer_in_area(*, letter: JointLetter, postcode: str) -> bool:
    """Whether a postcode is in the target's area (always True where the area does not matter).
    Raises LetterError for a postcode we cannot find."""
    result = postcode_lookup(postcode)
    if not result.is_usable:
        raise LetterError(_("We could not find that postcode. Check it and try again."))
    if not area_matters(letter):
        return True
    areas = (
        result.childrens_services_authority,
        result.district,
        result.ward,
        result.division,
        result.constituency,
        result.senedd_constituency,
    )
    return letter.target_area_code in {area.code for area in areas if area is not None}


@dataclass(frozen=True)
class SignatureInput:
    first_name: str
    last_name: str
    email: str
    postcode: str
    line: str = ""
    consent_contact: bool = False


def signature_add(*, letter: JointLetter, data: SignatureInput, language: str) -> CoSignature:
    """Add a name (waiting for email confirmation). Raises LetterError with a kind message when
    signing is closed or the signer is outside the target's area."""
    if letter.status != LetterStatus.OPEN:
        raise LetterError(_("Signing has closed for this letter."))
    if not signer_in_area(letter=letter, postcode=data.postcode):
        raise LetterError(
            _(
                "Thank you for wanting to sign. This letter is to %(name)s, who represents "
                "%(area)s, and your postcode is outside it, so your name would not count here. "
                "You could start a letter to your own representative."
            )
            % {"name": letter.target_name, "area": letter.target_area_name}
        )
    email = canonical_email(data.email)
    fields = {
        "first_name": data.first_name.strip()[:80],
        "last_name": data.last_name.strip()[:80],
        "postcode": postcode_lookup(data.postcode).postcode[:10],
        "line": " ".join(data.line.split())[:280],
        "consent_contact": data.consent_contact,
    }
    with transaction.atomic():
        signature = CoSignature.objects.select_for_update().filter(letter=letter, email=email).first()
        if signature is not None and signature.status == SignatureStatus.CONFIRMED:
            return signature  # already signed: nothing to do, nothing said about the address
        try:
            with transaction.atomic():
                signature, _created = CoSignature.objects.update_or_create(
                    letter=letter,
                    email=email,
                    defaults={
                        **fields,
                        "status": SignatureStatus.AWAITING_CONFIRMATION,
                        "withdrawn_at": None,
                    },
                )
        except IntegrityError:  # the same person at once: the other request made the row
            signature = CoSignature.objects.get(letter=letter, email=email)
        email_enqueue(
            kind="joint_letter_signature",
            to=email,
            template="jointletters/email/confirm_signature",
            context={
                "name": signature.first_name,
                "target": letter.target_name,
                "subject": letter.subject,
                "confirm_url": signature_url(signature, "signature_confirm"),
                "withdraw_url": signature_url(signature, "signature_withdraw"),
            },
            language=language,
        )
    return signature


def signature_confirm(*, token: str, source_url: str = "") -> CoSignature:
    """The signer confirms by email (a POST). Idempotent. Records consent like a supporter's."""
    pk = signature_from_token(token).pk
    with transaction.atomic():
        signature = CoSignature.objects.select_for_update().select_related("letter").get(pk=pk)
        if signature.status != SignatureStatus.AWAITING_CONFIRMATION:
            return signature
        if signature.letter.status == LetterStatus.SENT:
            raise LetterError(_("This letter has already been sent, so it cannot take more names."))
        signature.status = SignatureStatus.CONFIRMED
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["status", "confirmed_at"])
        if signature.consent_contact:
            supporter_contact_consent(
                email=signature.email,
                name=signature.name,
                postcode=signature.postcode,
                source_url=source_url,
                language=signature.letter.language,
            )
    return signature


def signature_withdraw(*, token: str) -> CoSignature:
    """Take a name off the letter; possible until the letter is sent (the letter row is locked,
    so a withdrawal and a send cannot cross)."""
    signature = signature_from_token(token)
    with transaction.atomic():
        letter = JointLetter.objects.select_for_update().get(pk=signature.letter_id)
        if letter.status == LetterStatus.SENT:
            raise LetterError(_("This letter has already been sent, so names can no longer be taken off."))
        CoSignature.objects.filter(pk=signature.pk).update(
            status=SignatureStatus.WITHDRAWN, withdrawn_at=timezone.now()
        )
    signature.refresh_from_db()
    return signature


# ---------------------------------------------------------------- the organiser


def signatures_confirmed(letter: JointLetter) -> list[CoSignature]:
    return list(letter.signatures.filter(status=SignatureStatus.CONFIRMED).order_by("confirmed_at", "pk"))


def letter_set_open(*, letter_id: int, is_open: bool) -> JointLetter:
    """Close signing, or open it again to keep collecting (not once it is sent)."""
    with transaction.atomic():
        letter = JointLetter.objects.select_for_update().get(pk=letter_id)
        if letter.status == LetterStatus.SENT:
            raise LetterError(_("This letter has already been sent."))
        letter.status = LetterStatus.OPEN if is_open else LetterStatus.CLOSED
        letter.save(update_fields=["status", "updated_at"])
    return letter


def letter_text(letter: JointLetter, signatures: list[CoSignature]) -> str:
    """The letter as the target reads it: the organiser's words, then every confirmed signer."""
    lines = [
        letter.body.rstrip(),
        "",
        _("Signed by %(count)s kinship carers:") % {"count": len(signatures) + 1},
    ]
    lines.append(f"- {letter.organiser_name}")
    for signature in signatures:
        lines.append(f"- {signature.name}" + (f": “{signature.line}”" if signature.line else ""))
    return "\n".join(lines)


def letter_send(*, letter_id: int) -> Submission:
    """Send the letter once: one Submission and one Message to the target through messaging,
    which asks the organiser to confirm by email. A second send finds it sent (LetterError)."""
    with transaction.atomic():
        letter = JointLetter.objects.select_for_update().select_related("action").get(pk=letter_id)
        if letter.status == LetterStatus.SENT:
            raise LetterError(_("This letter has already been sent."))
        signatures = signatures_confirmed(letter)
        if not signatures:
            raise LetterError(
                _("Nobody has signed yet. Share the link, then send it when people have signed.")
            )
        try:
            submission = messaging.submission_create(
                action=letter.action,
                data=messaging.SubmissionInput(
                    postcode=letter.organiser_postcode,
                    first_name=letter.organiser_first_name,
                    last_name=letter.organiser_last_name,
                    email=letter.organiser_email,
                    subject=letter.subject,
                    body=letter_text(letter, signatures),
                    target_keys=[letter.target_key],
                ),
                language=letter.language,
            )
        except (messaging.TargetsError, messaging.NoTargetsChosenError) as exc:
            raise LetterError(
                _("We can no longer reach %(name)s by email.") % {"name": letter.target_name}
            ) from exc
        except messaging.MessageTooLongError as exc:
            raise LetterError(
                _("The letter is too long to send with every name. Please contact us.")
            ) from exc
        if JointLetter.objects.filter(submission=submission).exclude(pk=letter.pk).exists():
            # messaging reuses an unconfirmed message to the same person from the same sender:
            # here that is another joint letter still waiting for the organiser's confirmation.
            raise LetterError(
                _(
                    "Your other joint letter to %(name)s is waiting for you to confirm it by email. "
                    "Confirm that one first, then send this one."
                )
                % {"name": letter.target_name}
            )
        letter.status = LetterStatus.SENT
        letter.sent_at = timezone.now()
        letter.submission = submission
        letter.save(update_fields=["status", "sent_at", "submission", "updated_at"])
    logger.info(
        "joint letter %s sent as submission %s (%s names)", letter.pk, submission.pk, len(signatures) + 1
    )
    return submission


# ---------------------------------------------------------------- retention


def letters_expire(*, now: dt.datetime | None = None) -> int:
    """Retention: names never confirmed go after SIGNATURE_DAYS; a sent letter's signers and
    organiser details go `joint_letter_retention_days()` after sending. Returns rows deleted."""
    now = now or timezone.now()
    unconfirmed = CoSignature.objects.filter(
        status=SignatureStatus.AWAITING_CONFIRMATION, created_at__lte=now - timedelta(days=SIGNATURE_DAYS)
    )
    deleted, _rows = unconfirmed.delete()
    cutoff = now - timedelta(days=conf.joint_letter_retention_days())
    old = JointLetter.objects.filter(status=LetterStatus.SENT, sent_at__lte=cutoff).exclude(
        organiser_email=""
    )
    gone, _rows = CoSignature.objects.filter(letter__in=old).delete()
    old.update(organiser_first_name="", organiser_last_name="", organiser_email="", organiser_postcode="")
    return deleted + gone


# ---------------------------------------------------------------- data rights


def letters_export(person: DataSubject) -> dict[str, list[dict[str, str]]]:
    """Data-protection export: letters the person started and names they added."""
    email = canonical_email(person.email)
    return {
        "started": [
            {"to": letter.target_name, "subject": letter.subject, "status": letter.status}
            for letter in JointLetter.objects.filter(organiser_email=email)
        ],
        "signed": [
            {"to": s.letter.target_name, "name": s.name, "line": s.line, "status": s.status}
            for s in CoSignature.objects.filter(email=email).select_related("letter")
        ],
    }


def letters_erase(person: DataSubject) -> None:
    """Data-protection erasure: the person's names come off; letters they started lose their
    details (a sent letter's copy is erased with their messages)."""
    email = canonical_email(person.email)
    CoSignature.objects.filter(email=email).delete()
    mine = JointLetter.objects.filter(organiser_email=email)
    mine.filter(status=LetterStatus.OPEN).update(status=LetterStatus.CLOSED)
    mine.update(organiser_first_name="", organiser_last_name="", organiser_email="", organiser_postcode="")
