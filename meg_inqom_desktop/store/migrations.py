"""Schema migrations: a registry ``version -> function`` applied in order by ``open_database``.

Rules for whoever changes the schema (``store/models.py``):

* Migration ``N`` takes a database at schema ``N - 1`` to schema ``N``. It receives the open
  database and a :class:`playhouse.migrate.SqliteMigrator`; it runs inside one transaction
  together with the ``SchemaVersion`` row that records it.
* Version 1 creates the tables from frozen DDL (``store/schema_v1.py``), never from the
  models: a version-1 database in the field has exactly those tables, whatever the models
  become. ``tests/store/test_database.py`` checks that migrating from nothing gives exactly
  the schema of the current models, so a change to ``models.py`` without its migration fails
  the tests.
* A new database runs every migration from nothing; an existing one the pending ones.
* Register with :func:`migration`; never renumber or edit a migration that has shipped.

``open_database`` backs the database up (sqlite backup API, into ``DataPaths.backups``)
before migrating one that already holds data, and refuses a database whose version is higher
than :func:`latest_version`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import peewee

from meg_inqom_desktop.store.schema_v1 import V1_DDL

if TYPE_CHECKING:  # imported by the migration steps when they run
    from playhouse.migrate import SqliteMigrator

Migration = Callable[[peewee.SqliteDatabase, "SqliteMigrator"], None]

MIGRATIONS: dict[int, Migration] = {}
"""The registry: schema version -> the function that brings ``version - 1`` to it."""


def migration(version: int) -> Callable[[Migration], Migration]:
    """Register ``func`` as the migration to ``version`` (decorator)."""

    def register(func: Migration) -> Migration:
        if version in MIGRATIONS and MIGRATIONS[version] is not func:
            raise ValueError(f"schema migration {version} registered twice")
        MIGRATIONS[version] = func
        return func

    return register


def latest_version() -> int:
    """The schema version this code writes (highest registered migration)."""
    return max(MIGRATIONS)


def pending(current: int) -> list[tuple[int, Migration]]:
    """Migrations to apply, in order, to bring a database at ``current`` up to date."""
    return [(v, MIGRATIONS[v]) for v in sorted(MIGRATIONS) if v > current]


@migration(1)
def v1_create_tables(db: peewee.SqliteDatabase, migrator: SqliteMigrator) -> None:
    """Version 1: every table and index of the ledger (frozen DDL)."""
    for statement in V1_DDL:
        db.execute_sql(statement)
