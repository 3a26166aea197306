"""Reads: areas (through an in-process cache) and postcode rows (one indexed query)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.models import Count, Max, QuerySet

from kinship.core.dbretry import on_checked_connection
from kinship.core.inserts import execute_prepared, prepared_statements_usable
from kinship.geography.conf import area_cache_check_seconds
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaCode, Postcode
from kinship.geography.types import AreaRef

POSTCODE_TABLE = Postcode._meta.db_table
T = TypeVar("T")


def retry_if_locked(read: Callable[[], T], *, attempts: int = 400) -> T:
    """Run a read, retrying while SQLite reports a table lock.

    File databases in WAL mode never lock readers out, but SQLite's shared-cache mode (the
    in-memory test database) locks per table while an import renames tables: wait it out."""
    for attempt in range(attempts):
        try:
            return read()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.005)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class CachedArea:
    ref: AreaRef
    parent_code: str | None
    senedd_code: str | None

    @property
    def is_childrens_services_authority(self) -> bool:
        return self.ref.type in CHILDRENS_SERVICES_TYPES


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    country: str | None
    county: str | None
    district: str | None
    ward: str | None
    constituency: str | None
    lat: float | None
    lng: float | None
    terminated: object | None
    division: str | None = None


class _AreaCache:
    """Every Area by code, in memory. Areas change a few times a year; postcodes never hold
    foreign keys, so resolving five codes here keeps a lookup to one query.

    A process notices another process's import by checking (MAX(updated_at), COUNT(*)) at
    most every KINSHIP_AREA_CACHE_CHECK_SECONDS; saves in this process clear it at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._areas: dict[str, CachedArea] | None = None
        self._stamp: tuple[object, int] | None = None
        # Until when the copy in hand is served without asking the database: the setting is
        # read once a check, not twice a postcode lookup.
        self._fresh_until = 0.0
        # Goes up each time the areas are (re)loaded: per-process memos made from areas key on it.
        self.generation = 0

    def clear(self) -> None:
        with self._lock:
            self._areas = None
            self._stamp = None

    def _current_stamp(self) -> tuple[object, int]:
        agg = retry_if_locked(lambda: Area.objects.aggregate(latest=Max("updated_at"), n=Count("id")))
        return (agg["latest"], int(agg["n"]))

    def get(self) -> dict[str, CachedArea]:
        areas = self._areas
        now = time.monotonic()
        if areas is not None and now < self._fresh_until:
            return areas
        with self._lock:
            stamp = self._current_stamp()
            self._fresh_until = now + area_cache_check_seconds()
            if self._areas is not None and stamp == self._stamp:
                return self._areas
            self._areas = retry_if_locked(_load_areas)
            self._stamp = stamp
            self.generation += 1
            return self._areas


def _load_areas() -> dict[str, CachedArea]:
    rows = Area.objects.values_list(
        "code", "name", "name_cy", "type", "official_name", "parent__code", "senedd_constituency__code"
    ).order_by()
    areas = {
        code: CachedArea(
            ref=AreaRef(code=code, name=name, name_cy=name_cy, type=type_, official_name=official),
            parent_code=parent,
            senedd_code=senedd,
        )
        for code, name, name_cy, type_, official, parent, senedd in rows
    }
    for alias, target in AreaCode.objects.values_list("code", "area__code").order_by():
        if alias not in areas and target in areas:
            areas[alias] = areas[target]
    return areas


area_cache = _AreaCache()


def areas_by_code() -> dict[str, CachedArea]:
    """Every area by GSS code (cached in-process)."""
    return area_cache.get()


def areas_generation() -> int:
    """Changes whenever this process's areas are loaded again (an edit here at once, an import
    anywhere within KINSHIP_AREA_CACHE_CHECK_SECONDS): a memo made from areas keys on it."""
    area_cache.get()
    return area_cache.generation


_POSTCODE_SQL = (
    "SELECT postcode, country, county, district, ward, constituency, lat, lng, terminated, division "  # noqa: S608
    f"FROM {POSTCODE_TABLE} WHERE postcode = %s"
)


def postcode_row_get(*, postcode: str) -> PostcodeRow | None:
    """The stored row for a normalised postcode ("SW1A 1AA"), or None. One primary-key query."""
    # The connection itself, looked up once: each attribute read through `django.db.connection`
    # looks it up again (a thread-local read), some ten times a lookup on the busiest read.
    conn = connections[DEFAULT_DB_ALIAS]

    def read() -> tuple | None:
        if prepared_statements_usable(conn):
            return _read_prepared(conn, postcode)
        with conn.cursor() as cursor:
            cursor.execute(_POSTCODE_SQL, [postcode])
            return cursor.fetchone()

    row = retry_if_locked(read)
    if row is None:
        return None
    return PostcodeRow(*row)


def _read_prepared(conn: Any, postcode: str) -> tuple | None:
    """PostgreSQL: the same query as a server-side prepared statement (`core.inserts.execute_prepared`):
    planning it afresh costs more than the primary-key read itself, and at peak the database's CPU
    is the pinch point. Used only when nothing is capturing queries, so tests still count it.
    As the first query of a request it needs no `SELECT 1` health check first: a connection that
    has died is replaced and the read made again (`core.dbretry.on_checked_connection`, which the
    public writes' transactions share)."""
    return on_checked_connection(lambda: _execute_prepared(conn, postcode))


def _execute_prepared(conn: Any, postcode: str) -> tuple | None:
    rows = execute_prepared(_POSTCODE_SQL, [postcode], conn)
    return rows[0] if rows else None


def childrens_services_authorities() -> QuerySet[Area]:
    """The councils that run children's services (175 in England and Wales), by name."""
    return Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES).order_by("name")


def area_get(*, code: str) -> Area | None:
    """The area with this GSS code (its own or another code it has had)."""
    return Area.objects.filter(code=code).first() or Area.objects.filter(other_codes__code=code).first()
