"""Settings for the test suite. DATABASE_URL picks SQLite (default) or PostgreSQL."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DEBUG = False
KINSHIP_MAIL_MODE = "capture"
KINSHIP_DEV_MAIL_VIEW = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once in tests unless a test asks for the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kinship-tests"},
    # Fragments are not cached in tests, so every test sees the rows it just made.
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = (
        {"NAME": os.environ.get("KINSHIP_TEST_SQLITE", "")} if os.environ.get("KINSHIP_TEST_SQLITE") else {}
    )
