"""Content-addressed folder of pièces: ``documents/ab/<sha256>``; the one writer of pièce files.

:meth:`ContentStore.add` writes a batch of pièces (a sync page's) so that a crash at any moment
never leaves a partial file under a final name, and so that the ledger, whose transaction
follows, never refers to a pièce that is not on disk:

* every pièce is checked against its name (sha256 of the bytes) and written whole to
  ``documents/tmp/part-…`` (owner-only: ``0600`` in ``0700`` folders), then renamed
  (``os.replace``, atomic) to its final name;
* ``durable`` (power loss): two write barriers per batch, in a worker thread: the temporary
  files' data is flushed before any rename, then the renames are flushed before ``add``
  returns. On Linux a barrier is one ``syncfs`` of the store's file system; elsewhere each
  file (then each folder) is fsynced.

The small system calls (open, write, rename: about 0.1 ms each for a pièce of a few KB) run on
the caller's event loop, a few at a time between loop turns: in a worker thread each call
would wait for the GIL while the loop parses pages. Only the barriers (few calls, long waits)
go to a thread. Leftovers of a crash sit in ``tmp`` and are removed by
:meth:`ContentStore.remove_leftovers` at start-up.

On a firm's PostgreSQL database the pièces are shared like the entries: :meth:`ContentStore.add`
inserts their bytes into ``piece_data`` (by sha256, a pièce already there is kept), in a
transaction committed before the page's, and reads come from there, so every workstation opens
the pièces any of them (or the firm's service) downloaded. :meth:`ContentStore.local_copy`
writes a pièce into the data folder when a viewer needs a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import hashlib
import io
import itertools
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from meg_inqom_desktop.errors import DocumentRefused, FatalError, RecoverableError
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, executemany, is_postgres, write_transaction
from meg_inqom_desktop.store.permissions import FILE_MODE, FOLDER_MODE

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
# Files created between two turns of the event loop: a creation costs ~0.1 ms, but up to
# several ms while the file system's journal commits; 16 bounds the stall a window could see.
_FILES_PER_TURN = 16
_names = itertools.count()


class DocumentMissing(RecoverableError):
    title = "Pièce introuvable"
    code = "document_missing"


class ContentStoreError(FatalError):
    title = "Dossier des pièces inutilisable"
    code = "content_store"


@dataclass(frozen=True)
class Piece:
    """A pièce's bytes and the sha256 they must hash to (its name in the store)."""

    data: bytes
    sha256: str


def _load_syncfs() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        func = libc.syncfs
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int]
    func.restype = ctypes.c_int
    return func


_SYNCFS = _load_syncfs()


