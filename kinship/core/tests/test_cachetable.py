"""`migrate` makes the database cache's table itself: no `createcachetable` step."""

from __future__ import annotations

import pytest
from django.db import connection

from kinship.core.cachetable import ensure_cache_tables


@pytest.mark.django_db
def test_the_database_cache_table_is_created_after_migrate(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kinship_test_cache",
        },
    }
    assert "kinship_test_cache" not in connection.introspection.table_names()
    ensure_cache_tables(using="default")
    assert "kinship_test_cache" in connection.introspection.table_names()
    ensure_cache_tables(using="default")  # again: the table is left as it is
