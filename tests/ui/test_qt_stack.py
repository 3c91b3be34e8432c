"""The Qt stack the GUI runs on: what qasync asks of it thousands of times per sync."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_killing_timers_keeps_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    """qasync starts and kills a Qt timer for every asyncio timer. PySide6 6.12.0 dropped a
    reference to ``None`` at each ``killTimer``: a long sync then aborted the app with
    « Fatal Python error: none_dealloc » (hence ``<6.12`` in pyproject.toml)."""
    owner = QObject()
    before = sys.getrefcount(None)
    for _ in range(500):
        owner.killTimer(owner.startTimer(60_000))
    # more references is harmless; each one lost brings the abort closer (6.12.0: -500 here)
    assert sys.getrefcount(None) >= before - 20
