"""Health checks behind ``meg-inqom doctor`` (and a future « Diagnostic » in the Help menu).

Each check returns a :class:`CheckResult`: a status (``ok``, ``warn``, ``fail``), what was
found, and for anything not ok what to do, in French for the firm's IT person. Only ``fail``
makes the doctor exit with 1. Nothing here changes the database: it is read through a
read-only SQLite connection. No Qt.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import sys
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit, urlunsplit

import keyring

from meg_inqom_desktop.errors import DataFolderUnusable
from meg_inqom_desktop.store.paths import DataPaths

if TYPE_CHECKING:
    from meg_inqom_desktop.app.firm import ConnectionCheck

Status = Literal["ok", "warn", "fail"]
MIN_FREE_BYTES = 500 * 1024 * 1024
LOW_FREE_BYTES = 2 * 1024 * 1024 * 1024
PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


@dataclass(frozen=True)
class CheckResult:
    key: str
    label: str
    status: Status
    detail: str
    fix: str = ""

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def _ok(key: str, label: str, detail: str) -> CheckResult:
    return CheckResult(key, label, "ok", detail)


# --- keyring ---------------------------------------------------------------------------------


def check_keyring() -> CheckResult:
    label = "Trousseau du système"
    from meg_inqom_desktop.net.credentials import CredentialStore  # keyring policy lives there

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    try:
        CredentialStore().check()
    except Exception as exc:
        message = getattr(exc, "message", "") or str(exc)
        return CheckResult(
            "keyring",
            label,
            "fail",
            f"aucun trousseau utilisable ({name})",
            message
            or "Activez le trousseau du système (Linux : GNOME Keyring ou KWallet), puis relancez.",
        )
    return _ok("keyring", label, name)


# --- data folder, disk -----------------------------------------------------------------------


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_data_folder(paths: DataPaths) -> CheckResult:
    label = "Dossier de données"
    try:
        paths.ensure()
        probe = paths.root / f".doctor-{uuid.uuid4().hex}.tmp"
        probe.write_bytes(b"ok")
        probe.unlink()
        paths.logs.mkdir(parents=True, exist_ok=True)
        log_probe = paths.logs / f".doctor-{uuid.uuid4().hex}.tmp"
        log_probe.write_bytes(b"ok")
        log_probe.unlink()
    except OSError as exc:
        return CheckResult(
            "data_folder",
            label,
            "fail",
            f"{paths.root} : écriture impossible ({exc.strerror or exc})",
            "Donnez à l'utilisateur le droit d'écrire dans ce dossier, ou choisissez-en un autre "
            "avec --data-dir ou la variable MEG_INQOM_DATA_DIR.",
        )
    except DataFolderUnusable as exc:  # what ensure() found, said with what to do
        return CheckResult("data_folder", label, "fail", f"{paths.root}", exc.message)
    return _ok("data_folder", label, f"{paths.root} (journaux : {paths.logs})")


def check_disk_space(paths: DataPaths, minimum: int = MIN_FREE_BYTES) -> CheckResult:
    label = "Espace disque"
    usage = shutil.disk_usage(_existing_parent(paths.root))
    free_mb = usage.free // (1024 * 1024)
    detail = f"{free_mb:,} Mo libres".replace(",", " ")
    if usage.free < minimum:
        return CheckResult(
            "disk",
            label,
            "fail",
            detail,
            f"Libérez de la place (au moins {minimum // (1024 * 1024)} Mo) sur le disque du "
            "dossier de données : les pièces et les copies de sauvegarde y sont écrites.",
        )
    if usage.free < LOW_FREE_BYTES:
        return CheckResult(
            "disk", label, "warn", detail, "Peu de place : prévoyez de libérer de l'espace."
        )
    return _ok("disk", label, detail)


# --- database --------------------------------------------------------------------------------


def check_database(paths: DataPaths) -> CheckResult:
    """``PRAGMA integrity_check`` and the schema version, through a read-only connection."""
    from meg_inqom_desktop.store.migrations import latest_version
    from meg_inqom_desktop.store.models import SchemaVersion

    label = "Base de données"
    path = paths.database
    if not path.exists() or path.stat().st_size == 0:
        return CheckResult(
            "database",
            label,
            "warn",
            f"pas encore de base ({path})",
            "Normal avant la première configuration : l'application la crée au premier lancement.",
        )
    latest = latest_version()
    table = SchemaVersion._meta.table_name
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            version = None
            if table in tables:
                row = conn.execute(f'SELECT MAX(version) FROM "{table}"').fetchone()
                version = int(row[0] or 0)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return CheckResult(
            "database",
            label,
            "fail",
            f"{path} illisible ({exc})",
            "Fermez l'application et réessayez. Si l'erreur reste, restaurez la dernière copie "
            f"du dossier {paths.backups} (renommée en {path.name}).",
        )
    if rows != ["ok"]:
        return CheckResult(
            "database",
            label,
            "fail",
            f"intégrité : {'; '.join(rows[:3])}",
            "La base est endommagée. Fermez l'application, mettez ce fichier de côté et "
            f"restaurez la dernière copie du dossier {paths.backups} ; contactez le support.",
        )
    if version is None:
        return CheckResult(
            "database",
            label,
            "fail",
            f"{path} n'est pas une base de l'application (pas de version de schéma)",
            "Déplacez ce fichier ailleurs ou choisissez un autre dossier de données.",
        )
    if version > latest:
        return CheckResult(
            "database",
            label,
            "fail",
            f"schéma {version}, plus récent que celui de cette version ({latest})",
            "Installez la dernière version de l'application : celle-ci refusera d'ouvrir la base "
            "(elle n'est jamais modifiée).",
        )
    if version < latest:
        return CheckResult(
            "database",
            label,
            "warn",
            f"intégrité ok, schéma {version} (à jour : {latest})",
            "La base sera mise à jour au prochain lancement, après une copie dans "
            f"{paths.backups}.",
        )
    return _ok("database", label, f"intégrité ok, schéma {version}")


# --- authorizations, Inqom client ------------------------------------------------------------


def services_needed(paths: DataPaths) -> dict[str, int]:
    """How many active dossiers need MEG, and Inqom, read-only ({} without a base)."""
    if not paths.database.exists():
        return {}
    try:
        conn = sqlite3.connect(f"{paths.database.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            meg, inqom = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(inqom_folder_id IS NOT NULL AND NOT local_only), 0)"
                " FROM dossier WHERE active"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    return {"meg": int(meg), "inqom": int(inqom)}


def check_firm_database(check: ConnectionCheck) -> CheckResult:
    """The firm's PostgreSQL ledger, as a connection test found it (``app/firm``)."""
    label = "Base du cabinet"
    if not check.ok:
        return CheckResult("database", label, "fail", check.title, check.message)
    return _ok("database", label, check.message)


