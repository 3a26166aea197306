"""Production settings: refuses to start with an insecure secret key or DEBUG."""

import logging

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    ANYMAIL,
    INSECURE_SECRET_KEY,
    KINSHIP_EMAIL_PROVIDER,
    KINSHIP_RATE_LIMITS_ENABLED,
    KINSHIP_STAFF_2FA_REQUIRED,
    SECRET_KEY,
)

DEBUG = env_bool("DJANGO_DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value (50+ characters) in production.")

if not KINSHIP_STAFF_2FA_REQUIRED:
    raise ImproperlyConfigured(
        "KINSHIP_STAFF_2FA_REQUIRED must be on in production: staff pages need a second factor."
    )

if KINSHIP_EMAIL_PROVIDER and not ANYMAIL.get("WEBHOOK_SECRET"):
    # Without it anyone could post a "bounce" (kinship.core.checks says the same to manage.py).
    raise ImproperlyConfigured(
        "KINSHIP_EMAIL_PROVIDER is set: set ANYMAIL_WEBHOOK_SECRET (user:password) for its webhook too."
    )

KINSHIP_DEV_MAIL_VIEW = False
KINSHIP_DEMO = False  # load_demo refuses without --allow-outside-demo
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

if not KINSHIP_RATE_LIMITS_ENABLED:
    logging.getLogger("kinship.security").warning(
        "!!! KINSHIP_RATE_LIMITS=off in production: rate limits are switched OFF. "
        "Only do this for a load test. !!!"
    )
