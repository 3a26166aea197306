"""How every app reads its own settings, and core's own.

Each app has a `conf.py` with one typed accessor per setting, built on these readers. A value
is read at call time, in this order: a Django setting of the same name (tests and
`override_settings` use that), then the environment variable, then the default. Deployment
settings (database, cache, mail transport, task backend, secrets, hosts) are Django settings in
`config/settings`, read from the environment by `config/env.py`.
"""

from __future__ import annotations

from django.conf import settings

from config.env import env_bool, env_int, env_str


def _django(name: str) -> object | None:
    return getattr(settings, name, None)


def setting_str(name: str, default: str) -> str:
    value = _django(name)
    return str(value) if value is not None else env_str(name, default)


def setting_int(name: str, default: int) -> int:
    value = _django(name)
    return int(value) if isinstance(value, int | str | float) else env_int(name, default)


def setting_bool(name: str, default: bool) -> bool:
    value = _django(name)
    return bool(value) if value is not None else env_bool(name, default)


def setting_float(name: str, default: float) -> float:
    value = _django(name)
    if isinstance(value, int | float | str):
        return float(value)
    raw = env_str(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, not {raw!r}") from exc


# ---------------------------------------------------------------- core's own settings


def confirmation_days() -> int:
    """How long a confirmation link in an email works (joining, and sending a message)."""
    return setting_int("KINSHIP_CONFIRMATION_DAYS", 7)


def advice_line() -> str:
    """The charity's Kinship Advice line, shown on every page and in emails."""
    return setting_str("KINSHIP_ADVICE_LINE", "0300 123 7015")


def db_retry_seconds() -> int:
    """How long the worker keeps trying to record an outcome it holds in memory (an email already
    handed to the mail server) while the database is away, before giving up on that row."""
    return setting_int("KINSHIP_DB_RETRY_SECONDS", 600)


def staff_session_hours() -> int:
    """A staff session ends this many hours after sign-in, however busy (a working day)."""
    return setting_int("KINSHIP_STAFF_SESSION_HOURS", 9)
