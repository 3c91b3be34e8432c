"""One process per data folder: an OS-level lock on ``<data>/sync.lock``.

The lock is held by an open file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), so
the OS releases it when the process dies, even by SIGKILL: no stale lock to clean up. The file
holds the owner's pid for the message shown to a second process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from meg_inqom_desktop.errors import DataFolderLocked


class InstanceLock:
    """Exclusive lock of a data folder; use as a context manager or ``acquire``/``release``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise :class:`DataFolderLocked` with a plain message."""
        if self._handle is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        handle = open(fd, "a+", encoding="utf-8")  # noqa: SIM115 (kept open while held)
        try:
            _lock(handle)
        except OSError:
            owner = _read_owner(handle)
            handle.close()
            who = f" (processus {owner})" if owner else ""
            raise DataFolderLocked(
                message=(
                    f"Le dossier de données {self.path.parent} est déjà utilisé par une autre "
                    f"instance de meg-inqom{who}. Fermez-la ou attendez la fin de sa "
                    "synchronisation, puis réessayez."
                ),
                path=str(self.path.parent),
                owner=owner,
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_owner(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        return handle.read(32).strip()
    except OSError:
        return ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
