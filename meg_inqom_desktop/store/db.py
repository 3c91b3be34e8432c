"""Database set-up: one peewee ``DB`` proxy over SQLite (WAL) or PostgreSQL, and the few
helpers that let the store's hand-written SQL run on both.

Models bind to ``DB``; ``store.database.open_database`` initialises it (the data folder's
SQLite file, or the firm's PostgreSQL server), creates the tables of a new database and runs
migrations on an older one. Raw SQL is written once, with ``?`` placeholders, and goes through
:func:`execute` / :func:`executemany` (which write ``%s`` for PostgreSQL); bulk inserts
through :func:`insert_rows` (``COPY`` on PostgreSQL); SQLite-only index
hints come from :func:`index_hint`; write transactions from :func:`write_transaction`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import peewee

DB = peewee.DatabaseProxy()

SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "synchronous": "normal",  # durable at checkpoints; WAL keeps the file consistent on crash
    "foreign_keys": 1,
    "cache_size": -32_000,  # 32 MB page cache
    "busy_timeout": 10_000,
    "temp_store": "memory",
}


def utcnow() -> datetime:
    """The current time, aware, in UTC (what every timestamp column stores)."""
    return datetime.now(UTC)


class UtcDateTimeField(peewee.Field):
    """Aware timestamp stored as ISO-8601 text in UTC (sorts lexically)."""

    field_type = "TEXT"

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def python_value(self, value: str | None) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


class BaseModel(peewee.Model):
    class Meta:
        database = DB
        legacy_table_names = False


_DRIVER_ERRORS = peewee.ExceptionWrapper(peewee.EXCEPTIONS)  # type: ignore[attr-defined]
"""Driver errors raised as peewee's (what ``execute`` does), for cursors used directly."""


def is_postgres() -> bool:
    """True when the ledger is the firm's PostgreSQL database."""
    return isinstance(DB.obj, peewee.PostgresqlDatabase)


def sql_for_db(sql: str) -> str:
    """``sql`` written with ``?`` placeholders, in the open database's parameter style."""
    if not is_postgres():
        return sql
    return sql.replace("%", "%%").replace("?", "%s")


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run one statement (``?`` placeholders) and return its cursor."""
    return DB.execute_sql(sql_for_db(sql), tuple(params))


def executemany(sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement for each row of parameters (``?`` placeholders)."""
    if not rows:
        return
    cursor = DB.cursor()
    try:
        with _DRIVER_ERRORS:
            cursor.executemany(sql_for_db(sql), rows)
    finally:
        cursor.close()


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (values of ``columns``, no conflict clause) into ``table``: one
    ``executemany`` on SQLite, one ``COPY ... FROM STDIN`` on PostgreSQL (where it is several
    times faster than a statement per row)."""
    if not rows:
        return
    names = ", ".join(columns)
    if not is_postgres():
        marks = ",".join("?" * len(columns))
        executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return
    cursor = DB.cursor()
    try:
        with (
            _DRIVER_ERRORS,
            cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def index_hint(index: str) -> str:
    """`` INDEXED BY <index>`` on SQLite, whose planner needs it on a fresh database; nothing
    on PostgreSQL, whose planner chooses from its statistics."""
    return "" if is_postgres() else f" INDEXED BY {index}"


@contextmanager
def write_transaction() -> Iterator[None]:
    """A write transaction: ``BEGIN IMMEDIATE`` on SQLite (no upgrade deadlock between two
    writers), a plain transaction on PostgreSQL; a savepoint when one is already open."""
    if is_postgres():
        with DB.atomic():
            yield
    else:
        with DB.atomic("IMMEDIATE"):
            yield


def as_date(value: date | str | None) -> date | None:
    """A date column read by hand-written SQL: text on SQLite, a date on PostgreSQL."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
