"""Settings for the test suite. DATABASE_URL picks SQLite (default) or PostgreSQL."""

from config.settings.base import *  # noqa: F403

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
# Pages are made for every request in tests; kinship/core/tests/test_pagecache.py turns the
# page cache on where it is what is tested.
KINSHIP_PAGE_CACHE = False
# Tests see what they just wrote on "What is working" (production: figures up to a minute old).
KINSHIP_WORKING_LAG_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# The suite loads the demo data as `make demo` does.
KINSHIP_DEMO = True
