"""Signed links to a carer's journey log. The link carries a signed journey id, never an address."""

from __future__ import annotations

from datetime import timedelta

from kinship.localcampaigns import conf

JOURNEY_SALT = "kinship.localcampaigns.journey"


def journey_max_age() -> timedelta:
    return timedelta(days=conf.journey_link_days())
