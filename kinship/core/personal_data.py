"""Core's own rows that can hold a person's data, in export and erasure (`kinship.core.rights`):
service emails to them (address, name, live links in the stored context and bodies) and, in the
demo and tests, the captured copies of every email that named them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kinship.core.models import CapturedEmail, OutboundEmail
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject


def _addresses(email: str) -> set[str]:
    email = (email or "").strip()
    return {a for a in (email.lower(), canonical_email(email)) if a}


def service_emails_export(person: DataSubject) -> list[dict[str, Any]]:
    """Which service emails we sent or will send to this person (kinds and dates, not links)."""
    query = Q()
    for address in _addresses(person.email):
        query |= Q(to__iexact=address)
    if not query:
        return []
    return [
        {"kind": row.kind, "created_at": row.created_at.isoformat(), "status": row.status}
        for row in OutboundEmail.objects.filter(query).order_by("created_at")
    ]


def service_emails_erase(person: DataSubject) -> None:
    """Delete every service email to this person and every captured copy that names them.

    Deleted, not blanked: the rows are the queue, and a worker that sent one records the outcome
    by an UPDATE that then matches nothing."""
    addresses = _addresses(person.email)
    if not addresses:
        return
    to_them = Q()
    naming_them = Q()
    for address in addresses:
        to_them |= Q(to__iexact=address)
        for field in ("to", "cc", "bcc", "reply_to"):
            naming_them |= Q(**{f"{field}__icontains": address})
    OutboundEmail.objects.filter(to_them).delete()
    CapturedEmail.objects.filter(naming_them).delete()