def check_authorizations(
    paths: DataPaths, firm: ConnectionCheck | None = None
) -> list[CheckResult]:
    """The sign-ins the syncs of this data folder (or of the firm database ``firm`` found)
    need, in this account's keyring."""
    from meg_inqom_desktop.app.accounts import describe, sign_in_problems
    from meg_inqom_desktop.app.support_report import dossier_sirets
    from meg_inqom_desktop.net.credentials import SERVICES, CredentialStore

    label = "Connexions MEG et Inqom"
    store = CredentialStore()
    try:
        sirets = list(firm.sirets) if firm is not None else dossier_sirets(paths)
        for service in SERVICES:
            store.migrate_per_siret(service, sirets)
        infos = describe(store, {})
    except Exception as exc:  # no keyring: said by check_keyring
        return [CheckResult("authorizations", label, "warn", f"illisibles ({exc})")]
    needed = (firm.needed or {}) if firm is not None else services_needed(paths)
    problems = sign_in_problems(infos, needed)
    if not problems:
        shown = ", ".join(f"{i.label} : {i.account}" for i in infos) or "aucune (aucun dossier)"
        return [_ok("authorizations", label, shown)]
    return [
        CheckResult(f"authorizations_{n}", label, status, what, fix)  # type: ignore[arg-type]
        for n, (status, what, fix) in enumerate(problems)
    ]


def check_inqom_client(paths: DataPaths) -> CheckResult:
    """The Inqom environment and API client in force (never the secret itself)."""
    from meg_inqom_desktop.app.installation import inqom_installation
    from meg_inqom_desktop.app.settings import Settings, load_settings
    from meg_inqom_desktop.net.credentials import CredentialStore

    label = "Application Inqom"
    try:
        settings = load_settings(paths.settings)
    except OSError:  # an unreadable data folder is reported by check_data_folder
        settings = Settings()
    found = inqom_installation(settings)
    try:
        kept = CredentialStore().client_secret("inqom") is not None
    except Exception:  # no keyring: said by check_keyring
        kept = False
    secret = found.secret_source or ("trousseau (Paramètres)" if kept else "aucun (client public)")
    detail = (
        f"{found.environment} ({found.environment_source}), identifiant client "
        f"« {found.client_id} » ({found.client_id_source}), secret : {secret}"
    )
    if found.deployment_problem:
        return CheckResult(
            "inqom_client",
            label,
            "warn",
            f"{detail} ; {found.deployment_problem}",
            "Corrigez le fichier de déploiement (docs/INSTALL.md) ou retirez-le.",
        )
    return _ok("inqom_client", label, detail)


