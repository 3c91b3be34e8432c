"""The firm's shared ledger on PostgreSQL: where it is, opening it, what its errors mean.

A firm points every workstation and its sync service at one PostgreSQL database with a URL
(``postgresql://meg@srv-compta/meg_inqom``): the global option ``--database`` of both programs,
else the environment variable ``MEG_INQOM_DATABASE``, else Paramètres → « Base du cabinet ».
Without one, each data folder keeps its own SQLite ledger. The password is never in the
settings: it comes from the URL, from libpq's own ``.pgpass`` / service file, or from the OS
keyring (given by the caller). The driver is psycopg 3, through peewee.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import peewee

from meg_inqom_desktop.errors import DatabaseError

ENV_DATABASE = "MEG_INQOM_DATABASE"

# Advisory lock keys (class, object): the class names what is locked, the object which one.
LOCK_MIGRATION = (0x4D45, 0)  # the schema, while one process migrates it
SCHEMES = ("postgresql", "postgres")


def database_url(explicit: str | None = None, configured: str = "") -> str | None:
    """The PostgreSQL URL to use: ``explicit`` (``--database``), else the environment
    variable, else the configured one (settings); None: the data folder's SQLite ledger."""
    for candidate in (explicit, os.environ.get(ENV_DATABASE), configured):
        if candidate and candidate.strip():
            return check_url(candidate.strip())
    return None


def check_url(url: str) -> str:
    """``url`` if it names a PostgreSQL database, else :class:`DatabaseError` saying how."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.path.strip("/"):
        raise DatabaseError(
            "Adresse de la base du cabinet invalide",
            f"« {display_url(url)} » n'est pas l'adresse d'une base PostgreSQL. Exemple : "
            "postgresql://utilisateur@serveur/meg_inqom (le mot de passe peut venir du fichier "
            ".pgpass ou du trousseau du système).",
            url=display_url(url),
        )
    return url


def display_url(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def keyring_key(url: str) -> str:
    """The keyring entry of the database's password: ``user@host:port/database``."""
    parts = urlsplit(url)
    return f"{parts.username or ''}@{parts.hostname or ''}:{parts.port or 5432}{parts.path}"


# psycopg prepares a statement on the server after its 5th run, and PostgreSQL may then plan it
# once for any parameters: a Journal page planned for an unknown dossier and LIMIT sorted the
# whole dossier (1.7 s instead of 1 ms on a million lines, bench_ledger_postgres.py
# --no-analyze). Unprepared, every statement is planned for its own values (~0.2 ms).
CONNECT_OPTIONS: dict[str, Any] = {"connect_timeout": 10, "prepare_threshold": None}


def connect(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """A peewee database on ``url`` (psycopg 3), not yet connected."""
    firm_database = _database_class()
    if password and urlsplit(url).password is None:
        return firm_database(url, password=password, **CONNECT_OPTIONS)
    return firm_database(url, **CONNECT_OPTIONS)


def driver() -> ModuleType:
    """psycopg 3, imported on first need: the package keeps it out of the processes that do
    not use a firm database (``meg_inqom_desktop/__init__.py``)."""
    if "psycopg" in sys.modules and sys.modules["psycopg"] is None:
        del sys.modules["psycopg"]
    return importlib.import_module("psycopg")


@functools.cache
def _database_class() -> type[peewee.PostgresqlDatabase]:
    """peewee's PostgreSQL database with an adapter bound to the psycopg imported here: peewee
    itself was imported without the driver, so its own adapter has none."""
    psycopg = driver()
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    class Adapter(peewee.Psycopg3Adapter):
        txn_idle = TransactionStatus.IDLE
        txn_inerror = TransactionStatus.INERROR
        txn_unknown = TransactionStatus.UNKNOWN

        def __init__(self) -> None:
            super().__init__()
            self.json_type, self.jsonb_type = Json, Jsonb

        def check_driver(self) -> None:
            return None

        def get_binary_type(self) -> Any:
            return psycopg.Binary

        def connect(self, db: peewee.PostgresqlDatabase, **params: Any) -> Any:
            if str(db.database).startswith(tuple(f"{s}://" for s in SCHEMES)):
                params.setdefault("conninfo", db.database)
            else:
                params.setdefault("dbname", db.database)
            return psycopg.connect(**params)

        def server_side_cursor(self, conn: Any) -> Any:
            in_transaction = conn.pgconn.transaction_status == TransactionStatus.INTRANS
            return conn.cursor(name=str(uuid.uuid1()), withhold=not in_transaction)

    class FirmDatabase(peewee.PostgresqlDatabase):
        psycopg2_adapter = psycopg3_adapter = Adapter

    return FirmDatabase


@contextlib.contextmanager
def advisory_lock(db: peewee.Database, key: tuple[int, int]) -> Iterator[None]:
    """Hold the session-level advisory lock ``key`` for the block (waits for it)."""
    db.execute_sql("SELECT pg_advisory_lock(%s, %s)", key)
    try:
        yield
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s, %s)", key)


def schema_version(db: peewee.Database) -> tuple[int, bool]:
    """(schema version, has tables) of an open PostgreSQL database."""
    present = db.execute_sql("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not present:
        other = db.execute_sql(
            "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        ).fetchone()[0]
        if other:
            raise DatabaseError(
                "Base PostgreSQL d'une autre application",
                "La base indiquée contient déjà des tables qui ne viennent pas de cette "
                "application (aucune version de schéma). Indiquez une base vide ou celle du "
                "cabinet.",
            )
        return 0, False
    row = db.execute_sql('SELECT MAX(version) FROM "schema_version"').fetchone()
    return int(row[0] or 0), True


def error_for(text: str, where: str) -> DatabaseError | None:
    """The French error for a PostgreSQL failure, or None if it is not one we know."""
    if "password authentication failed" in text or "no password supplied" in text:
        return DatabaseError(
            "Connexion à la base du cabinet refusée",
            f"Le serveur PostgreSQL{where} refuse l'identifiant ou le mot de passe. Vérifiez "
            "l'utilisateur de l'adresse, puis le mot de passe (fichier .pgpass, trousseau du "
            "système, ou Paramètres → « Base du cabinet »).",
        )
    if "does not exist" in text and "database" in text:
        return DatabaseError(
            "Base du cabinet introuvable",
            f"Le serveur PostgreSQL{where} ne connaît pas cette base. Demandez à "
            "l'informatique du cabinet de la créer (CREATE DATABASE), ou corrigez l'adresse.",
        )
    if (
        "could not connect" in text
        or "connection refused" in text
        or "connection failed" in text
        or "timeout expired" in text
        or "could not translate host name" in text
    ):
        return DatabaseError(
            "Base du cabinet injoignable",
            f"Le serveur PostgreSQL{where} ne répond pas. Vérifiez que le poste est sur le "
            "réseau du cabinet et que le serveur est démarré ; le grand livre reste tel quel.",
        )
    if "permission denied" in text:
        return DatabaseError(
            "Droits insuffisants sur la base du cabinet",
            f"L'utilisateur PostgreSQL{where} n'a pas les droits nécessaires (lecture, "
            "écriture, création des tables). Voyez avec l'informatique du cabinet.",
        )
    return None
