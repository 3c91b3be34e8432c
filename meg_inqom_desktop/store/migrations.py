"""Schema migrations: a registry ``version -> function`` applied in order by ``open_database``.

Rules for whoever changes the schema (``store/models.py``):

* Migration ``N`` takes a database at schema ``N - 1`` to schema ``N``. It receives the open
  database and a :class:`playhouse.migrate.SqliteMigrator`; it runs inside one transaction
  together with the ``SchemaVersion`` row that records it.
* Version 1 creates the tables. It builds them from the models as long as version 1 is the
  latest; the day version 2 is registered, freeze version 1 first (replace its body by the
  DDL the models produced at version 1), so that a version-1 database and a new one reach the
  same schema. ``tests/store/test_migrations.py`` checks that migrating from nothing gives
  exactly the schema of the current models.
* Register with :func:`migration`; never renumber or edit a migration that has shipped.

``open_database`` backs the database up (sqlite backup API, into ``DataPaths.backups``)
before migrating one that already holds data, and refuses a database whose version is higher
than :func:`latest_version`.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee
from playhouse.migrate import SqliteMigrator

from meg_inqom_desktop.store.models import ALL_MODELS

Migration = Callable[[peewee.SqliteDatabase, SqliteMigrator], None]

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
    """Version 1: every table and index of the ledger."""
    db.create_tables(ALL_MODELS, safe=False)
