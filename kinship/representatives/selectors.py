"""Reads: who represents a postcode. (Contract placeholder; the representatives work fills it in.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kinship.geography.types import PostcodeResult


@dataclass(frozen=True)
class RepresentativeEntry:
    role: str  # a representatives.models.Role value
    office_id: int | None
    name: str
    party: str
    area_code: str
    area_name: str
    email: str
    accepts_email: bool
    postal_address: str
    phone: str
    web_form_url: str
    portfolio: str
    checked_on: date | None
    source: str


def representatives_for_postcode(result: PostcodeResult) -> list[RepresentativeEntry]:
    """People for each role for this postcode, in the order the toolkit recommends."""
    return []


def representative_to_json(entry: RepresentativeEntry) -> dict[str, Any]:
    """The API's representation of one entry."""
    return {
        "role": entry.role,
        "name": entry.name,
        "party": entry.party,
        "area": {"code": entry.area_code, "name": entry.area_name},
        "contact": {"email": entry.email, "accepts_email": entry.accepts_email},
        "checked_on": entry.checked_on.isoformat() if entry.checked_on else None,
        "source": entry.source,
    }
