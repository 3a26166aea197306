"""Settings for the representatives app, read from the environment with safe defaults.

Read at call time (not import time) so tests and commands see the current environment.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# Every app reads its settings one way (kinship.core.conf): a Django setting of the same name
# wins, then the environment, then the default. The short names below are those readers.
from kinship.core.conf import setting_bool as env_bool
from kinship.core.conf import setting_float as _env_float
from kinship.core.conf import setting_int as env_int
from kinship.core.conf import setting_str as env_str


def parliament_api_url() -> str:
    return env_str("KINSHIP_PARLIAMENT_API_URL", "https://members-api.parliament.uk").rstrip("/")


def parliament_timeout() -> float:
    return _env_float("KINSHIP_PARLIAMENT_API_TIMEOUT", 10.0)


def parliament_max_retries() -> int:
    return env_int("KINSHIP_PARLIAMENT_API_RETRIES", 3)


def http_backoff_seconds() -> float:
    return _env_float("KINSHIP_REPRESENTATIVES_BACKOFF_SECONDS", 1.0)


def moderngov_timeout() -> float:
    return _env_float("KINSHIP_MODERNGOV_TIMEOUT", 20.0)


def moderngov_max_retries() -> int:
    return env_int("KINSHIP_MODERNGOV_RETRIES", 2)


def democracy_services_file() -> str:
    """The registry of councils' democracy sites (`import_democracy_services`, `sync_moderngov
    --all`): a deployment may point this at its own copy."""
    default = Path(env_str("KINSHIP_SHARED_DATA", "../shared/data")) / "representatives" / REGISTRY_NAME
    return env_str("KINSHIP_DEMOCRACY_SERVICES_FILE", str(default))


REGISTRY_NAME = "council_democracy_services.csv"


def moderngov_concurrency() -> int:
    """Sites fetched at once by `sync_moderngov --all`."""
    return env_int("KINSHIP_MODERNGOV_CONCURRENCY", 16)


def sync_moderngov_weekly() -> bool:
    """Run `sync_moderngov --all` weekly in the worker (off by default: demo and test machines are offline)."""
    return env_bool("KINSHIP_SYNC_MODERNGOV_WEEKLY", False)


def stale_after_days() -> int:
    return env_int("KINSHIP_REPRESENTATIVES_STALE_DAYS", 180)


def correction_rate() -> str:
    """Public "Is this wrong?" reports allowed per IP, as COUNT/SECONDS."""
    return str(
        getattr(settings, "KINSHIP_RATE_CORRECTION_IP", env_str("KINSHIP_RATE_CORRECTION_IP", "10/3600"))
    )


USER_AGENT = "KinshipCampaigns/1.0 (+https://kinship-campaigns.example.org; data stewards)"


def sync_mps_weekly() -> bool:
    """Run sync_mps weekly in the worker (off by default: demo and test machines are offline)."""
    return env_bool("KINSHIP_SYNC_MPS_WEEKLY", False)


# Retention: a reporter's optional email is kept at most this long, even on an open report.
REPORTER_EMAIL_RETENTION_DAYS = 90
