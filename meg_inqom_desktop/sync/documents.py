"""Pièces downloaded by the pull: kept in memory, written by page.

A :class:`MemorySink` receives a pièce's bytes as they arrive (the MEG client checks size,
type and sha256 on the way). :func:`commit_files` then writes the page's pièces under their
content-addressed names, before the page's database transaction, so the ledger never refers
to a pièce that is not on disk. Leftovers of a crash sit in ``tmp`` and are removed by
``ContentStore.remove_leftovers``.

Crash safety (the contract the crash harness checks):

* process crash (SIGKILL, at any moment): a pièce is written completely to ``tmp/part-…``
  and only then renamed (``os.replace``, atomic) to its final name, so a final name never
  holds a partial file; the page's transaction starts only after every rename, so an entry the
  database says is stored always has its pièces complete. No fsync is needed for this: the
  kernel's page cache survives the process.
* power loss (``durable``): two write barriers per page, in a worker thread: the temporary
  files' data is flushed before any rename (a final name never points at unwritten blocks),
  then the renames are flushed before the database transaction (which may reach the disk at
  any later moment). On Linux a barrier is one ``syncfs`` of the store's file system; elsewhere
  each file (then each folder) is fsynced, in parallel.

Why the small system calls run on the event loop: a worker thread making one call per file
must win the GIL back after each one, and while the event loop is busy (downloads, parsing)
that costs up to a switch interval (5 ms) per call. Measured on the 5,000-pièce benchmark, the
old all-in-a-thread commit took ~220 ms per page instead of ~10 ms alone. Opening, writing
and renaming a 2-3 KB pièce costs ~0.1 ms on the loop; only the barriers (few calls, long
waits) go to a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import itertools
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


_FSYNC_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fsync")
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_names = itertools.count()
# Files created between two turns of the event loop: a file creation costs ~0.1 ms, but up to
# several ms while the file system's journal commits; 16 bounds a stall the GUI could see.
_FILES_PER_TURN = 16


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


def _fsync_path(path: str) -> None:
    """fsync a folder (makes renames durable on POSIX); a no-op where folders cannot be opened
    (Windows, where a rename is durable once it returns)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _barrier(root: str, fds: list[int] | None, folders: list[str] | None) -> None:
    """Flush to disk the given files' data (``fds``) or the given folders' entries.

    One ``syncfs`` of the store's file system where available (Linux), else one fsync per
    file or folder, in parallel (concurrent fsyncs share the journal's commits).
    """
    if _SYNCFS is not None:
        fd = os.open(root, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
        # syncfs refused (old kernel, odd file system): fall back to the portable way
    if fds:
        list(_FSYNC_POOL.map(os.fsync, fds))
    if folders:
        list(_FSYNC_POOL.map(_fsync_path, folders))


async def commit_files(content: Any, files: Iterable[PendingFile]) -> int:
    """Write the page's pièces under their content-addressed names; returns how many were new.

    Order (see the module docstring): every temporary file written (on the loop), data barrier
    (thread), renames (on the loop), rename barrier (thread). On any error or cancellation the
    temporary files not yet renamed are removed; pièces already renamed are complete and stay
    (content-addressed: harmless, and reused by the next run).
    """
    durable = bool(getattr(content, "durable", True))
    root = os.fspath(content.root)
    tmp_dir = os.fspath(content.tmp)
    prefix = os.path.join(tmp_dir, f"part-{os.getpid()}-")
    written: list[tuple[int, str, str]] = []  # (fd or -1 once closed, temporary, final)
    seen: set[str] = set()
    renamed = 0
    try:
        for item in files:
            if item.sha256 in seen:
                continue
            seen.add(item.sha256)
            final = os.fspath(content.path_for(item.sha256))
            name = f"{prefix}{next(_names)}"
            try:
                fd = os.open(name, _OPEN_FLAGS, 0o644)
            except FileNotFoundError:
                os.makedirs(tmp_dir, exist_ok=True)
                fd = os.open(name, _OPEN_FLAGS, 0o644)
            written.append((fd, name, final))
            view = memoryview(item.data)
            while view:
                view = view[os.write(fd, view) :]
            if len(written) % _FILES_PER_TURN == 0:
                await asyncio.sleep(0)  # let the loop breathe (GUI, downloads) between files
        if not written:
            return 0
        if durable:
            await asyncio.to_thread(_barrier, root, [fd for fd, _, _ in written], None)
        folders: set[str] = set()
        for index, (fd, name, final) in enumerate(written):
            os.close(fd)
            written[index] = (-1, name, final)
            try:
                os.replace(name, final)
            except FileNotFoundError:  # first pièce of this folder
                os.makedirs(os.path.dirname(final), exist_ok=True)
                os.replace(name, final)
            folders.add(os.path.dirname(final))
            renamed += 1
            if renamed % _FILES_PER_TURN == 0:
                await asyncio.sleep(0)
        if durable:
            await asyncio.to_thread(_barrier, root, None, sorted(folders))
    except BaseException:
        for fd, name, _ in written[renamed:]:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(name)
        raise
    return len(written)