# --- proxy, network --------------------------------------------------------------------------


def mask_url_password(url: str) -> str:
    """``http://user:secret@proxy:3128`` → ``http://user:***@proxy:3128``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _proxy_problem(url: str) -> str | None:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https", "socks5", "socks5h"):
        return f"schéma « {parts.scheme} » non pris en charge"
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return "port invalide"
    if not parts.hostname:
        return "hôte manquant"
    return None


def check_proxy(settings_proxy: str = "") -> CheckResult:
    label = "Proxy"
    found: list[tuple[str, str]] = []
    if settings_proxy:
        found.append(("réglages de l'application", settings_proxy))
    for var in PROXY_VARS:
        if os.environ.get(var):
            found.append((var, os.environ[var]))
    system = urllib.request.getproxies()  # environment, Windows registry, macOS settings
    for scheme, url in sorted(system.items()):
        if scheme in ("http", "https") and not any(url == u for _, u in found):
            found.append((f"système ({scheme})", url))
    no_proxy = os.environ.get("NO_PROXY") or os.environ.get("no_proxy") or ""
    if not found:
        return _ok("proxy", label, "aucun (connexion directe)")
    problems = [(src, url, p) for src, url in found if (p := _proxy_problem(url))]
    shown = ", ".join(f"{src} = {mask_url_password(url)}" for src, url in found)
    if no_proxy:
        shown += f" ; NO_PROXY = {no_proxy}"
    if problems:
        src, url, problem = problems[0]
        return CheckResult(
            "proxy",
            label,
            "fail",
            shown,
            f"Proxy de {src} invalide ({problem}) : corrigez-le au format "
            "http://hote:port (Réglages → Proxy, ou la variable d'environnement).",
        )
    return _ok("proxy", label, shown)


async def _probe(url: str, proxy: str | None, timeout: float) -> str | None:
    """None when the host answered (any HTTP status), else the reason it did not."""
    import httpx2

    from meg_inqom_desktop.net.http import HttpSettings, build_client

    settings = HttpSettings(
        connect_timeout=timeout, read_timeout=timeout, pool_timeout=timeout, proxy=proxy or None
    )
    try:
        async with build_client(settings) as client:
            await client.get(url)
    except httpx2.ProxyError as exc:
        return f"proxy : {exc}"
    except httpx2.TimeoutException:
        return f"pas de réponse en {timeout:g} s"
    except httpx2.ConnectError as exc:
        text = str(exc)
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            return f"certificat refusé ({text})"
        return f"connexion impossible ({text or type(exc).__name__})"
    except httpx2.HTTPError as exc:
        return f"{type(exc).__name__} : {exc}"
    return None


def _reach_fix(name: str, reason: str) -> str:
    if reason.startswith("certificat"):
        return (
            f"Le certificat de {name} n'est pas reconnu : un proxy qui inspecte le TLS doit avoir "
            "son certificat racine installé dans le magasin de certificats du système."
        )
    if reason.startswith("proxy"):
        return "Vérifiez l'adresse du proxy et ses identifiants (Réglages → Proxy)."
    return (
        f"Vérifiez l'accès à Internet et que le pare-feu ou le proxy autorise {name} "
        "(HTTPS, port 443)."
    )


def check_hosts(
    hosts: Iterable[tuple[str, str]], proxy: str = "", timeout: float = 8.0
) -> list[CheckResult]:
    """Reachability of each ``(name, base URL)``, probed concurrently."""
    hosts = list(hosts)

    async def run() -> list[str | None]:
        return list(await asyncio.gather(*(_probe(url, proxy, timeout) for _, url in hosts)))

    reasons = asyncio.run(run())
    results = []
    for (name, url), reason in zip(hosts, reasons, strict=True):
        origin = urlunsplit((*urlsplit(url)[:2], "", "", ""))
        label = f"Accès à {name}"
        key = f"reach_{name.lower()}"
        if reason is None:
            results.append(_ok(key, label, f"{origin} répond"))
        else:
            results.append(
                CheckResult(key, label, "fail", f"{origin} : {reason}", _reach_fix(name, reason))
            )
    return results


def platform_summary() -> str:
    return f"{sys.platform}, Python {sys.version.split()[0]}"
