"""Local development and `make demo`: SQLite, captured mail, debug on."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
KINSHIP_DEV_MAIL_VIEW = True
KINSHIP_MAIL_MODE = "capture"  # never deliver to real people from the demo
KINSHIP_DEMO = True  # load_demo may run here with its published staff password
# The demo waives the staff second factor so anyone can look round the staff pages; the demo
# staff login is enrolled all the same (`make demo` prints its key), so
# KINSHIP_STAFF_2FA_REQUIRED=true make demo shows the real sign-in. Production refuses a waiver.
KINSHIP_STAFF_2FA_REQUIRED = env_bool("KINSHIP_STAFF_2FA_REQUIRED", False)
# DEBUG shows Django's technical 404; the demo shows the site's own 404 page instead.
MIDDLEWARE = ["kinship.site.middleware.BrandedNotFoundInDebug", *MIDDLEWARE]  # noqa: F405
