"""Opening the ledger: creation, backup then migration, refusal of a newer database, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SqliteMigrator, migrate

from meg_inqom_desktop.errors import DatabaseError
from meg_inqom_desktop.store import migrations
from meg_inqom_desktop.store.database import (
    close_database,
    convert_db_errors,
    open_database,
    schema_version,
)
from meg_inqom_desktop.store.db import DB, SQLITE_PRAGMAS
from meg_inqom_desktop.store.models import ALL_MODELS, DossierRow, SchemaVersion
from meg_inqom_desktop.store.paths import DataPaths

from .conftest import SIRET


def _schema(path: Path) -> dict[str, object]:
    """Tables (columns) and indexes (columns, unique) of a database file, order-insensitive."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cols = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
            out[f"table:{table}"] = sorted((c[1], c[2], c[3], c[5]) for c in cols)
            for idx in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
                info = conn.execute(f'PRAGMA index_info("{idx[1]}")').fetchall()
                out[f"index:{table}:{idx[1]}:{[i[2] for i in info]}"] = bool(idx[2])
            fks = conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            out[f"fk:{table}"] = sorted((f[2], f[3], f[4], f[6]) for f in fks)
        return out
    finally:
        conn.close()


def test_new_database_gets_schema_version_and_wal(paths: DataPaths) -> None:
    db = open_database(paths)
    try:
        assert schema_version() == migrations.latest_version()
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        row = SchemaVersion.get(SchemaVersion.version == migrations.latest_version())
        assert row.applied_at.tzinfo is not None
        assert set(db.get_tables()) >= {m._meta.table_name for m in ALL_MODELS}
    finally:
        close_database()
    assert DB.obj is None
    assert not list(paths.backups.glob("*.sqlite3")), "a new database needs no backup"


def test_reopening_a_current_database_changes_nothing(paths: DataPaths) -> None:
    open_database(paths)
    DossierRow.create(siret=SIRET)
    close_database()
    open_database(paths, create=False)
    try:
        assert DossierRow.select().count() == 1
        assert SchemaVersion.select().count() == migrations.latest_version()
    finally:
        close_database()
    assert not list(paths.backups.glob("*"))


def test_migrating_from_nothing_gives_the_models_schema(tmp_path: Path, paths: DataPaths) -> None:
    open_database(paths)
    close_database()
    reference = tmp_path / "reference.sqlite3"
    db = peewee.SqliteDatabase(str(reference), pragmas=SQLITE_PRAGMAS)
    with db.bind_ctx(ALL_MODELS):
        db.create_tables(ALL_MODELS)
    db.close()
    assert _schema(paths.database) == _schema(reference)


def test_missing_database_without_create_is_refused(paths: DataPaths) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(paths, create=False)
    assert info.value.title == "Base de données introuvable"
    assert not paths.database.exists()


