"""Opening a firm's PostgreSQL ledger: creation, migration, refusals, errors, on a real server."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SchemaMigrator
from postgres_cluster import FIRM_PASSWORD

from meg_inqom_desktop.errors import DatabaseError
from meg_inqom_desktop.store import migrations
from meg_inqom_desktop.store import postgres as pg
from meg_inqom_desktop.store.database import close_database, open_database, schema_version
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.models import ALL_MODELS, DossierRow, SchemaVersion
from meg_inqom_desktop.store.paths import DataPaths

from .conftest import SIRET


def _schema(cluster: object, url: str) -> dict[str, object]:
    """Columns (type, nullability), indexes and foreign keys of a database, order-insensitive."""
    name = url.rsplit("/", 1)[1]
    sql = cluster.sql  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    for table, column, kind, nullable in sql(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public'",
        database=name,
    ):
        out.setdefault(f"table:{table}", set()).add((column, kind, nullable))  # type: ignore[union-attr]
    for table, index, definition in sql(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        database=name,
    ):
        out[f"index:{table}:{index}"] = str(definition).replace(f'"{name}".', "")
    for table, definition in sql(
        "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f'",
        database=name,
    ):
        out.setdefault(f"fk:{table}", set()).add(definition)  # type: ignore[union-attr]
    return out


def test_a_new_firm_database_is_migrated_to_the_models_schema(
    postgres: object, firm_database: str, paths: DataPaths
) -> None:
    db = open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    try:
        assert isinstance(db, peewee.PostgresqlDatabase)
        assert schema_version() == migrations.latest_version()
        assert SchemaVersion.select().count() == migrations.latest_version()
    finally:
        close_database()
    assert not paths.database.exists(), "firm mode writes no SQLite ledger"
    reference = postgres.new_firm_database()
    db = postgres_connect(reference)
    with db.bind_ctx(ALL_MODELS):
        db.create_tables(ALL_MODELS)
    db.close()
    assert _schema(postgres, firm_database) == _schema(postgres, reference)


def postgres_connect(url: str) -> peewee.PostgresqlDatabase:
    db = pg.connect(url, FIRM_PASSWORD)
    db.connect()
    return db


def test_reopening_changes_nothing(firm_database: str, paths: DataPaths) -> None:
    open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    DossierRow.create(siret=SIRET, name="Démo SA")
    close_database()
    open_database(paths, url=firm_database, password=FIRM_PASSWORD, create=False)
    try:
        assert [d.siret for d in DossierRow.select()] == [SIRET]
        assert SchemaVersion.select().count() == migrations.latest_version()
    finally:
        close_database()


def test_statements_are_planned_for_their_own_values(firm_database: str, paths: DataPaths) -> None:
    """No statement is prepared on the server: a plan made once for any parameters sorted a
    whole dossier to show one Journal page (bench/bench_ledger_postgres.py --no-analyze)."""
    open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    try:
        for dossier_id in range(10):
            DB.execute_sql('SELECT COUNT(*) FROM "entry_line" WHERE dossier_id = %s', (dossier_id,))
        (prepared,) = DB.execute_sql("SELECT COUNT(*) FROM pg_prepared_statements").fetchone()
        assert prepared == 0
    finally:
        close_database()


def test_an_empty_database_without_create_is_refused(firm_database: str, paths: DataPaths) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=firm_database, password=FIRM_PASSWORD, create=False)
    assert info.value.title == "Base du cabinet vide"
    assert DB.obj is None


def test_a_newer_database_is_refused_and_left_alone(firm_database: str, paths: DataPaths) -> None:
    open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    newer = migrations.latest_version() + 1
    SchemaVersion.create(version=newer, app_version="9.9.9")
    close_database()
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    assert info.value.title == "Base de données d'une version plus récente"
    assert f"schéma {newer}" in info.value.message
    assert "cabinet-test" not in info.value.message
    db = postgres_connect(firm_database)
    assert db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == newer
    db.close()


def test_a_failing_migration_leaves_the_previous_schema_whole(
    firm_database: str, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's DDL is transactional: the half-done step disappears with its rollback."""
    open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    DossierRow.create(siret=SIRET, name="Démo SA")
    close_database()
    current = migrations.latest_version()

    def broken(db: peewee.Database, migrator: SchemaMigrator) -> None:
        db.execute_sql("CREATE TABLE half_done (x INTEGER)")
        db.execute_sql("DELETE FROM dossier")
        raise RuntimeError("boom")

    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, broken)
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    assert info.value.title == "Mise à jour de la base impossible"
    assert f"version {current + 1}" in info.value.message
    assert DB.obj is None
    monkeypatch.delitem(migrations.MIGRATIONS, current + 1)
    db = postgres_connect(firm_database)
    try:
        assert db.execute_sql("SELECT to_regclass('half_done')").fetchone()[0] is None
        assert db.execute_sql("SELECT COUNT(*) FROM dossier").fetchone()[0] == 1
        assert db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == current
    finally:
        db.close()


