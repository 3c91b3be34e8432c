"""Open and close the ledger database: schema creation, backup then migration, error boundary.

:func:`open_database` binds the ``DB`` proxy to ``<data>/ledger.sqlite3`` (WAL), or to the
firm's PostgreSQL database when a URL is given (``store/postgres.py``). A new database gets
the current schema; an older SQLite file is first copied into ``<data>/backups`` with sqlite's
backup API, then migrated (``store/migrations.py``; on PostgreSQL each migration is one
transaction, DDL included); one written by a newer version of the app is refused before
anything is written to it. sqlite, psycopg and peewee errors become
:class:`~meg_inqom_desktop.errors.DatabaseError` here, with a French title and what to do
(:func:`convert_db_errors` is the one place that maps them; other store modules use it too).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import peewee

from meg_inqom_desktop import __version__
from meg_inqom_desktop.errors import DatabaseError
from meg_inqom_desktop.store import migrations, postgres
from meg_inqom_desktop.store.db import DB, SQLITE_PRAGMAS
from meg_inqom_desktop.store.models import SchemaVersion
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.store.permissions import create_private_file, secure_tree

_SCHEMA_TABLE = SchemaVersion._meta.table_name


def _bound_path() -> str | None:
    db = DB.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        return None  # its URL is given by whoever opened it (no password in messages)
    name = getattr(db, "database", None) if db is not None else None
    return name if isinstance(name, str) and name and name != ":memory:" else None


def _chain(exc: BaseException) -> str:
    """The error's text and those of the errors it was raised while handling: sqlite rolls a
    transaction back itself on a full disk, so the ROLLBACK that follows fails with « cannot
    rollback - no transaction is active », hiding the real cause."""
    texts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(texts) < 5:
        texts.append(str(seen).lower())
        seen = seen.__context__
    return " | ".join(texts)


def database_error(exc: BaseException, path: Path | str | None = None) -> DatabaseError:
    """The user-facing error for a sqlite/psycopg/peewee error (title + what to do)."""
    text = _chain(exc)
    path = path or _bound_path()
    where = f" ({path})" if path else ""
    if isinstance(DB.obj, peewee.PostgresqlDatabase) or str(path or "").startswith("postgres"):
        known = postgres.error_for(text, where)
        if known is not None:
            known.context.update(detail=str(exc))
            return known
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DatabaseError(
            "Fichier de base de données illisible",
            f"Le fichier de la base{where} n'est pas une base de l'application ou il est "
            "endommagé. Restaurez la dernière copie du dossier « backups » du dossier de "
            "données, ou déplacez ce fichier ailleurs pour repartir d'une base vide.",
            path=str(path or ""),
            detail=str(exc),
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            "Base de données occupée",
            f"La base{where} est utilisée par une autre instance de l'application ou par un "
            "autre programme. Fermez-la, attendez la fin de la synchronisation en cours, "
            "puis réessayez.",
            path=str(path or ""),
            detail=str(exc),
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            "Base de données en lecture seule",
            f"L'application ne peut pas écrire dans la base{where}. Vérifiez les droits sur le "
            "dossier de données, ou choisissez un autre dossier (--data-dir).",
            path=str(path or ""),
            detail=str(exc),
        )
    if "disk is full" in text or "disk i/o" in text:
        return DatabaseError(
            "Disque plein ou en erreur",
            f"L'écriture dans la base{where} a échoué : le disque est plein ou en erreur. "
            "Libérez de la place sur le disque du dossier de données, puis réessayez ; rien de "
            "ce qui était enregistré n'est perdu (l'opération interrompue n'a rien écrit).",
            path=str(path or ""),
            detail=str(exc),
        )
    if "unable to open" in text:
        return DatabaseError(
            "Base de données inaccessible",
            f"Impossible d'ouvrir la base{where}. Vérifiez que le dossier de données existe et "
            "que vous avez le droit d'y écrire.",
            path=str(path or ""),
            detail=str(exc),
        )
    return DatabaseError(
        "Base de données inutilisable",
        f"Erreur de la base{where} : {exc}. Relancez l'application ; si l'erreur revient, "
        "lancez « meg-inqom doctor » et transmettez son rapport au support.",
        path=str(path or ""),
        detail=str(exc),
    )


@contextlib.contextmanager
def convert_db_errors(path: Path | str | None = None) -> Iterator[None]:
    """Turn sqlite3/peewee errors raised inside the block into :class:`DatabaseError`."""
    try:
        yield
    except DatabaseError:
        raise
    except (sqlite3.Error, peewee.PeeweeException) as exc:
        raise database_error(exc, path) from exc


def _read_version(path: Path, timeout: float) -> tuple[int, bool]:
    """(schema version, has tables) of an existing file, read without writing anything."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with convert_db_errors(path):
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not tables:
                return 0, False
            if _SCHEMA_TABLE not in tables:
                raise DatabaseError(
                    "Fichier de base de données inconnu",
                    f"Le fichier {path} ne vient pas de cette application (aucune version de "
                    "schéma). Déplacez-le ailleurs ou choisissez un autre dossier de données "
                    "(--data-dir).",
                    path=str(path),
                )
            row = conn.execute(f'SELECT MAX(version) FROM "{_SCHEMA_TABLE}"').fetchone()
            return int(row[0] or 0), True
        finally:
            conn.close()


