"""Fixtures of the GUI tests: a ledger database, a qasync loop over pytest-qt's ``qapp``."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

# Every run saves its screenshots under build/ (ignored by git); to refresh the ones the README
# shows, run the GUI tests with MEG_INQOM_SCREENSHOTS=docs/screenshots.
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = _ROOT / os.environ.get("MEG_INQOM_SCREENSHOTS", "build/screenshots")


def save_screenshot(widget, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save ``widget.grab()`` as ``<SCREENSHOTS>/<name>.png``."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # apply pending layout changes before the grab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


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


async def wait_signal(signal, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """Await the next emission of a Qt ``signal`` (its arguments as a tuple)."""
    future: asyncio.Future[tuple[object, ...]] = asyncio.get_running_loop().create_future()

    def handler(*args: object) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(handler)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(handler)


@pytest.fixture
def ui_sandbox() -> Iterator[object]:
    """The embedded MEG and Inqom emulators on loopback, for one test."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox()
    yield handle
    handle.stop()


async def wait_until(condition, timeout: float = 20.0, what: str = "") -> None:  # type: ignore[no-untyped-def]
    """Let the loop run until ``condition()`` is true (or fail after ``timeout`` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)
