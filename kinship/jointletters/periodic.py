"""Joint letters' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.jointletters import letters, services


@periodic("jointletters.expire_drawings", every=timedelta(hours=6))
def expire_drawings() -> None:
    services.drawings_expire()


@periodic("jointletters.expire_letters", every=timedelta(hours=12))
def expire_letters() -> None:
    letters.letters_expire()
