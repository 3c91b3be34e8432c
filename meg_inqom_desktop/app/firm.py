"""Firm mode: which ledger database a process uses, its password, and the connection test.

Without a firm database each data folder keeps its own SQLite ledger. With one, every
workstation and the firm's sync service share a PostgreSQL database, named by a URL (from
``--database``, else ``MEG_INQOM_DATABASE``, else Paramètres → « Base du cabinet »; see
``store/postgres.py``). The URL kept in the settings never holds a password: the password is
in the URL given on the command line, in libpq's ``.pgpass`` or service file, or in the OS
keyring under the URL's ``user@host:port/database``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import keyring
import keyring.errors

from meg_inqom_desktop.errors import CredentialStoreUnavailable, DatabaseError
from meg_inqom_desktop.store import migrations, postgres

log = logging.getLogger(__name__)

KEYRING_SERVICE = "meg-inqom-desktop/database"


def stored_password(url: str) -> str | None:
    """The password the keyring keeps for the database of ``url`` (None: none kept, or no
    usable keyring: libpq's own files may still provide one)."""
    if urlsplit(url).password is not None:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, postgres.keyring_key(url))
    except keyring.errors.KeyringError as exc:
        log.warning("keyring unavailable for the database password: %s", exc)
        return None


def store_password(url: str, password: str) -> None:
    """Keep (or, when empty, forget) the database password in the OS keyring."""
    key = postgres.keyring_key(url)
    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, key, password)
        else:
            try:
                keyring.delete_password(KEYRING_SERVICE, key)
            except keyring.errors.PasswordDeleteError:
                pass
    except keyring.errors.KeyringError as exc:
        raise CredentialStoreUnavailable(
            message="Le mot de passe de la base du cabinet n'a pas pu être gardé dans le "
            "trousseau du système. Activez le trousseau, ou mettez le mot de passe dans le "
            "fichier .pgpass de ce poste.",
            detail=str(exc),
        ) from exc


def settings_url(url: str) -> str:
    """The URL as the settings may keep it: checked, stripped, without a password."""
    url = url.strip()
    if not url:
        return ""
    checked = postgres.check_url(url)
    if urlsplit(checked).password is not None:
        raise DatabaseError(
            "Mot de passe dans l'adresse",
            "Les paramètres ne gardent jamais de mot de passe : retirez-le de l'adresse et "
            "saisissez-le dans le champ « Mot de passe » (il ira dans le trousseau du système).",
        )
    return checked


@dataclass(frozen=True)
class ConnectionCheck:
    """What a connection test found (``ok``: usable by this version)."""

    ok: bool
    title: str
    message: str
    server: str = ""  # "PostgreSQL 16.2"
    schema: int = 0  # 0: empty database, prepared at first opening
    dossiers: int = 0
    sirets: tuple[str, ...] = ()  # the dossiers' SIRETs
    needed: dict[str, int] | None = None  # active dossiers needing MEG, and Inqom (doctor)


def check_connection(url: str, password: str | None) -> ConnectionCheck:
    """Connect to ``url`` apart from the open ledger, read the server and schema versions and
    the number of dossiers; never writes. Blocks up to the connection timeout."""
    shown = postgres.display_url(url)
    try:
        db = postgres.connect(postgres.check_url(url), password)
        try:
            db.connect()
        except Exception as exc:
            raise postgres.error_for(str(exc), f" ({shown})") or DatabaseError(
                "Base du cabinet inutilisable", f"{shown} : {exc}"
            ) from exc
        try:
            server = db.execute_sql("SHOW server_version").fetchone()[0]
            schema, has_tables = postgres.schema_version(db)
            rows: list[tuple[str, bool, bool]] = []
            if has_tables and schema:
                rows = db.execute_sql(
                    "SELECT siret, active, inqom_folder_id IS NOT NULL AND NOT local_only "
                    'FROM "dossier"'
                ).fetchall()
        finally:
            db.close()
    except DatabaseError as exc:
        return ConnectionCheck(False, exc.title, exc.message)
    latest = migrations.latest_version()
    label = f"PostgreSQL {str(server).split()[0]}"
    dossiers = len(rows)
    sirets = tuple(sorted(str(r[0]) for r in rows))
    needed = {"meg": sum(1 for r in rows if r[1]), "inqom": sum(1 for r in rows if r[1] and r[2])}
    if schema > latest:
        return ConnectionCheck(
            False,
            "Base d'une version plus récente",
            f"{label} joint, mais la base a été écrite par une version plus récente de "
            "l'application : installez-la sur ce poste.",
            label,
            schema,
            dossiers,
        )
    if not schema:
        message = f"{label} joint. La base est vide : elle sera préparée à la première ouverture."
    else:
        message = f"{label} joint. Grand livre du cabinet : {dossiers} dossier(s)."
    return ConnectionCheck(
        True, "Connexion réussie", message, label, schema, dossiers, sirets, needed
    )