def _fsync_folder(path: str) -> None:
    """fsync a folder (makes renames durable on POSIX); a no-op where folders cannot be
    opened (Windows, where a rename is durable once it returns)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _barrier(root: str, fds: list[int], folders: list[str]) -> None:
    """Flush to disk the given files' data and folders' entries: one ``syncfs`` of the store's
    file system where available, else one fsync per file and folder."""
    if _SYNCFS is not None:
        fd = os.open(root, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    for fd in fds:
        os.fsync(fd)
    for folder in folders:
        _fsync_folder(folder)


class ContentStore:
    """The pièces folder of one data folder (``DataPaths.documents``)."""

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self.durable = durable  # write barriers; benchmarks may turn them off to compare

    # --- reading ---------------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        """Where the pièce with this digest lives (whether or not it is there)."""
        digest = sha256.lower()
        if not _SHA256.match(digest):
            raise ValueError(f"not a sha256 digest: {sha256!r}")
        return self.root / digest[:2] / digest

    def exists(self, sha256: str) -> bool:
        digest = sha256.lower()
        if not _SHA256.match(digest):
            raise ValueError(f"not a sha256 digest: {sha256!r}")
        if is_postgres():
            with convert_db_errors():
                cursor = execute('SELECT 1 FROM "piece_data" WHERE sha256 = ?', (digest,))
                return cursor.fetchone() is not None
        return os.path.isfile(os.path.join(self.root, digest[:2], digest))  # hot: no Path

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes, opened for reading."""
        if is_postgres():
            return io.BytesIO(self._shared_bytes(sha256))
        path = self.path_for(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise DocumentMissing(
                message=f"La pièce {sha256[:12]}… n'est plus dans le dossier des pièces "
                f"({self.root}). Relancez une synchronisation pour la retélécharger.",
                sha256=sha256,
            ) from exc

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as fh:
            return fh.read()

    def local_copy(self, sha256: str) -> Path:
        """A file holding the pièce, for a viewer: its place in the store (written there from
        the firm database first when the ledger is shared)."""
        path = self.path_for(sha256)
        if is_postgres() and not path.is_file():
            data = self._shared_bytes(sha256)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, temporary, _final = self._write_temporary(data, os.fspath(path))
                os.close(fd)
                os.replace(temporary, path)
            except OSError as exc:
                raise self._io_error(exc) from exc
        return path

    def _shared_bytes(self, sha256: str) -> bytes:
        digest = sha256.lower()
        with convert_db_errors():
            row = execute('SELECT data FROM "piece_data" WHERE sha256 = ?', (digest,)).fetchone()
        if row is None:
            raise DocumentMissing(
                message=f"La pièce {sha256[:12]}… n'est pas dans la base du cabinet. Relancez "
                "une synchronisation du dossier pour la retélécharger.",
                sha256=sha256,
            )
        return bytes(row[0])

    # --- the one writer ----------------------------------------------------------------------

    async def add(self, pieces: Iterable[Piece]) -> int:
        """Store the pieces under their sha256 (see the module docstring); returns how many
        files were written. A piece whose bytes do not hash to its name is
        :class:`DocumentRefused` before anything is renamed. On any error or cancellation the
        temporary files not yet renamed are removed; pièces already renamed are complete and
        stay (content-addressed: harmless, and reused by the next run)."""
        if is_postgres():
            return self._add_shared(pieces)
        staged: list[tuple[int, str, str]] = []  # (fd, or -1 once closed; temporary; final)
        renamed = 0
        try:
            seen: set[str] = set()
            for piece in pieces:
                digest = piece.sha256.lower()
                if digest in seen:
                    continue
                seen.add(digest)
                if hashlib.sha256(piece.data).hexdigest() != digest:
                    raise DocumentRefused(
                        digest[:12], "son contenu ne correspond pas à son empreinte sha256"
                    )
                staged.append(self._write_temporary(piece.data, os.fspath(self.path_for(digest))))
                if len(staged) % _FILES_PER_TURN == 0:
                    await asyncio.sleep(0)
            if not staged:
                return 0
            if self.durable:
                fds = [fd for fd, _, _ in staged]
                await asyncio.to_thread(_barrier, os.fspath(self.root), fds, [])
            folders: set[str] = set()
            for index, (fd, temporary, final) in enumerate(staged):
                os.close(fd)
                staged[index] = (-1, temporary, final)
                try:
                    os.replace(temporary, final)
                except FileNotFoundError:  # first pièce of this folder
                    os.makedirs(os.path.dirname(final), FOLDER_MODE, exist_ok=True)
                    os.replace(temporary, final)
                folders.add(os.path.dirname(final))
                renamed += 1
                if renamed % _FILES_PER_TURN == 0:
                    await asyncio.sleep(0)
            if self.durable:
                await asyncio.to_thread(_barrier, os.fspath(self.root), [], sorted(folders))
        except OSError as exc:
            self._discard(staged[renamed:])
            raise self._io_error(exc) from exc
        except BaseException:
            self._discard(staged[renamed:])
            raise
        return len(staged)

    @staticmethod
    def _add_shared(pieces: Iterable[Piece]) -> int:
        """The firm database's pièces: one transaction, a pièce already there kept."""
        rows: dict[str, bytes] = {}
        for piece in pieces:
            digest = piece.sha256.lower()
            if hashlib.sha256(piece.data).hexdigest() != digest:
                raise DocumentRefused(
                    digest[:12], "son contenu ne correspond pas à son empreinte sha256"
                )
            rows[digest] = piece.data
        if rows:
            with convert_db_errors(), write_transaction():
                executemany(
                    'INSERT INTO "piece_data" (sha256, size, data) VALUES (?, ?, ?) '
                    "ON CONFLICT (sha256) DO NOTHING",
                    [(digest, len(data), data) for digest, data in rows.items()],
                )
        return len(rows)

    def _write_temporary(self, data: bytes, final: str) -> tuple[int, str, str]:
        tmp = os.fspath(self.tmp)
        name = os.path.join(tmp, f"part-{os.getpid()}-{next(_names)}")
        try:
            fd = os.open(name, _OPEN_FLAGS, FILE_MODE)
        except FileNotFoundError:
            os.makedirs(tmp, FOLDER_MODE, exist_ok=True)
            fd = os.open(name, _OPEN_FLAGS, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
        return fd, name, final

    @staticmethod
    def _discard(staged: list[tuple[int, str, str]]) -> None:
        for fd, temporary, _final in staged:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def remove_leftovers(self) -> int:
        """Delete temporary files left by an interrupted write; returns how many."""
        if not self.tmp.is_dir():
            return 0
        count = 0
        for leftover in self.tmp.glob("part-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
                count += 1
        return count

    def _io_error(self, exc: OSError) -> ContentStoreError:
        return ContentStoreError(
            message=f"Écriture impossible dans le dossier des pièces ({self.root}) : "
            f"{exc.strerror or exc}. Vérifiez la place libre sur le disque et les droits sur "
            "le dossier de données.",
            path=str(self.root),
        )
