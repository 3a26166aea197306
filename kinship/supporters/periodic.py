"""Supporters' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.supporters import champions


@periodic("supporters.unconfirmed_champions", every=timedelta(hours=12))
def unconfirmed_champions() -> None:
    champions.champions_unconfirmed_delete()
