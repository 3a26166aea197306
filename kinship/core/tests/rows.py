"""Rows as plain values, to compare what two ways of writing stored (issue 17's fast inserts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def row_values(obj: Model, *, ignore: Iterable[str] = ()) -> dict[str, Any]:
    """Every stored column of `obj` as read back from the database, but those in `ignore` (the
    key, times and anything else that differs by nature from one write to the next)."""
    skipped = {"id", *ignore}
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {
        f.attname: getattr(fresh, f.attname)
        for f in type(obj)._meta.concrete_fields
        if f.name not in skipped and f.attname not in skipped
    }


def table_values(model: type[Model], *, ignore: Iterable[str] = ()) -> list[dict[str, Any]]:
    """`row_values` of every row of `model`, in the order they were inserted."""
    ignore = list(ignore)
    return [row_values(obj, ignore=ignore) for obj in model._default_manager.order_by("pk")]


def written_statements(queries: list[dict[str, Any]]) -> list[str]:
    """What a captured request did to the database up to its first commit, as "BEGIN",
    "INSERT <table>", "SAVEPOINT", ... (reads left out): the round trips of a write."""
    out: list[str] = []
    for query in queries:
        sql = query["sql"].lstrip()
        word = sql.split(None, 1)[0].upper() if sql else ""
        if word == "SELECT":
            continue
        if word == "INSERT":
            table = sql.split('"')[1] if '"' in sql else sql.split()[2]
            out.append(f"INSERT {table}")
        elif word == "WITH":
            out.append("WITH")
        else:
            out.append(word)
        if word == "COMMIT":
            break
    return out
