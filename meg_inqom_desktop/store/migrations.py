"""Schema migrations: a registry ``version -> function`` applied in order by ``open_database``.

Rules for whoever changes the schema (``store/models.py``):

* Migration ``N`` takes a database at schema ``N - 1`` to schema ``N``. It receives the open
  database (SQLite or PostgreSQL) and the matching :class:`playhouse.migrate.SchemaMigrator`;
  it runs inside one transaction together with the ``SchemaVersion`` row that records it
  (on PostgreSQL DDL is transactional: a failed migration leaves the previous schema whole).
  Write it with the migrator's operations or with SQL both databases accept.
* Version 1 creates the tables from frozen DDL (``store/schema_v1.py``, one text per
  database), never from the models: a version-1 database in the field has exactly those
  tables, whatever the models become. ``tests/store/test_database.py`` checks that
  migrating from nothing gives exactly the schema of the current models, so a change to
  ``models.py`` without its migration fails the tests.
* A new database runs every migration from nothing; an existing one the pending ones.
* Register with :func:`migration`; never renumber or edit a migration that has shipped.

``open_database`` backs a SQLite ledger up (sqlite backup API, into ``DataPaths.backups``)
before migrating one that already holds data (a firm's PostgreSQL database is backed up by
its own administration; its migration is one transaction), and refuses a database whose
version is higher than :func:`latest_version`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import peewee

from meg_inqom_desktop.store.schema_v1 import V1_DDL, V1_DDL_POSTGRES

if TYPE_CHECKING:  # imported by the migration steps when they run
    from playhouse.migrate import SchemaMigrator

Migration = Callable[[peewee.Database, "SchemaMigrator"], None]

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
def v1_create_tables(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """Version 1: every table and index of the ledger (frozen DDL)."""
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    for statement in V1_DDL_POSTGRES if postgres else V1_DDL:
        db.execute_sql(statement)


@migration(2)
def v2_firm(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """Version 2 (firm mode): the audit trail, the pièces' bytes of a shared database, and the
    holder and latest progress of a run (seen live by the other workstations)."""
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    key = "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY"
    blob = "BYTEA" if postgres else "BLOB"
    big = "BIGINT" if postgres else "INTEGER"
    for statement in (
        f'CREATE TABLE "audit_event" ("id" {key}, "at" TEXT NOT NULL, '
        '"workstation" VARCHAR(64) NOT NULL, "person" VARCHAR(64) NOT NULL, '
        '"siret" VARCHAR(14) NOT NULL, "dossier_name" VARCHAR(255) NOT NULL, '
        '"action" VARCHAR(32) NOT NULL, "detail" TEXT NOT NULL, "data" TEXT NOT NULL)',
        'CREATE INDEX "audit_event_siret_at" ON "audit_event" ("siret", "at")',
        'CREATE INDEX "audit_event_person_at" ON "audit_event" ("person", "at")',
        'CREATE INDEX "audit_event_at" ON "audit_event" ("at")',
        'CREATE TABLE "piece_data" ("sha256" VARCHAR(64) NOT NULL PRIMARY KEY, '
        f'"size" {big} NOT NULL, "data" {blob} NOT NULL)',
        """ALTER TABLE "sync_run" ADD COLUMN "holder" VARCHAR(64) NOT NULL DEFAULT ''""",
        """ALTER TABLE "sync_run" ADD COLUMN "progress" TEXT NOT NULL DEFAULT ''""",
    ):
        db.execute_sql(statement)
