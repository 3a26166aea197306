"""Joint letters' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.jointletters import services


@periodic("jointletters.expire_drawings", every=timedelta(hours=6))
def expire_drawings() -> None:
    services.drawings_expire()
