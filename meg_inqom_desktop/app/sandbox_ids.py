"""A sandbox data folder outlives the emulator it talked to.

The sandbox's MEG is the same at every start (a deterministic seed: same companies, feed and
cursors), but its Inqom lives in memory and starts empty. So the ledger of a data folder that
synced with one sandbox process must forget that Inqom's ids before it syncs with another: the
data folder keeps the id of the sandbox it last talked to in ``sandbox-instance`` and, when the
running one is another, its push records, Inqom account numbers and sandbox tokens are dropped
(:func:`adopt_sandbox`); the next run pushes everything again, as to an empty Inqom.

Only data folders that met a sandbox before are concerned: one holding pushes and no marker
may have talked to the real Inqom, so its records are never touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from meg_inqom_desktop.errors import CredentialStoreUnavailable
from meg_inqom_desktop.net.credentials import SERVICES, CredentialStore
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.models import PushRecord
from meg_inqom_desktop.store.permissions import FILE_MODE
from meg_inqom_desktop.store.remote_ids import forget_inqom_ids

log = logging.getLogger(__name__)

MARKER = "sandbox-instance"


def marker_path(root: Path) -> Path:
    return root / MARKER


def adopt_sandbox(root: Path, instance_id: str, store: CredentialStore | None = None) -> bool:
    """Make the data folder at ``root`` the sandbox ``instance_id``'s (see the module
    docstring); True when the ids of a previous sandbox were forgotten."""
    marker = marker_path(root)
    try:
        known = marker.read_text(encoding="utf-8").strip()
    except OSError:
        known = ""
    if known == instance_id:
        return False
    if not known:
        with convert_db_errors():
            pushed = PushRecord.select().exists()
        if pushed:  # pushes of unknown origin (maybe the real Inqom): left alone
            log.warning("sandbox: %s holds pushes from before; its records are kept", root)
            return False
    forgotten = False
    if known:
        dropped = forget_inqom_ids()
        if store is not None:
            _forget_tokens(store)
        log.info("sandbox: new emulator, %d push record(s) of the previous one forgotten", dropped)
        forgotten = True
    _write_marker(marker, instance_id)
    return forgotten


def _forget_tokens(store: CredentialStore) -> None:
    """The sandbox namespace's authorizations: the new emulator knows none of them."""
    for service in SERVICES:
        with contextlib.suppress(CredentialStoreUnavailable):  # no keyring: nothing kept
            for auth in store.authorizations(service):
                store.forget(service, auth.account)


def _write_marker(marker: Path, instance_id: str) -> None:
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(instance_id)
