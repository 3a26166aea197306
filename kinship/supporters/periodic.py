"""Supporters' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.supporters import champions
from kinship.supporters.rollup import signups_rollup_refresh


@periodic("supporters.unconfirmed_champions", every=timedelta(hours=12))
def unconfirmed_champions() -> None:
    champions.champions_unconfirmed_delete()


@periodic("supporters.daily_rollup", every=timedelta(minutes=1))
def daily_rollup() -> None:
    # So a staff read of "What is working" usually finds little left to count in.
    signups_rollup_refresh()
