"""Statistics' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.stats.services import live_figures_refresh


@periodic("stats.live_figures", every=timedelta(minutes=5))
def live_figures() -> None:
    live_figures_refresh()
