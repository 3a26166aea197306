"""Messaging settings, read from the environment with safe defaults.

Values are read through `get()` at call time so tests (and `override_settings`) can change
them: a Django setting of the same name wins over the environment.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from config.env import env_int, env_str

DEFAULTS: dict[str, Any] = {
    # Rate limits, "COUNT/SECONDS". Over the IP limit a carer is asked a simple question
    # (no captcha otherwise); over the email limit the submission is refused for a while.
    "KINSHIP_RATE_SUBMIT_IP": env_str("KINSHIP_RATE_SUBMIT_IP", "20/3600"),
    "KINSHIP_RATE_SUBMIT_IP_HARD": env_str("KINSHIP_RATE_SUBMIT_IP_HARD", "100/3600"),
    "KINSHIP_RATE_SUBMIT_EMAIL": env_str("KINSHIP_RATE_SUBMIT_EMAIL", "10/3600"),
    "KINSHIP_RATE_CALL_LOG_IP": env_str("KINSHIP_RATE_CALL_LOG_IP", "30/3600"),
    # Postcode → people, cached per process for this many seconds (0 = off).
    "KINSHIP_TARGET_CACHE_SECONDS": env_int("KINSHIP_TARGET_CACHE_SECONDS", 60),
    # Action looked up by slug for the API, cached per process for this many seconds (0 = off).
    "KINSHIP_ACTION_CACHE_SECONDS": env_int("KINSHIP_ACTION_CACHE_SECONDS", 10),
    # Delivery.
    "KINSHIP_MESSAGE_MAX_ATTEMPTS": env_int("KINSHIP_MESSAGE_MAX_ATTEMPTS", 12),
    "KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET": env_int("KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET", 200),
    "KINSHIP_MESSAGE_STALE_SENDING_MINUTES": env_int("KINSHIP_MESSAGE_STALE_SENDING_MINUTES", 10),
    "KINSHIP_MESSAGE_ID_DOMAIN": env_str("KINSHIP_MESSAGE_ID_DOMAIN", "kinship-campaigns.example.org"),
    "KINSHIP_MESSAGING_FROM_EMAIL": env_str("KINSHIP_MESSAGING_FROM_EMAIL", ""),
    "KINSHIP_STAFF_ALERT_EMAIL": env_str(
        "KINSHIP_STAFF_ALERT_EMAIL", "campaigns-team@kinship-campaigns.example.org"
    ),
    # Confirmation and follow-up timing (days).
    "KINSHIP_MESSAGE_REMINDER_DAYS": env_int("KINSHIP_MESSAGE_REMINDER_DAYS", 2),
    "KINSHIP_MESSAGE_ABANDON_DAYS": env_int("KINSHIP_MESSAGE_ABANDON_DAYS", 7),
    "KINSHIP_MESSAGE_DELETE_ABANDONED_DAYS": env_int("KINSHIP_MESSAGE_DELETE_ABANDONED_DAYS", 7),
    "KINSHIP_MESSAGE_FOLLOWUP_DAYS": env_int("KINSHIP_MESSAGE_FOLLOWUP_DAYS", 14),
    "KINSHIP_MESSAGE_SECOND_FOLLOWUP_DAYS": env_int("KINSHIP_MESSAGE_SECOND_FOLLOWUP_DAYS", 21),
    # Letter text is deleted this long after sending (WriteToThem keeps it 28 days; we keep it
    # past the follow-ups so "my actions" can show copies).
    "KINSHIP_MESSAGE_BODY_RETENTION_DAYS": env_int("KINSHIP_MESSAGE_BODY_RETENTION_DAYS", 90),
    "KINSHIP_MY_ACTIONS_LINK_DAYS": env_int("KINSHIP_MY_ACTIONS_LINK_DAYS", 90),
    # Responsiveness figures are shown only with at least this many answers behind them.
    "KINSHIP_RESPONSIVENESS_MIN_MESSAGES": env_int("KINSHIP_RESPONSIVENESS_MIN_MESSAGES", 5),
}


def get(name: str) -> Any:
    """A messaging setting: the Django setting if defined, else the environment default."""
    return getattr(settings, name, DEFAULTS[name])


def from_email() -> str:
    return str(get("KINSHIP_MESSAGING_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL)
