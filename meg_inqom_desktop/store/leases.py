"""One sync authority per dossier: the dossier's lease, held while a process syncs it.

On a firm's PostgreSQL database the lease is a session-level advisory lock on ``(LEASE_CLASS,
dossier id)`` held by a connection of its own, opened for the lease and closed with it; the
connection carries the holder's name (``application_name``: « POSTE-3 / jdupont »), which is
how another process learns who syncs. When the holder dies its connection closes and the
lease goes with it: at once for a crashed or killed process; for a workstation cut off the
network or switched off, when the server's TCP keepalive gives up on it (set here to about
40 seconds). A holder that lost its connection (asleep, cut off) must stop writing:
:meth:`Lease.check` raises :class:`LeaseLost`, and the engine calls it before each page and
each push batch.

« Synchroniser maintenant » on another workstation while a dossier's lease is held does not
run a second sync: it asks the holder, with ``NOTIFY``, for one more pass when its run ends
(:func:`request_run`, :meth:`Lease.requested`), and follows the holder's run in the shared
history meanwhile.

On a workstation's own SQLite ledger the data folder's lock already makes its process the only
one that syncs; its leases are always granted and hold no connection.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from meg_inqom_desktop.errors import FatalError
from meg_inqom_desktop.store.audit import who
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import DB, is_postgres

log = logging.getLogger(__name__)
T = TypeVar("T")

LEASE_CLASS = 0x4D46  # advisory lock class of dossier leases (objects: dossier ids)
CHANNEL = "meg_inqom_sync_request"  # NOTIFY channel: payload = dossier id
# How long the server waits on a silent holder before closing its session (and lease):
# 20 s idle, then 4 probes 5 s apart.
KEEPALIVE = {"tcp_keepalives_idle": 20, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 4}


class LeaseLost(FatalError):
    """The dossier's lease was lost mid-run (connection to the firm database cut)."""

    title = "Synchronisation interrompue"


@dataclass
class Lease:
    """A dossier's lease while held; :meth:`release` (or the end of a ``with``) gives it back."""

    dossier_id: int
    holder: str
    _conn: Any = None  # the lease's own PostgreSQL connection (None on SQLite)

    @property
    def held_remotely(self) -> bool:
        """True for a firm database's lease (the others see it); False on SQLite."""
        return self._conn is not None

    def check(self) -> None:
        """Raise :class:`LeaseLost` if the lease's connection is gone (PostgreSQL)."""
        if self._conn is None:
            return
        try:
            self._conn.execute("SELECT 1").fetchone()
        except Exception as exc:
            self.release()
            raise LeaseLost(
                message="La connexion à la base du cabinet a été perdue pendant la "
                "synchronisation : ce poste s'arrête pour qu'un autre puisse reprendre. Ce qui "
                "a été enregistré le reste ; la prochaine synchronisation continue.",
                dossier=self.dossier_id,
                detail=str(exc),
            ) from exc

    def guard(self, progress: Callable[[T], None], every: float = 1.0) -> Callable[[T], None]:
        """``progress`` that first checks the lease (at most once per ``every`` seconds): the
        engine reports progress at each page and push batch, where a lost lease must stop."""
        last = [time.monotonic()]

        def checked(event: T) -> None:
            now = time.monotonic()
            if now - last[0] >= every:
                last[0] = now
                self.check()
            progress(event)

        return progress if self._conn is None else checked

    def requested(self) -> bool:
        """True if another workstation asked for a run of this dossier since the last call
        (its « Synchroniser maintenant » while this process held the lease)."""
        if self._conn is None:
            return False
        wanted = False
        with contextlib.suppress(Exception):
            for note in self._conn.notifies(timeout=0, stop_after=1000):
                wanted = wanted or note.payload == str(self.dossier_id)
        return wanted

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()  # closing the session ends the advisory lock

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass(frozen=True)
class Busy:
    """The lease is held by another process: who (« POSTE-3 / jdupont »), or "" if unknown."""

    dossier_id: int
    holder: str

    @property
    def text(self) -> str:
        who = self.holder or "un autre poste"
        return f"synchronisé en ce moment par {who}"


def take_lease(dossier_id: int, holder: str | None = None) -> Lease | Busy:
    """The dossier's lease if free (never waits), else who holds it."""
    name = holder or who().label
    if not is_postgres():
        return Lease(dossier_id, name)
    with convert_db_errors():
        conn = DB.obj._connect()  # a connection of its own, with the open database's settings
        try:
            conn.autocommit = True
            conn.execute("SELECT set_config('application_name', %s, false)", (name,))
            for setting, value in KEEPALIVE.items():
                conn.execute(f"SET {setting} = {int(value)}")
            got = conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LEASE_CLASS, dossier_id)
            ).fetchone()[0]
            if got:
                conn.execute(f"LISTEN {CHANNEL}")
                return Lease(dossier_id, name, conn)
            row = conn.execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
                "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid = %s AND l.objid = %s AND l.objsubid = 2",
                (LEASE_CLASS, dossier_id),
            ).fetchone()
            conn.close()
            return Busy(dossier_id, str(row[0] or "") if row else "")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.close()
            raise


def request_run(dossier_id: int) -> None:
    """Ask the holder of the dossier's lease for one more pass when its run ends."""
    if is_postgres():
        with convert_db_errors():
            DB.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, str(dossier_id)))
