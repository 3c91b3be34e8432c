"""Data safety on update, end to end on frozen database files (issue 6, point 6).

``data/ledger-v<N>.sqlite3`` are ledgers written by the code of schema version N (made by
``make_db_fixture.py`` and never regenerated). Opening them with today's code must migrate them
after a backup and keep every entry; a database from a newer version must be refused with a
clear message and left byte for byte as it was. The store's own unit tests
(``tests/store/test_database.py``) cover the mechanism; these run it on real older files and
check the order (backup first) and the bytes.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SqliteMigrator, migrate

from meg_inqom_desktop.errors import DatabaseError
from meg_inqom_desktop.store import migrations
from meg_inqom_desktop.store.database import close_database, open_database, schema_version
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

FIXTURES = sorted((Path(__file__).parent / "data").glob("ledger-v*.sqlite3"))
SIRET = "73282932000074"


def fixture_version(path: Path) -> int:
    return int(path.stem.removeprefix("ledger-v"))


def logical_dump(path: Path) -> list[str]:
    """The SQL that recreates the database's content (independent of page layout)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def ledger_facts(path: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT siret FROM dossier").fetchall(),
            conn.execute("SELECT COUNT(*) FROM entry").fetchone()[0],
            conn.execute("SELECT SUM(debit_cents), SUM(credit_cents) FROM entry_line").fetchone(),
            conn.execute("PRAGMA integrity_check").fetchone()[0],
        )
    finally:
        conn.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install(fixture: Path, tmp_path: Path) -> DataPaths:
    paths = resolve_data_paths(tmp_path / "data")
    paths.root.mkdir(parents=True)
    shutil.copyfile(fixture, paths.database)
    return paths


def test_there_is_a_frozen_database_of_every_schema_up_to_now() -> None:
    assert FIXTURES, "tests/packaging/data/ledger-v*.sqlite3 missing"
    assert fixture_version(FIXTURES[-1]) == migrations.latest_version(), (
        "a new schema version was registered: run tests/packaging/make_db_fixture.py with it "
        "and commit the new ledger-v<N>.sqlite3"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_frozen_database_opens_with_its_data(fixture: Path, tmp_path: Path) -> None:
    paths = install(fixture, tmp_path)
    before = ledger_facts(fixture)
    assert before[0] == [(SIRET,)] and before[1] == 5 and before[3] == "ok"
    open_database(paths)
    try:
        assert schema_version() == migrations.latest_version()
    finally:
        close_database()
    assert ledger_facts(paths.database) == before
    backups = sorted(paths.backups.glob("*.sqlite3"))
    if fixture_version(fixture) < migrations.latest_version():
        assert len(backups) == 1
        assert logical_dump(backups[0]) == logical_dump(fixture)
    else:
        assert backups == []


def test_older_database_is_backed_up_before_it_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next schema version (simulated) applied to the newest frozen file."""
    fixture = FIXTURES[-1]
    paths = install(fixture, tmp_path)
    old = migrations.latest_version()
    seen_backups: list[Path] = []

    def next_version(db: peewee.SqliteDatabase, migrator: SqliteMigrator) -> None:
        # The backup must already be complete when the first migration step runs.
        seen_backups.extend(paths.backups.glob("*.sqlite3"))
        migrate(migrator.add_column("entry", "reviewed", peewee.BooleanField(default=False)))

    monkeypatch.setitem(migrations.MIGRATIONS, old + 1, next_version)
    db = open_database(paths)
    try:
        assert schema_version() == old + 1
        assert db.execute_sql("SELECT COUNT(*) FROM entry WHERE reviewed = 0").fetchone()[0] == 5
    finally:
        close_database()

    assert len(seen_backups) == 1, "no backup existed when the migration started"
    backup = seen_backups[0]
    assert backup.name.startswith(f"ledger-v{old}-")
    assert not list(paths.backups.glob("*.partial"))
    assert logical_dump(backup) == logical_dump(fixture)
    assert ledger_facts(backup) == ledger_facts(fixture)
    assert ledger_facts(paths.database) == ledger_facts(fixture)


def test_newer_database_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    paths = install(FIXTURES[-1], tmp_path)
    newer = migrations.latest_version() + 1
    conn = sqlite3.connect(paths.database)
    conn.execute(
        "INSERT INTO schema_version (version, applied_at, app_version) VALUES (?, ?, ?)",
        (newer, "2031-01-01T00:00:00.000000+00:00", "9.0.0"),
    )
    conn.commit()
    conn.close()
    files_before = sorted(p.name for p in paths.root.iterdir())
    digest = sha256(paths.database)

    with pytest.raises(DatabaseError) as info:
        open_database(paths)

    error = info.value
    assert error.title == "Base de données d'une version plus récente"
    assert f"schéma {newer}" in error.message
    assert "Installez la dernière version" in error.message
    assert "n'a pas été modifiée" in error.message
    assert sha256(paths.database) == digest
    assert sorted(p.name for p in paths.root.iterdir()) == files_before  # no -wal, -shm, backup
