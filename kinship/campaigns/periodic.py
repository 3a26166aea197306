"""Campaigns' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.campaigns import services
from kinship.core.scheduling import periodic


@periodic("campaigns.run_schedule", every=timedelta(minutes=1))
def run_schedule() -> None:
    """Launch and close campaigns whose scheduled time has come."""
    services.campaigns_run_schedule()