def test_a_database_of_another_application_is_refused(
    postgres: object, firm_database: str, paths: DataPaths
) -> None:
    name = firm_database.rsplit("/", 1)[1]
    postgres.sql("CREATE TABLE invoices (id INTEGER)", database=name)  # type: ignore[attr-defined]
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=firm_database, password=FIRM_PASSWORD)
    assert info.value.title == "Base PostgreSQL d'une autre application"
    assert DB.obj is None


def test_a_wrong_password_is_a_clear_refusal_that_shows_no_secret(
    firm_database: str, paths: DataPaths
) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=firm_database, password="not-the-password")
    assert info.value.title == "Connexion à la base du cabinet refusée"
    assert "not-the-password" not in str(info.value)
    assert DB.obj is None


def test_a_password_in_the_url_is_used_and_never_shown(
    postgres: object, firm_database: str, paths: DataPaths
) -> None:
    with_password = firm_database.replace("meg@", f"meg:{FIRM_PASSWORD}@")
    open_database(paths, url=with_password)
    close_database()
    missing = with_password.rsplit("/", 1)[0] + "/nowhere"
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=missing)
    assert info.value.title == "Base du cabinet introuvable"
    assert FIRM_PASSWORD not in str(info.value)
    assert pg.display_url(missing) == missing.replace(FIRM_PASSWORD, "***")


def test_an_unreachable_server_is_a_clear_error(paths: DataPaths) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=f"postgresql://meg@127.0.0.1:{port}/meg_inqom")
    assert info.value.title == "Base du cabinet injoignable"
    assert "réseau du cabinet" in info.value.message


@pytest.mark.parametrize(
    "url", ["mysql://meg@srv/compta", "postgresql://meg@srv", "srv-compta/meg_inqom"]
)
def test_an_address_that_is_not_postgresql_is_refused(url: str, paths: DataPaths) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(paths, url=url)
    assert info.value.title == "Adresse de la base du cabinet invalide"


def test_workstations_opening_a_new_database_at_once_migrate_it_once(
    firm_database: str, tmp_path: Path
) -> None:
    """Four processes open an empty firm database at the same moment: one migrates, the others
    wait for its advisory lock and find the schema current."""
    script = (
        "import sys, time\n"
        "from meg_inqom_desktop.store.database import open_database, close_database\n"
        "from meg_inqom_desktop.store.paths import resolve_data_paths\n"
        "start = float(sys.argv[3])\n"
        "time.sleep(max(0.0, start - time.time()))\n"
        "open_database(resolve_data_paths(sys.argv[1]), url=sys.argv[2], password=sys.argv[4])\n"
        "close_database()\n"
    )
    start = time.time() + 3
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                script,
                str(tmp_path / f"poste{n}"),
                firm_database,
                str(start),
                FIRM_PASSWORD,
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    db = postgres_connect(firm_database)
    rows = db.execute_sql("SELECT version FROM schema_version ORDER BY version").fetchall()
    db.close()
    assert [r[0] for r in rows] == list(range(1, migrations.latest_version() + 1))
