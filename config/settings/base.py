"""Settings shared by every environment. Everything here is read from the environment with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KINSHIP_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# A development-only key: production.py refuses to start with it.
INSECURE_SECRET_KEY = "django-insecure-kinship-development-key-not-for-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

SITE_URL = env_str("KINSHIP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Origins whose pages may POST to the JSON API (the site's own origin is always allowed);
# add partners that embed the submission widget.
_site = urlsplit(SITE_URL)
KINSHIP_API_ALLOWED_ORIGINS = env_list("KINSHIP_API_ALLOWED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"])

INSTALLED_APPS = [
    "kinship.core.apps.StaffAdminConfig",  # the admin, behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "anymail",
    "kinship.core",
    "kinship.geography",
    "kinship.representatives",
    "kinship.campaigns",
    "kinship.supporters",
    "kinship.messaging",
    "kinship.scorecard",
    "kinship.petitions",
    "kinship.jointletters",
    "kinship.localcampaigns",
    "kinship.stats",
    "kinship.site",
    "kinship.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Everything under /api/ answers JSON; its request checks run before CSRF's (kinship.core.api).
    "kinship.core.api.JsonApiMiddleware",
    # The middleware for pages only (sessions, logins, messages) are Django's own,
    # skipped for /api/, which uses no cookies (kinship.core.browseronly).
    "kinship.core.browseronly.SessionMiddleware",
    # Django's, with the language an API path would end with set directly (kinship.core.browseronly).
    "kinship.core.browseronly.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kinship.core.browseronly.AuthenticationMiddleware",
    "kinship.core.browseronly.OTPMiddleware",
    # Staff pages need a second factor; staff sessions end after a working day.
    "kinship.core.browseronly.StaffAccessMiddleware",
    "kinship.core.browseronly.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kinship.core.middleware.SecurityHeadersMiddleware",
    "kinship.core.browseronly.HistoryRequestMiddleware",  # simple_history's, for pages only
    # A public page this process holds fresh is served here, before URL resolution and the view
    # (kinship.core.pagecache); everything above still runs around it.
    "kinship.core.pagecache.PageCacheMiddleware",
    # axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kinship.core.context_processors.site",
                "kinship.site.context_processors.postcodes",
            ],
        },
    }
]

# DATABASE_URL chooses the database; a SQLite file is the embedded default.
DEFAULT_SQLITE_PATH = VAR_DIR / "kinship.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A persistent connection is checked before each request (and each worker loop)
        # reuses it, so a database restart costs one reconnect, not an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" upgrade deadlocks between two writers.
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # type: ignore[typeddict-item]
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kinship.core.rediscache.RedisCache",  # one client per pool, not per call
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kinship",
        }
    }
else:
    # The database cache is shared between web and worker processes, so rate
    # limits hold across processes even on the embedded default.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kinship_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Rendered page fragments: per process, short-lived (see site/campaign_detail.html).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kinship-fragments",
    "TIMEOUT": 60,
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Locked per username and address, and per address alone (spraying many usernames from one
# address is locked too); the address is the client's, read through the trusted proxies.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "kinship.core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

# Staff prove a second factor (an authenticator app's code, or a recovery code) on every staff
# page (kinship.core.staffauth). Only the demo settings may waive it; production refuses to.
KINSHIP_STAFF_2FA_REQUIRED = env_bool("KINSHIP_STAFF_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Kinship Campaigns"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
# Each app keeps its own Welsh catalogue in kinship/<app>/locale (found through INSTALLED_APPS).
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Background work: the Django tasks API with the database backend by default.
TASKS = {
    "default": {
        "BACKEND": env_str("KINSHIP_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}
KINSHIP_TASK_MAX_ATTEMPTS = env_int("KINSHIP_TASK_MAX_ATTEMPTS", 5)
KINSHIP_TASK_BACKOFF_SECONDS = env_int("KINSHIP_TASK_BACKOFF_SECONDS", 30)

# Mail. KINSHIP_MAIL_MODE: capture (kept locally, viewable at /dev/mail/),
# redirect (everything to KINSHIP_MAIL_REDIRECT_TO) or live (real delivery).
KINSHIP_MAIL_MODE = env_str("KINSHIP_MAIL_MODE", "capture")
KINSHIP_MAIL_REDIRECT_TO = env_str("KINSHIP_MAIL_REDIRECT_TO", "")
# Django's SMTP backend, sending the same bytes for less CPU (kinship.core.mime).
KINSHIP_LIVE_EMAIL_BACKEND = env_str("KINSHIP_LIVE_EMAIL_BACKEND", "kinship.core.mail.SMTPEmailBackend")
EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Kinship Campaigns <campaigns@kinship-campaigns.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
KINSHIP_DEV_MAIL_VIEW = env_bool("KINSHIP_DEV_MAIL_VIEW", False)
# The mail provider whose tracking webhook (bounces) is mounted at /api/v1/anymail/<provider>/tracking/:
# an anymail provider name ("postmark", "mailgun", "amazon_ses", ...), or "" for none (plain SMTP).
# Its webhook answers only requests carrying ANYMAIL_WEBHOOK_SECRET ("user:password" basic auth);
# other ANYMAIL_* variables (a provider's signing key, ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY) pass through.
KINSHIP_EMAIL_PROVIDER = env_str("KINSHIP_EMAIL_PROVIDER", "").strip().lower()
ANYMAIL: dict[str, str] = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}

# Rate limits (shared cache). "off" is for load tests and acceptance checks only.
KINSHIP_RATE_LIMITS = env_str("KINSHIP_RATE_LIMITS", "on").lower()
KINSHIP_RATE_LIMITS_ENABLED = KINSHIP_RATE_LIMITS not in {"off", "0", "false", "no"}

KINSHIP_DATA_DIR = env_str("KINSHIP_DATA_DIR", "")
# True only in the demo settings: `load_demo` refuses elsewhere (kinship.core.demo).
KINSHIP_DEMO = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A failed check keeps what a visitor typed and offers the form again (a shared cache may have
# served them a page made with someone else's token): kinship.core.pagecache.
CSRF_FAILURE_VIEW = "kinship.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No email address reaches a log line, whatever brought it (kinship.core.logscrub).
    "filters": {"scrub_emails": {"()": "kinship.core.logscrub.ScrubEmails"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub_emails"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Addresses (or networks, "10.0.0.0/8") of the reverse proxies in front of gunicorn: only their
# X-Forwarded-For hops are believed (kinship.core.ratelimit.client_ip).
KINSHIP_TRUSTED_PROXIES = env_list("KINSHIP_TRUSTED_PROXIES", [])
# Each app's own settings (rates, days, cache lifetimes) are typed accessors in its conf.py:
# a Django setting of the same name wins, then the environment, then the default.
