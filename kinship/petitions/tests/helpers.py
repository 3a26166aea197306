"""Shared steps for petitions' tests."""

from __future__ import annotations

import re

from kinship.core.models import OutboundEmail
from kinship.petitions import services
from kinship.petitions.models import Petition


def sign(
    petition: Petition,
    *,
    name: str = "Ann Carer",
    email: str = "ann@example.org",
    postcode: str = "XX1 1AA",
    ip: str = "192.0.2.1",
    consent: bool = False,
    show_name: bool = False,
) -> services.SignOutcome:
    return services.signature_create(
        petition=petition,
        data=services.SignInput(
            name=name, email=email, postcode=postcode, consent_contact=consent, show_name=show_name
        ),
        ip=ip,
        language="en-gb",
        source_url="http://testserver/petitions/x/",
    )


def last_confirm_token(to: str) -> str:
    """The token in the newest confirmation email to `to` (from its outbox row's context)."""
    row = OutboundEmail.objects.filter(to=to).order_by("-pk").first()
    assert row is not None, f"no email to {to}"
    url = row.context.get("confirm_url", "")
    match = re.search(r"/petitions/confirm/([^/]+)/", url)
    assert match, url
    return match.group(1)
