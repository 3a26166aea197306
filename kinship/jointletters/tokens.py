"""Signed links for joint letters and children's drawings. Each carries a signed id, never an address."""

from __future__ import annotations

from datetime import timedelta

from kinship.jointletters import conf

DRAWING_SALT = "kinship.jointletters.drawing"


def drawing_max_age() -> timedelta:
    return timedelta(minutes=conf.drawing_link_minutes())