def backup_database(db: peewee.SqliteDatabase, backups: Path, version: int) -> Path:
    """Copy the open database into ``backups`` (sqlite backup API); returns the copy's path.

    Named ``ledger-v<version>-<UTC timestamp>.sqlite3``; written under a temporary name and
    renamed once complete, so an interrupted backup never looks like a good one.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"ledger-v{version}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = backups / f"ledger-v{version}-{stamp}-{n}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    try:
        backups.mkdir(parents=True, exist_ok=True)
        create_private_file(partial)
        dest = sqlite3.connect(partial)
        try:
            db.connection().backup(dest)
        finally:
            dest.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise DatabaseError(
            "Sauvegarde avant mise à jour impossible",
            f"La copie de la base dans {backups} a échoué ({exc}) ; la base n'a pas été "
            "modifiée. Libérez de la place sur le disque ou vérifiez les droits sur ce "
            "dossier, puis relancez l'application.",
            backups=str(backups),
        ) from exc
    return target


def _migrate(db: peewee.Database, current: int, backup: Path | None) -> None:
    """Apply every pending migration, each in its own transaction with its version row."""
    from playhouse.migrate import SchemaMigrator  # only when the schema changes

    migrator = SchemaMigrator.from_database(db)
    sqlite = isinstance(db, peewee.SqliteDatabase)
    if sqlite:  # table rebuilds must not cascade (sqlite's 12-step recipe)
        db.execute_sql("PRAGMA foreign_keys = 0")
    try:
        for version, func in migrations.pending(current):
            with db.atomic("IMMEDIATE") if sqlite else db.atomic():
                try:
                    func(db, migrator)
                except DatabaseError:
                    raise
                except Exception as exc:
                    saved = f" Une copie de la base d'avant est dans {backup}." if backup else ""
                    raise DatabaseError(
                        "Mise à jour de la base impossible",
                        f"La mise à jour de la base vers la version {version} a échoué ({exc}) ; "
                        f"la base est restée à la version précédente.{saved} Transmettez ce "
                        "message au support.",
                        version=version,
                        backup=str(backup or ""),
                    ) from exc
                SchemaVersion.insert(version=version, app_version=__version__).execute()
                problems = db.execute_sql("PRAGMA foreign_key_check").fetchall() if sqlite else []
                if problems:
                    raise DatabaseError(
                        "Migration de la base impossible",
                        f"La migration vers la version {version} casse des références "
                        f"({len(problems)}). Rien n'a été modifié par cette étape ; "
                        "transmettez ce message au support.",
                    )
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = 1")


def schema_version(db: peewee.Database | None = None) -> int:
    """The schema version recorded in the open database."""
    target = db or DB.obj
    row = target.execute_sql(f'SELECT MAX(version) FROM "{_SCHEMA_TABLE}"').fetchone()
    return int(row[0] or 0)


def open_database(
    paths: DataPaths,
    *,
    create: bool = True,
    busy_timeout: float = 10.0,
    url: str | None = None,
    password: str | None = None,
) -> peewee.Database:
    """Open the ledger of ``paths`` (or the PostgreSQL database at ``url``) and bind the ``DB``
    proxy to it; see the module docstring.

    Raises :class:`DatabaseError` when the database is missing (``create=False``), unreadable,
    unreachable, locked, read-only where a write is needed, or written by a newer version of
    the app.
    """
    close_database()
    if url:
        return _open_postgres(postgres.check_url(url), password, create)
    path = paths.database
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(
            "Base de données introuvable",
            f"Aucune base dans {path.parent}. Vérifiez le dossier de données (--data-dir ou "
            "MEG_INQOM_DATA_DIR), ou lancez l'application une première fois pour la créer.",
            path=str(path),
        )
    current, has_tables = _read_version(path, busy_timeout) if exists else (0, False)
    latest = migrations.latest_version()
    if current > latest:
        raise DatabaseError(
            "Base de données d'une version plus récente",
            f"La base {path} a été écrite par une version plus récente de l'application "
            f"(schéma {current}, cette version connaît le schéma {latest}). Installez la "
            "dernière version de l'application pour l'ouvrir ; la base n'a pas été modifiée.",
            path=str(path),
            version=current,
            supported=latest,
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(path)  # sqlite gives its -wal and -shm files the same access
        if exists:
            secure_tree(path)  # an older version's ledger readable by others: not any more
    except OSError as exc:
        raise database_error(sqlite3.OperationalError(f"unable to open: {exc}"), path) from exc
    pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(busy_timeout * 1000)}
    db = peewee.SqliteDatabase(
        str(path), pragmas=pragmas, check_same_thread=False, timeout=busy_timeout
    )
    with convert_db_errors(path):
        try:
            db.connect()
            DB.initialize(db)
            if current < latest:
                backup = backup_database(db, paths.backups, current) if has_tables else None
                _migrate(db, current, backup)
        except BaseException:
            close_database()
            raise
    return db


def _open_postgres(url: str, password: str | None, create: bool) -> peewee.Database:
    shown = postgres.display_url(url)
    db = postgres.connect(url, password)
    with convert_db_errors(shown):
        try:
            db.connect()
            DB.initialize(db)
            current, has_tables = postgres.schema_version(db)
            latest = migrations.latest_version()
            if current > latest:
                raise DatabaseError(
                    "Base de données d'une version plus récente",
                    f"La base du cabinet {shown} a été écrite par une version plus récente de "
                    f"l'application (schéma {current}, cette version connaît le schéma "
                    f"{latest}). Installez la dernière version de l'application sur ce poste ; "
                    "la base n'a pas été modifiée.",
                    version=current,
                    supported=latest,
                )
            if not has_tables and not create:
                raise DatabaseError(
                    "Base du cabinet vide",
                    f"La base {shown} ne contient pas encore le grand livre. Lancez "
                    "l'application une première fois avec cette adresse pour la préparer.",
                )
            if current < latest:
                # several workstations may open a new firm database at once: one migrates,
                # the others wait for it and find nothing pending
                with postgres.advisory_lock(db, postgres.LOCK_MIGRATION):
                    current, _ = postgres.schema_version(db)
                    _migrate(db, current, None)
        except BaseException:
            close_database()
            raise
    return db


def close_database() -> None:
    """Close the database bound to ``DB`` (if any) and unbind the proxy."""
    db = DB.obj
    if db is None:
        return
    with contextlib.suppress(sqlite3.Error, peewee.PeeweeException):
        if not db.is_closed():
            if isinstance(db, peewee.SqliteDatabase):
                # keep the planner's statistics fresh (sqlite's advice), bounded in time
                db.execute_sql("PRAGMA analysis_limit = 400")
                db.execute_sql("PRAGMA optimize")
            db.close()
    DB.initialize(None)


@contextlib.contextmanager
def database(paths: DataPaths, *, create: bool = True) -> Iterator[peewee.Database]:
    """``with database(paths) as db:`` opens, yields, and closes the ledger."""
    db = open_database(paths, create=create)
    try:
        yield db
    finally:
        close_database()
