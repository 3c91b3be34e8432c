"""Database set-up: one peewee ``DB`` proxy, SQLite in WAL mode, opened by :func:`open_database`.

Models bind to ``DB``; :func:`open_database` initialises it for a data folder, creates the
tables of a new database and runs migrations (after a backup) on an older one.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
