"""Look for secrets at rest: every file under a data folder (database, settings, pièces, logs),
the database's SQL dump and the support (crash) report.

The secrets are what the sandbox handed out (access, refresh and id tokens), the client
secret and the passwords given: ``leaks(folder, secrets)`` lists where any of them shows.
Tokens are found by their shape first (one regular expression pass per file), so thousands of
them cost no more than a few. Import it as ``from secret_scan import ...`` (like ``waiting``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# what the sandbox's tokens look like: opaque (meg_at_…, inq_rt_…) or JWTs
TOKEN_SHAPES = re.compile(
    rb"(?:meg|inq)_(?:at|rt)_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"
)


def sandbox_secrets(stores: Iterable[Any]) -> set[str]:
    """Every token the sandbox's identity servers (``state.meg_oauth``, ``state.inqom_oauth``)
    issued, the client secret, and the users' passwords long enough to be looked for (« demo »
    also names the demo firm's domain)."""
    from meg_inqom_desktop.sandbox.oauth import CLIENT_SECRET

    found = {CLIENT_SECRET}
    for store in stores:
        found |= set(store.tokens) | set(store.id_tokens)
        found |= {p for p in store.users.values() if len(p) >= 8}
    return found


def data_folders(root: Path) -> Iterator[Path]:
    """The data folders under ``root``: the folders holding a ledger database or settings."""
    seen = set()
    # a workstation's ledger, or a firm database's workstation (settings, logs, pièce copies)
    for marker in (*root.rglob("ledger.sqlite3"), *root.rglob("settings.json")):
        if marker.parent not in seen:
            seen.add(marker.parent)
            yield marker.parent


def _texts(folder: Path) -> Iterator[tuple[str, bytes]]:
    from meg_inqom_desktop.app.support_report import build_report
    from meg_inqom_desktop.store.paths import resolve_data_paths

    for file in folder.rglob("*"):
        if file.is_file():
            yield str(file), file.read_bytes()
    database = folder / "ledger.sqlite3"
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        try:
            yield f"{database} (dump)", "\n".join(conn.iterdump()).encode()
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    for process in ("gui", "service", "cli"):
        report = build_report(resolve_data_paths(folder), process=process)
        yield f"{folder} (support report, {process})", report.encode()


def leaks(folder: Path, secrets: Iterable[str]) -> list[str]:
    """Where (file, dump or report) any of ``secrets`` shows under the data folder ``folder``."""
    wanted = {s.encode() for s in secrets if s}
    tokens = {s for s in wanted if TOKEN_SHAPES.fullmatch(s)}
    others = wanted - tokens
    found = []
    for where, data in _texts(folder):
        if set(TOKEN_SHAPES.findall(data)) & tokens or any(s in data for s in others):
            found.append(where)
    return found
