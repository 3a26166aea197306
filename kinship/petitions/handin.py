"""Handing a petition in: a PDF (WeasyPrint) with the text, the count and the count by
constituency (names only of signers who agreed, where the petition allows it), an email to the
target through the outbox with a link to it, and "N of your constituents have signed" to each
MP. Every hand-in is recorded with its date and what was sent. Staff hand in at any time; the
periodic count hands in by itself when a milestone is reached."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from kinship.core.outbox import email_enqueue
from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.petitions import rules, selectors, services, tokens
from kinship.petitions.errors import LinkExpiredError, LinkInvalidError
from kinship.petitions.models import HandIn, HandInTrigger, Petition
from kinship.representatives.models import Role
from kinship.representatives.selectors import current_offices

logger = logging.getLogger("kinship.petitions")


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def handin_pdf_url(record: HandIn) -> str:
    token = make_token(record.pk, salt=tokens.HANDIN_SALT)
    return _absolute(reverse("petitions:handin_pdf", kwargs={"token": token}))


def handin_from_token(token: str) -> HandIn:
    """The hand-in a PDF link is for; raises LinkExpiredError or LinkInvalidError."""
    with link_errors(expired=LinkExpiredError, invalid=LinkInvalidError):
        pk = read_int_token(token, salt=tokens.HANDIN_SALT, max_age=tokens.handin_max_age())
    record = HandIn.objects.filter(pk=pk).first()
    if record is None:
        raise LinkInvalidError
    return record


def handin_pdf(*, petition: Petition, total: int) -> bytes:
    """The hand-in document as PDF bytes (A4; DejaVu fonts carry every Welsh letter)."""
    from weasyprint import HTML

    rows = selectors.constituency_counts_exact(petition=petition)
    with translation.override("en-gb"):
        html = render_to_string(
            "petitions/hand_in.html",
            {
                "petition": petition,
                "action": petition.action,
                "total": total,
                "date": formats.date_format(timezone.localdate(), "j F Y"),
                "paragraphs": [p.strip() for p in petition.text.split("\n\n") if p.strip()],
                "rows": [(row.name, rules.shown_count(row.count)) for row in rows],
                "suppress_below": rules.SUPPRESS_BELOW,
                "names": selectors.public_names(petition=petition),
            },
        )
    return bytes(HTML(string=html).write_pdf())


def _target_email(petition: Petition) -> str:
    if petition.target_email:
        return petition.target_email
    office = petition.action.target_office
    return office.email if office is not None and office.accepts_email else ""


def _email_mps(petition: Petition, total: int) -> int:
    """ "N of your constituents have signed" to each current MP with an email address."""
    rows = {row.code: row for row in selectors.constituency_counts_exact(petition=petition)}
    offices = (
        current_offices()
        .filter(role=Role.MP, area__code__in=list(rows), accepts_email=True)
        .exclude(email="")
        .select_related("person", "area")
    )
    sent = 0
    for office in offices:
        if office.area is None:
            continue
        row = rows[office.area.code]
        path = reverse("petitions:constituency", kwargs={"slug": petition.slug, "code": row.code})
        email_enqueue(
            kind="petition_mp",
            to=office.email,
            template="petitions/email/mp",
            context={
                "mp_name": office.person.name,
                "title": petition.action.title,
                "constituency": row.name,
                "count": rules.shown_count(row.count),
                "suppress_below": rules.SUPPRESS_BELOW,
                "total": total,
                "target": petition.target_name,
                "url": _absolute(path),
            },
            language="en-gb",
            render_in_worker=True,
        )
        sent += 1
    return sent


def handin_create(
    *, petition: Petition, trigger: str = HandInTrigger.STAFF, by: str = "", milestone: int | None = None
) -> HandIn:
    """Hand the petition in now and record it. Counts are re-made first so the figures are
    current. A milestone is handed in once however many workers try (a unique constraint)."""
    total = services.petition_count(petition=petition)
    pdf = handin_pdf(petition=petition, total=total)
    to = _target_email(petition)
    with transaction.atomic():
        record = HandIn.objects.create(
            petition=petition,
            trigger=trigger,
            milestone=milestone,
            handed_in_by=by[:150],
            count=total,
            sent_to=to,
            pdf=pdf,
        )
        if to:
            row = email_enqueue(
                kind="petition_hand_in",
                to=to,
                template="petitions/email/hand_in",
                context={
                    "petition": petition,
                    "action": petition.action,
                    "total": total,
                    "paragraphs": [p.strip() for p in petition.text.split("\n\n") if p.strip()],
                    "pdf_url": handin_pdf_url(record),
                },
                language="en-gb",
            )
            record.email_subject, record.email_text = row.subject, row.text_body
        if petition.email_mps:
            record.mp_emails = _email_mps(petition, total)
        record.save(update_fields=["email_subject", "email_text", "mp_emails"])
    return record


def milestones_hand_in() -> int:
    """Hand in every petition that has reached a milestone (its goal, if it lists none) not yet
    handed in. Run by the periodic count."""
    done = 0
    for petition in Petition.objects.select_related("action", "action__target_office"):
        milestones = list(petition.milestones or ([petition.goal] if petition.goal else []))
        if not milestones:
            continue
        handed = {
            m
            for m in HandIn.objects.filter(petition=petition, trigger=HandInTrigger.MILESTONE).values_list(
                "milestone", flat=True
            )
            if m is not None
        }
        due = rules.milestone_due(total=petition.counted_total, milestones=milestones, done=handed)
        if due is None:
            continue
        try:
            handin_create(petition=petition, trigger=HandInTrigger.MILESTONE, milestone=due)
        except IntegrityError:
            logger.info("milestone %s of petition %s was handed in by another worker", due, petition.pk)
            continue
        done += 1
    return done
