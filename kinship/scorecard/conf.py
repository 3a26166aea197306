"""Scorecard settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf), read at call time."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from kinship.core.conf import setting_float, setting_int, setting_str


def shared_data_dir() -> Path:
    """The open data folder (never copied into the repository)."""
    return Path(setting_str("KINSHIP_SHARED_DATA", str(Path(settings.BASE_DIR).parent / "shared" / "data")))


def reply_link_days() -> int:
    """How long a council officer's right-of-reply link works."""
    return setting_int("KINSHIP_SCORECARD_REPLY_DAYS", 28)


def rate_allowance_answer() -> str:
    """Anonymous allowance answers per connection, "COUNT/SECONDS"."""
    return setting_str("KINSHIP_RATE_ALLOWANCE_ANSWER", "5/3600")


def checker_user_agent() -> str:
    return setting_str(
        "KINSHIP_EVIDENCE_USER_AGENT",
        "KinshipCampaignsEvidenceChecker/1.0 (+https://campaigns.example.org/scorecard/about/)",
    )


def checker_timeout_seconds() -> float:
    return setting_float("KINSHIP_EVIDENCE_TIMEOUT_SECONDS", 15.0)


def checker_host_interval_seconds() -> float:
    """The least time between two requests to the same host (politeness)."""
    return setting_float("KINSHIP_EVIDENCE_HOST_INTERVAL_SECONDS", 2.0)


def checker_change_threshold() -> float:
    """Share of a page's words that must change before it is flagged (0–1)."""
    return setting_float("KINSHIP_EVIDENCE_CHANGE_THRESHOLD", 0.2)


def scorecard_action_slug() -> str:
    """The action whose letter "ask your council to fix this" drafts (to the lead member)."""
    return setting_str("KINSHIP_SCORECARD_ACTION_SLUG", "ask-your-council-to-fix-kinship-support")
