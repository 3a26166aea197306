"""Statements for the hot paths, written once per process (issue 17): the public write paths'
INSERTs compiled by Django itself, the drain's UPDATEs (`rows_update`), and running a statement
prepared on the server (`execute_prepared`, also the postcode read's).

`Model.objects.create()` and `bulk_create()` build and compile a fresh `InsertQuery` for every
row: on a peak day that machinery (save, save_base, _do_insert, SQLInsertCompiler.as_sql) was
the largest part of a submission's time in Python. Here Django's own compiler writes the SQL
for a model once per (model, row count, conflict handling, database), and each call only turns
the instances' values into parameters the way the compiler would (`field.pre_save(obj,
add=True)`, so `auto_now`/`auto_now_add` stamp the instance, then `get_db_prep_save`) and runs
that SQL with them, reading the new primary keys back from RETURNING. Column names, types and
defaults therefore come from the models (an instance made with `Model(...)` carries them), not
from hand-written SQL. On PostgreSQL the statements are prepared on the server (`_execute`).

What it skips from `save()` is the `pre_save`/`post_save` signals: a model with a receiver for
either is saved through the ORM instead, so adding a receiver later cannot be silently
bypassed. A database that cannot return the new keys from a multi-row INSERT, a field whose
value is an expression or that has a database default, or `enabled = False` (the tests compare
both paths with it) also take the ORM path, with the same rows as the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import (
    NOT_PROVIDED,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    Model,
    TextField,
)
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery
from django.utils import timezone

from kinship.core.models import StampedQuerySet

M = TypeVar("M", bound=Model)
T = TypeVar("T")

# The ORM instead of the compiled statements (the tests that compare both paths turn this off).
enabled = True
# PostgreSQL: run them as server-side prepared statements (bench/write_profile.py --compare
# measures with and without).
prepared = True
_ONLY_WHEN_ASKED = 2**31 - 1

# How each field of a compiled statement turns an instance's value into its parameter, worked
# out once with the statement: (attname, its `pre_save` or None when that only reads the
# attribute (no `auto_now`), the type whose values go as they are (or None), whether None goes
# as it is, the field). Anything else goes through `get_db_prep_save`, as in the compiler.
_Preparer = tuple[str, Any, type | None, bool, Field[Any, Any]]


def _preparer(field: Field[Any, Any], connection: Any) -> _Preparer:
    plain = type(field).pre_save is Field.pre_save
    as_is, none_as_is = _as_is(field, connection)
    return (field.attname, None if plain else field.pre_save, as_is, none_as_is, field)


# (model, rows, ignore_conflicts, database vendor) -> (SQL, its fields' preparers in column order)
_compiled: dict[tuple[type[Model], int, bool, str], tuple[str, list[_Preparer]]] = {}


def _insert_fields(model: type[Model]) -> list[Field[Any, Any]] | None:
    """The fields `save()` would insert for a new row (all concrete ones but the generated key),
    or None when one of them needs more than a parameter (a database default)."""
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
    if meta.auto_field is None or any(f.db_default is not NOT_PROVIDED for f in fields):
        return None
    return fields


def _statement(
    model: type[Model], objs: Sequence[Model], *, ignore_conflicts: bool, connection: Any
) -> tuple[str, list[_Preparer]] | None:
    key = (model, len(objs), ignore_conflicts, connection.vendor)
    found = _compiled.get(key)
    if found is not None:
        return found
    fields = _insert_fields(model)
    if fields is None or any(getattr(f, "get_placeholder", None) for f in fields):
        return None
    meta = model._meta
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, list(objs))
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    statements = compiler.as_sql()
    sql, params = statements[0]
    # One statement, one "%s" per value and nothing else to bind: then the SQL holds for any
    # instances of this model, and only the parameters change from call to call.
    if len(statements) != 1 or len(params) != len(fields) * len(objs):
        return None
    _compiled[key] = (sql, [_preparer(f, connection) for f in fields])
    return _compiled[key]


def _fast_path_possible(model: type[Model], objs: Sequence[Model], connection: Any) -> bool:
    features = connection.features
    if not enabled or not features.can_return_columns_from_insert:
        return False
    if len(objs) > 1 and not features.can_return_rows_from_bulk_insert:
        return False
    # More parameters than one statement may carry (SQLite): bulk_create splits them in batches.
    fields = model._meta.local_concrete_fields
    if len(objs) > 1 and connection.ops.bulk_batch_size(fields, objs) < len(objs):
        return False
    return not (pre_save.has_listeners(model) or post_save.has_listeners(model))


def _as_is(field: Field[Any, Any], connection: Any) -> tuple[type | None, bool]:
    """Which values this field hands to the database unchanged, read from Django's own chain
    (`get_db_prep_save` → `get_db_prep_value` → `get_prep_value` → `to_python`) when no class
    of the field overrides it: a text field's str, a boolean's bool, and None for those and
    for dates and times (whose adapters give None for None)."""
    cls = type(field)
    if cls.get_db_prep_save is not Field.get_db_prep_save:
        return None, False
    prep, to_python, db_prep = cls.get_prep_value, cls.to_python, cls.get_db_prep_value
    if db_prep is Field.get_db_prep_value:
        if prep in (CharField.get_prep_value, TextField.get_prep_value) and to_python in (
            CharField.to_python,
            TextField.to_python,
        ):
            return str, True
        if prep is BooleanField.get_prep_value and to_python is BooleanField.to_python:
            return bool, True
    adapters = {
        DateTimeField.get_db_prep_value: connection.ops.adapt_datetimefield_value,
        DateField.get_db_prep_value: connection.ops.adapt_datefield_value,
    }
    if (
        db_prep in adapters
        and prep in (DateTimeField.get_prep_value, DateField.get_prep_value)
        and to_python in (DateTimeField.to_python, DateField.to_python)
        and adapters[db_prep](None) is None
    ):
        return None, True
    return None, False


def _params(objs: Sequence[Model], preparers: list[_Preparer], connection: Any) -> list[Any] | None:
    """The parameters for these instances, as the compiler would make them: `pre_save(obj,
    add=True)` (so `auto_now`/`auto_now_add` stamp the instance), then `get_db_prep_save`,
    except for the values that chain returns as they are (`_as_is`)."""
    params: list[Any] = []
    append = params.append
    for obj in objs:
        for attname, field_pre_save, as_is, none_as_is, field in preparers:
            value = getattr(obj, attname) if field_pre_save is None else field_pre_save(obj, True)
            if (value is None and none_as_is) or (as_is is not None and type(value) is as_is):
                append(value)
                continue
            if hasattr(value, "resolve_expression"):
                return None
            append(field.get_db_prep_save(value, connection=connection))
    return params


def _saved(objs: Sequence[Model], pks: Sequence[Any], alias: str) -> None:
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias


def _execute(sql: str, params: list[Any], connection: Any) -> list[tuple[Any, ...]]:
    """Run a compiled INSERT and return the rows of its RETURNING: prepared on PostgreSQL when
    nothing is capturing queries (`execute_prepared`), else through Django's cursor, so the
    tests' query counts still see every statement."""
    if prepared and prepared_statements_usable(connection):
        connection.close_if_health_check_failed()  # as Django's own cursors do
        return execute_prepared(sql, params, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def prepared_statements_usable(connection: Any) -> bool:
    """PostgreSQL, with nothing capturing or wrapping queries (tests that count queries, debug)."""
    return bool(
        connection.vendor == "postgresql"
        and not connection.queries_logged
        and not connection.execute_wrappers
    )


def execute_prepared(sql: str, params: list[Any], connection: Any) -> list[tuple[Any, ...]]:
    """Run `sql` as a server-side prepared statement on this PostgreSQL connection and return its
    rows. The SQL of each caller (these INSERTs, the postcode read) never changes, so the server
    parses and plans it once per connection; Django's cursors bind parameters on the client, so
    every statement would be planned again. Needs `prepare_when_asked`; behind PgBouncer in
    transaction mode, PgBouncer 1.21+ with `max_prepared_statements`."""
    return _run_prepared(sql, params, connection, lambda cursor: cursor.fetchall())


def execute_prepared_count(sql: str, params: list[Any], connection: Any) -> int:
    """`execute_prepared` for a statement that returns no rows (an UPDATE): how many it changed."""
    return _run_prepared(sql, params, connection, lambda cursor: int(cursor.rowcount))


def _run_prepared(sql: str, params: list[Any], connection: Any, result: Callable[[Any], T]) -> T:
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _cursor(connection)
        cursor.execute(sql, params, prepare=True)
        return result(cursor)


def _cursor(connection: Any) -> Any:
    """A psycopg cursor kept on the Django connection for as long as its database connection
    lasts (a new one is made for a new connection): making one per statement cost about a
    tenth of a postcode lookup's CPU. Each use executes and fetches at once, so nothing is
    left in it between uses but the last result."""
    import psycopg  # only on PostgreSQL

    raw = connection.connection
    cursor = getattr(connection, "_kinship_cursor", None)
    if cursor is None or cursor.closed or cursor.connection is not raw:
        cursor = connection._kinship_cursor = psycopg.Cursor(raw)
    return cursor


def _compiled_insert(
    model: type[Model], objs: Sequence[Model], *, ignore_conflicts: bool, connection: Any
) -> tuple[str, list[Any]] | None:
    """The compiled INSERT's SQL and these instances' parameters, or None where the ORM must
    do it (a receiver, an expression, a field with a database default, SQLite's batch limit)."""
    if not _fast_path_possible(model, objs, connection):
        return None
    statement = _statement(model, objs, ignore_conflicts=ignore_conflicts, connection=connection)
    if statement is None:
        return None
    params = _params(objs, statement[1], connection)
    return None if params is None else (statement[0], params)


def insert_rows(objs: Sequence[M], *, using: str = DEFAULT_DB_ALIAS) -> list[M]:
    """INSERT these new instances of one model in one statement and give each its primary key
    (as `bulk_create`, or `save()` for one, would). Call inside the caller's transaction."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    connection = connections[using]
    compiled = _compiled_insert(model, objs, ignore_conflicts=False, connection=connection)
    if compiled is None:
        if len(objs) == 1:
            objs[0].save(force_insert=True, using=using)
        else:
            model._default_manager.db_manager(using).bulk_create(objs)
        return list(objs)
    rows = _execute(*compiled, connection)
    _saved(objs, [row[0] for row in rows], using)
    return list(objs)


def insert_row(obj: M, *, using: str = DEFAULT_DB_ALIAS) -> M:
    """INSERT one new instance and give it its primary key, as `save()` would."""
    return insert_rows([obj], using=using)[0]


def insert_row_unless_conflict(obj: M, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """INSERT one new instance unless a unique constraint already holds a row like it: True
    when it was inserted (and has its key). No exception and so no savepoint for the conflict
    (`ON CONFLICT DO NOTHING`): the caller's transaction stays usable. A concurrent insert of
    the same key waits for the other transaction and then counts as a conflict. Without the
    fast path, the ORM in a savepoint gives the same answer."""
    connection = connections[using]
    compiled = _compiled_insert(type(obj), [obj], ignore_conflicts=True, connection=connection)
    if compiled is None:
        try:
            with transaction.atomic(using=using):
                obj.save(force_insert=True, using=using)
        except IntegrityError:
            return False
        return True
    rows = _execute(*compiled, connection)
    if not rows:
        return False
    _saved([obj], [rows[0][0]], using)
    return True


# The SQL of each shape of `rows_update`, written once per process (see there).
_UPDATE_SQL: dict[tuple[Any, ...], str] = {}


def rows_update(model: Any, pks: list[int], *, where_status: str, **values: Any) -> int:
    """`model.objects.filter(pk__in=pks, status=where_status).update(**values)` in one statement
    whose SQL is written once per shape instead of compiled by the ORM for every call: the drain
    records each email as it goes, and the ORM's compiling was two thirds of that CPU (0.65 ms a
    row against 0.32 ms, issue 17). Each value is adapted by its field as the ORM adapts it; a
    model whose QuerySet stamps `updated_at` (`StampedQuerySet`) is stamped here too. Plain
    values only (no expressions). On PostgreSQL a prepared statement, as the INSERTs are.
    Returns how many rows changed."""
    if not pks:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    if issubclass(model._default_manager._queryset_class, StampedQuerySet):
        values.setdefault("updated_at", timezone.now())
    meta = model._meta
    fields = [meta.get_field(name) for name in values]
    key = (connection.vendor, model, tuple(values), len(pks))
    sql = _UPDATE_SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        # Only the model's own quoted names are written in; every value is a parameter.
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} "  # noqa: S608
            f"IN ({', '.join(['%s'] * len(pks))}) AND {quote(meta.get_field('status').column)} = %s"
        )
        _UPDATE_SQL[key] = sql
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values.values(), strict=True)
    ]
    params = [*params, *pks, str(where_status)]
    with transaction.mark_for_rollback_on_error():
        if prepared and prepared_statements_usable(connection):
            # Prepared on the server, as the INSERTs are: half the drain's CPU for recording a
            # sent row (0.11 ms against 0.2 through Django's cursor, which binds on the client).
            connection.close_if_health_check_failed()  # as Django's own cursors do
            return execute_prepared_count(sql, params, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)


def prepare_when_asked(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new PostgreSQL connection (`connection_created`): let psycopg prepare the
    statements run with `prepare=True` (these INSERTs, the postcode read). Django opens its
    connections with `prepare_threshold=None`, which makes psycopg ignore `prepare=True` as well;
    a threshold no query reaches prepares only the statements that ask to be. Django's own
    cursors bind parameters on the client and are never prepared, so nothing else changes."""
    raw = getattr(connection, "connection", None)
    if connection.vendor == "postgresql" and raw is not None and raw.prepare_threshold is None:
        raw.prepare_threshold = _ONLY_WHEN_ASKED
