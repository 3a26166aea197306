"""Representatives settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf). Read at call time, so tests and commands
see the current environment."""

from __future__ import annotations

from kinship.core.conf import setting_bool, setting_float, setting_int, setting_str


def parliament_api_url() -> str:
    return setting_str("KINSHIP_PARLIAMENT_API_URL", "https://members-api.parliament.uk").rstrip("/")


def parliament_timeout() -> float:
    return setting_float("KINSHIP_PARLIAMENT_API_TIMEOUT", 10.0)


def parliament_max_retries() -> int:
    return setting_int("KINSHIP_PARLIAMENT_API_RETRIES", 3)


def http_backoff_seconds() -> float:
    return setting_float("KINSHIP_REPRESENTATIVES_BACKOFF_SECONDS", 1.0)


def moderngov_timeout() -> float:
    return setting_float("KINSHIP_MODERNGOV_TIMEOUT", 20.0)


def moderngov_max_retries() -> int:
    return setting_int("KINSHIP_MODERNGOV_RETRIES", 2)


def stale_after_days() -> int:
    return setting_int("KINSHIP_REPRESENTATIVES_STALE_DAYS", 180)


def correction_rate() -> str:
    """Public "Is this wrong?" reports allowed per IP, as COUNT/SECONDS."""
    return setting_str("KINSHIP_RATE_CORRECTION_IP", "10/3600")


USER_AGENT = "KinshipCampaigns/1.0 (+https://kinship-campaigns.example.org; data stewards)"


def sync_mps_weekly() -> bool:
    """Run sync_mps weekly in the worker (off by default: demo and test machines are offline)."""
    return setting_bool("KINSHIP_SYNC_MPS_WEEKLY", False)


# Retention: a reporter's optional email is kept at most this long, even on an open report.
REPORTER_EMAIL_RETENTION_DAYS = 90
