"""Fixtures of the GUI tests: a ledger database, a qasync loop over pytest-qt's ``qapp``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from meg_inqom_desktop.store.db import DB, connect_sqlite
from meg_inqom_desktop.store.models import ALL_MODELS


@pytest.fixture
def ledger_db(tmp_path: Path) -> Iterator[Path]:
    """An empty schema-v1 database bound to ``DB`` for the test."""
    path = tmp_path / "ledger.sqlite3"
    database = connect_sqlite(path)
    DB.initialize(database)
    database.connect(reuse_if_open=True)
    database.create_tables(ALL_MODELS)
    yield path
    database.close()


@pytest.fixture
def qloop(qapp):  # type: ignore[no-untyped-def]
    """One qasync loop over the test's QApplication, set as the current loop (CONVENTIONS.md)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


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
