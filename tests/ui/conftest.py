"""Fixtures of the GUI tests: a ledger database, a qasync loop over pytest-qt's ``qapp``, the
sandbox with or without Inqom's rate limit."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths


@pytest.fixture
def ledger_paths(tmp_path: Path) -> Iterator[DataPaths]:
    """A data folder whose empty ledger is open and bound to ``DB`` for the test."""
    paths = resolve_data_paths(tmp_path / "data").ensure()
    open_database(paths)
    yield paths
    close_database()


@pytest.fixture
def ledger_db(ledger_paths: DataPaths) -> Path:
    """The path of the open test ledger."""
    return ledger_paths.database


@pytest.fixture(autouse=True)
def _collect_qt_garbage() -> Iterator[None]:
    """Collect cycles holding Qt objects here, in the GUI thread: a collection that happens to
    run in a worker thread (``asyncio.to_thread``) would destroy widgets there and crash."""
    gc.collect()
    yield
    gc.collect()


@pytest.fixture
def qloop(qapp):  # type: ignore[no-untyped-def]
    """One qasync loop over the test's QApplication, set as the current loop (CONVENTIONS.md)."""
    import qasync

    qapp.setQuitOnLastWindowClosed(False)  # a closed dialog must not stop the test's loop
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    gc.disable()  # no automatic collection inside worker threads while widgets come and go
    try:
        yield loop
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        gc.enable()
        gc.collect()


@pytest.fixture
def ui_sandbox() -> Iterator[object]:
    """The embedded MEG and Inqom emulators on loopback, for one test."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox()
    yield handle
    handle.stop()


@pytest.fixture
def fast_sandbox() -> Iterator[object]:
    """The sandbox without Inqom's rate limit (a full push in a second or two), for one test."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox(rate_limit=None)
    yield handle
    handle.stop()
