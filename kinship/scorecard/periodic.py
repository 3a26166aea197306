"""The scorecard's periodic job: the weekly evidence check, once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.scorecard import evidence


@periodic("scorecard.evidence_check", every=timedelta(days=7))
def evidence_check() -> None:
    evidence.evidence_check_all()
