"""The database cache's table, made by `migrate` itself.

Without Redis the shared cache (rate limits) is Django's database cache, whose table only
`createcachetable` makes. Running it after every `migrate` (it skips tables that exist) means
a database set up with `migrate` alone serves every page: there is no hidden step.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command


def ensure_cache_tables(*, using: str = "default", **kwargs: Any) -> None:
    """Create the table of every database cache that lacks one (connected to post_migrate)."""
    call_command("createcachetable", database=using, verbosity=0)
