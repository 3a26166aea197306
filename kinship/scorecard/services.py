"""Writes: the assessment workflow and the calculator's anonymous answers. Each service checks
who may do it and the state it starts from, and raises a domain error otherwise."""

from __future__ import annotations

from decimal import Decimal

from kinship.geography.models import Area
from kinship.scorecard.models import AllowanceReport


class ScorecardError(Exception):
    """Base for the scorecard's domain errors."""


class ConsentRequiredError(ScorecardError):
    """The carer did not agree to share their answer."""


def allowance_answer_record(
    *, council: Area, age_band: str, weekly_gbp: Decimal, consent: bool
) -> AllowanceReport:
    """Keep a carer's anonymous answer (their council, the age band, the weekly amount), with consent only."""
    if not consent:
        raise ConsentRequiredError
    return AllowanceReport.objects.create(council=council, age_band=age_band[:20], weekly_gbp=weekly_gbp)
