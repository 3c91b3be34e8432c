"""The support report: what the accountant copies and sends when something goes wrong.

Plain text: app version, how it was installed, OS, Python and Qt versions, the dossiers' SIRETs,
the error and its traceback (if any) and the last log lines. Nothing secret or personal beyond
the SIRET: tokens and ``Authorization`` values are masked (``net/redact.py``), e-mail addresses
are masked, and the user's home folder and login name are replaced by ``~`` / ``<utilisateur>``.
Built without Qt (the GUI passes its Qt versions in); the error dialog and ``meg-inqom doctor``
both use it.
"""

from __future__ import annotations

import getpass
import platform
import re
import sqlite3
import sys
import traceback
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from meg_inqom_desktop import __version__
from meg_inqom_desktop.app.logging_setup import last_log_lines
from meg_inqom_desktop.net.redact import redact
from meg_inqom_desktop.store.paths import DataPaths

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
EMAIL_MASK = "<e-mail>"
USER_MASK = "<utilisateur>"


def _personal_markers() -> list[tuple[str, str]]:
    """(text, replacement) pairs that would identify the person: home folder, login name."""
    markers: list[tuple[str, str]] = []
    home = str(Path.home())
    if len(home) > 1:
        markers.append((home, "~"))
        markers.append((home.replace("\\", "/"), "~"))
    try:
        user = getpass.getuser()
    except Exception:  # no login name available (service accounts, containers)
        user = ""
    if len(user) >= 3:
        markers.append((user, USER_MASK))
    return markers


def scrub(text: str) -> str:
    """``text`` without tokens, e-mail addresses, home folder or login name."""
    text = redact(text)
    text = EMAIL.sub(EMAIL_MASK, text)
    for marker, replacement in _personal_markers():
        if replacement == USER_MASK:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(marker)}(?![A-Za-z0-9])", USER_MASK, text)
        else:
            text = text.replace(marker, replacement)
    return text


def install_kind() -> str:
    """How this copy runs: PyInstaller bundle, installed package, or source tree."""
    if getattr(sys, "frozen", False):
        return "application empaquetée"
    if "site-packages" in Path(__file__).as_posix():
        return "paquet Python installé"
    return "arborescence source"


def dossier_sirets(paths: DataPaths) -> list[str]:
    """The SIRETs of the dossiers in the ledger, read-only; empty if there is no readable base."""
    if not paths.database.exists():
        return []
    try:
        conn = sqlite3.connect(f"{paths.database.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            rows = conn.execute("SELECT siret FROM dossier ORDER BY siret").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [str(row[0]) for row in rows]


def format_exception(error: BaseException) -> str:
    """The exception with its traceback, as Python prints it."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip()


def build_report(
    paths: DataPaths,
    *,
    error: BaseException | None = None,
    error_text: str | None = None,
    versions: Mapping[str, str] | None = None,
    sirets: Iterable[str] | None = None,
    process: str = "gui",
    log_lines: int = 60,
    now: datetime | None = None,
) -> str:
    """The report text; ``versions`` adds lines such as ``{"Qt": "6.12.0"}``."""
    now = now or datetime.now(UTC)
    lines = [
        "=== Rapport meg-inqom-desktop ===",
        f"Date (UTC) : {now.strftime('%Y-%m-%d %H:%M:%S')}",
        f"Version : {__version__} ({install_kind()})",
        f"Système : {platform.platform()} ({platform.machine()})",
        f"Python : {platform.python_version()} ({platform.python_implementation()})",
    ]
    for name, value in (versions or {}).items():
        lines.append(f"{name} : {value}")
    lines.append(f"Dossier de données : {paths.root}")
    lines.append(f"Journaux : {paths.logs}")
    sirets = list(sirets) if sirets is not None else dossier_sirets(paths)
    lines.append(f"Dossiers (SIRET) : {', '.join(sirets) if sirets else 'aucun'}")
    if error is not None or error_text:
        lines.append("")
        lines.append("--- Erreur ---")
        if error is not None:
            title = getattr(error, "title", None)
            message = getattr(error, "message", None)
            if title:
                lines.append(f"{title} : {message or ''}".rstrip(" :"))
            lines.append(format_exception(error))
        if error_text:
            lines.append(error_text)
    tail = last_log_lines(paths, process, log_lines)
    lines.append("")
    lines.append(f"--- {len(tail)} dernières lignes du journal ({process}.log) ---")
    lines.extend(tail if tail else ["(journal vide)"])
    return scrub("\n".join(lines)) + "\n"
