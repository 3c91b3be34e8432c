"""Pièces downloaded by the pull: kept in memory, written by page.

A :class:`MemorySink` receives a pièce's bytes as they arrive (the MEG client checks size,
type and sha256 on the way). :func:`commit_files` then writes the page's pièces under their
content-addressed names with the content store's guarantee: flushed to disk (``durable``)
before taking the final name, so a final name never holds a partial file. One commit per page,
in a worker thread, before the page's database transaction: the ledger never refers to a pièce
that is not on disk, and the event loop never waits on the disk. Leftovers of a crash sit in
``tmp`` and are removed by ``ContentStore.remove_leftovers``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PendingFile:
    """A downloaded pièce (checked by the client) waiting to be written under its name."""

    data: bytes
    sha256: str


class MemorySink:
    """A ``net.documents.DocumentSink`` keeping the bytes in memory until the page's commit
    (pièces are small; the event loop never waits on the disk)."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def reset(self) -> None:
        self._chunks = []

    def write(self, chunk: bytes) -> None:
        self._chunks.append(chunk)

    def finish(self, sha256: str) -> PendingFile:
        return PendingFile(b"".join(self._chunks), sha256)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows: folders cannot be opened; renames are durable there anyway
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


_FSYNC_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fsync")


def _fsync_all(targets: list[int] | list[Path]) -> None:
    """fsync file descriptors or folders in parallel (they share the journal's commits)."""
    if targets and isinstance(targets[0], int):
        list(_FSYNC_POOL.map(os.fsync, targets))
    else:
        list(_FSYNC_POOL.map(_fsync_dir, targets))


def commit_files(content: Any, files: Iterable[PendingFile]) -> int:
    """Write the page's pièces under their content-addressed names; returns how many were new.

    Meant for a worker thread (file creation waits on the file system's journal, which the
    event loop must not do). Files are written to the store's ``tmp`` folder, flushed to disk
    together (``durable``: parallel fsyncs share the journal's commits), then renamed, and
    their folders flushed: a final name never holds a partial file and survives a power cut.
    """
    durable = bool(getattr(content, "durable", True))
    tmp_dir = Path(content.tmp)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[int, str, Path]] = []
    seen: set[str] = set()
    renamed = 0
    folders: set[Path] = set()
    try:
        for item in files:
            final = Path(content.path_for(item.sha256))
            if item.sha256 in seen or final.is_file():
                continue
            seen.add(item.sha256)
            fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="part-")
            written.append((fd, name, final))
            view = memoryview(item.data)
            while view:
                view = view[os.write(fd, view) :]
        if durable and written:
            _fsync_all([fd for fd, _, _ in written])
        for fd, name, final in written:
            os.close(fd)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(name, final)
            folders.add(final.parent)
            renamed += 1
    except BaseException:
        for fd, name, _ in written[renamed:]:
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(name)
        raise
    if durable and folders:
        _fsync_all(sorted(folders))
    return len(written)
