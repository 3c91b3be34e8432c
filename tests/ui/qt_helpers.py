"""Helpers of the GUI tests (a uniquely named module: ``conftest`` names clash across folders)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from waiting import wait_until_async as wait_until

__all__ = ["SCREENSHOTS", "pages_shown", "save_screenshot", "wait_signal", "wait_until"]

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


def pages_shown(viewer) -> bool:  # type: ignore[no-untyped-def]
    """True once each rendered page of a ``PieceViewer`` is shown and placed by the layout."""
    pages = [viewer.pages_layout.itemAt(i).widget() for i in range(viewer.pages_layout.count())]
    return len(pages) == viewer.page_count > 0 and all(
        page.isVisible() and not page.geometry().isEmpty() for page in pages
    )
