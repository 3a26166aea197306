"""Signed links in petitions' emails; each purpose has its own salt."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.conf import confirmation_days
from kinship.petitions import conf

CONFIRM_SALT = "kinship.petitions.confirm"
HANDIN_SALT = "kinship.petitions.hand-in"


def confirm_max_age() -> timedelta:
    return timedelta(days=confirmation_days())


def handin_max_age() -> timedelta:
    return timedelta(days=conf.handin_link_days())
