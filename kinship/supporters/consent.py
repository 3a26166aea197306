"""The exact consent wording shown on forms. Change the wording → bump the version."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CAMPAIGN_EMAILS_VERSION = "2026-11-v1"
CAMPAIGN_EMAILS_WORDING = _(
    "Yes, email me about campaigning for kinship families, including ways to take action. "
    "I can stop these emails at any time."
)