def test_a_file_that_is_not_a_database_is_refused_unchanged(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.database.write_bytes(b"this is a text file, not sqlite" * 100)
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    assert info.value.title == "Fichier de base de données illisible"
    assert "backups" in info.value.message
    assert paths.database.read_bytes() == before
    assert DB.obj is None


def test_a_foreign_sqlite_file_is_refused(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    assert info.value.title == "Fichier de base de données inconnu"


def test_a_database_from_a_newer_version_is_refused_and_left_alone(paths: DataPaths) -> None:
    open_database(paths)
    DossierRow.create(siret=SIRET)
    newer = migrations.latest_version() + 1
    SchemaVersion.create(version=newer, app_version="9.9.9")
    close_database()
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    err = info.value
    assert err.title == "Base de données d'une version plus récente"
    assert f"schéma {newer}" in err.message
    assert "Installez la dernière version" in err.message
    assert err.context["version"] == newer
    assert paths.database.read_bytes() == before
    assert not list(paths.backups.glob("*"))
    assert DB.obj is None


def test_older_database_is_backed_up_then_migrated(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test-only migration 2 adds a column and fills it; the v1 copy stays in backups."""
    open_database(paths)
    DossierRow.create(siret=SIRET, name="Démo")
    close_database()
    current = migrations.latest_version()
    applied: list[int] = []

    def add_note(db: peewee.SqliteDatabase, migrator: SqliteMigrator) -> None:
        applied.append(current + 1)
        migrate(migrator.add_column("dossier", "note", peewee.TextField(default="")))
        db.execute_sql("UPDATE dossier SET note = 'migré ' || name")

    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, add_note)
    db = open_database(paths)
    try:
        assert applied == [current + 1]
        assert schema_version() == current + 1
        assert db.execute_sql("SELECT siret, note FROM dossier").fetchall() == [
            (SIRET, "migré Démo")
        ]
    finally:
        close_database()
    backups = list(paths.backups.glob("*.sqlite3"))
    assert len(backups) == 1
    assert backups[0].name.startswith(f"ledger-v{current}-")
    assert backups[0].name.endswith("Z.sqlite3")
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == current
        assert conn.execute("SELECT siret, name FROM dossier").fetchall() == [(SIRET, "Démo")]
        cols = [c[1] for c in conn.execute("PRAGMA table_info(dossier)")]
        assert "note" not in cols
    finally:
        conn.close()
    # opening again: nothing pending, no second backup
    open_database(paths)
    close_database()
    assert len(list(paths.backups.glob("*.sqlite3"))) == 1


def test_a_failing_migration_leaves_the_previous_version(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(paths)
    DossierRow.create(siret=SIRET)
    close_database()
    current = migrations.latest_version()

    def broken(db: peewee.SqliteDatabase, migrator: SqliteMigrator) -> None:
        db.execute_sql("DELETE FROM dossier")
        raise RuntimeError("boom")

    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, broken)
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    assert info.value.title == "Mise à jour de la base impossible"
    assert "backups" in info.value.message
    assert DB.obj is None
    monkeypatch.delitem(migrations.MIGRATIONS, current + 1)
    open_database(paths)
    try:
        assert schema_version() == current
        assert DossierRow.select().count() == 1, "the failed step was rolled back"
    finally:
        close_database()


def test_a_locked_database_gives_a_clear_error(paths: DataPaths) -> None:
    open_database(paths)
    close_database()
    holder = sqlite3.connect(paths.database, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute(
            "INSERT INTO dossier (siret, name, created_at, local_only, inqom_folder_name,"
            " meg_company_id, active) VALUES ('x', '', '', 1, '', '', 1)"
        )
        with pytest.raises(DatabaseError) as info:
            open_database(paths, busy_timeout=0.05)
        assert info.value.title == "Base de données occupée"
        assert DB.obj is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_read_only_errors_are_converted(paths: DataPaths) -> None:
    open_database(paths)
    close_database()
    conn = sqlite3.connect(f"{paths.database.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(DatabaseError) as info, convert_db_errors(paths.database):
            conn.execute("DELETE FROM dossier")
        assert info.value.title == "Base de données en lecture seule"
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    finally:
        conn.close()


def test_peewee_errors_are_converted(ledger: DataPaths) -> None:
    with pytest.raises(DatabaseError) as info, convert_db_errors():
        DB.execute_sql("SELECT * FROM no_such_table")
    assert info.value.title == "Base de données inutilisable"
    assert "no_such_table" in info.value.message


def test_a_failed_backup_stops_before_migrating(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(paths)
    close_database()
    current = migrations.latest_version()
    ran: list[int] = []
    monkeypatch.setitem(
        migrations.MIGRATIONS, current + 1, lambda db, migrator: ran.append(current + 1)
    )
    assert not paths.backups.exists()
    paths.backups.write_text("a file where the backups folder should be")
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    assert info.value.title == "Sauvegarde avant mise à jour impossible"
    assert ran == []
    assert DB.obj is None
    conn = sqlite3.connect(paths.database)
    try:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == current
    finally:
        conn.close()


def test_a_sqlite_error_inside_a_migration_is_reported_as_such(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(paths)
    close_database()
    current = migrations.latest_version()

    def bad_sql(db: peewee.SqliteDatabase, migrator: SqliteMigrator) -> None:
        db.execute_sql("ALTER TABLE no_such_table ADD COLUMN x INTEGER")

    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, bad_sql)
    with pytest.raises(DatabaseError) as info:
        open_database(paths)
    assert info.value.title == "Mise à jour de la base impossible"
    assert "no_such_table" in info.value.message
    assert "version précédente" in info.value.message
