"""Messaging settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf). Read at call time, so tests and
`override_settings` can change them."""

from __future__ import annotations

from django.conf import settings

from kinship.core.conf import setting_int, setting_str

# ---------------------------------------------------------------- rate limits, "COUNT/SECONDS"


def rate_submit_ip() -> str:
    """Over this per-IP limit a carer on the web form is asked a simple question (the API refuses)."""
    return setting_str("KINSHIP_RATE_SUBMIT_IP", "20/3600")


def rate_submit_ip_hard() -> str:
    """Over this per-IP limit every submission is refused for a while."""
    return setting_str("KINSHIP_RATE_SUBMIT_IP_HARD", "100/3600")


def rate_submit_email() -> str:
    """Over this per-address limit every submission is refused for a while."""
    return setting_str("KINSHIP_RATE_SUBMIT_EMAIL", "10/3600")


def rate_confirmation_resend() -> str:
    """ "Send the email again" per submission: a few times an hour, through the outbox."""
    return setting_str("KINSHIP_RATE_CONFIRMATION_RESEND", "3/3600")


def rate_call_log_ip() -> str:
    return setting_str("KINSHIP_RATE_CALL_LOG_IP", "30/3600")


def rate_my_actions_request() -> str:
    """ "My actions" link requests per IP: the same knob as supporters' "your data" requests."""
    return setting_str("KINSHIP_RATE_DATA_REQUEST", "5/3600")


# ---------------------------------------------------------------- caches and delivery


def target_cache_seconds() -> int:
    """Postcode → people, cached per process for this many seconds (0 = off)."""
    return setting_int("KINSHIP_TARGET_CACHE_SECONDS", 60)


def message_max_attempts() -> int:
    return setting_int("KINSHIP_MESSAGE_MAX_ATTEMPTS", 12)


def daily_cap_per_target() -> int:
    """Messages a day to one person before the rest wait (an action may set its own)."""
    return setting_int("KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET", 200)


def stale_sending_minutes() -> int:
    return setting_int("KINSHIP_MESSAGE_STALE_SENDING_MINUTES", 10)


def message_id_domain() -> str:
    return setting_str("KINSHIP_MESSAGE_ID_DOMAIN", "kinship-campaigns.example.org")


def from_email() -> str:
    """The platform address messages are sent from (the carer is in Reply-To)."""
    return setting_str("KINSHIP_MESSAGING_FROM_EMAIL", "") or str(settings.DEFAULT_FROM_EMAIL)


def staff_alert_email() -> str:
    return setting_str("KINSHIP_STAFF_ALERT_EMAIL", "campaigns-team@kinship-campaigns.example.org")


# ---------------------------------------------------------------- confirmation and follow-up (days)


def reminder_days() -> int:
    return setting_int("KINSHIP_MESSAGE_REMINDER_DAYS", 2)


def abandon_days() -> int:
    return setting_int("KINSHIP_MESSAGE_ABANDON_DAYS", 7)


def delete_abandoned_days() -> int:
    return setting_int("KINSHIP_MESSAGE_DELETE_ABANDONED_DAYS", 7)


# The longest message a carer may send, counted after merge fields are filled in (the form
# counts what was typed; `{council}` typed a thousand times is much longer once merged).
MESSAGE_MAX_CHARS = 8000


def followup_days() -> int:
    return setting_int("KINSHIP_MESSAGE_FOLLOWUP_DAYS", 14)


def second_followup_days() -> int:
    return setting_int("KINSHIP_MESSAGE_SECOND_FOLLOWUP_DAYS", 21)


def body_retention_days() -> int:
    """Letter text is deleted this long after sending (WriteToThem keeps it 28 days; we keep it
    past the follow-ups so "my actions" can show copies)."""
    return setting_int("KINSHIP_MESSAGE_BODY_RETENTION_DAYS", 90)


def my_actions_link_days() -> int:
    return setting_int("KINSHIP_MY_ACTIONS_LINK_DAYS", 90)


def responsiveness_min_messages() -> int:
    """Responsiveness figures are shown only with at least this many answers behind them."""
    return setting_int("KINSHIP_RESPONSIVENESS_MIN_MESSAGES", 5)
