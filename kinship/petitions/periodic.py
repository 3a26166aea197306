"""Petitions' periodic job, run by `manage.py worker` once across all workers: the counts by
area (a few GROUP BY queries per petition, never a row updated per signature), then any
milestone hand-ins."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.petitions import handin, services


@periodic("petitions.count", every=timedelta(seconds=30))
def count() -> None:
    services.petitions_count_recent()
    handin.milestones_hand_in()


@periodic("petitions.tidy", every=timedelta(hours=1))
def tidy() -> None:
    services.signatures_tidy()
