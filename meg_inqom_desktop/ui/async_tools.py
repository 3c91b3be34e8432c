"""Small helpers for coroutines in the GUI: named tasks, dialogs awaited with ``open()``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ParamSpec

import qasync
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)
P = ParamSpec("P")

if TYPE_CHECKING:  # typing's generic aliases cost time at run time: a window has many slots
    SlotCoroutine = Callable[P, Coroutine[Any, Any, None]]


def async_slot(*types: type) -> Callable[[SlotCoroutine[P]], Callable[P, None]]:
    """qasync's ``asyncSlot`` with types: a coroutine method connected as a Qt slot (keep it
    thin: it reads the widgets and awaits a plain coroutine that tests await too)."""
    decorator: Callable[[SlotCoroutine[P]], Callable[P, None]] = qasync.asyncSlot(*types)
    return decorator


class Tasks:
    """Keeps a reference to every running task, by name; a name runs at most once at a time."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, name: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Start ``coro`` as ``name`` unless a task of that name runs (then join it)."""
        running = self._tasks.get(name)
        if running is not None and not running.done():
            coro.close()
            return running
        task = asyncio.ensure_future(coro)
        self._tasks[name] = task
        task.add_done_callback(self._done)
        return task

    def running(self, name: str) -> bool:
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def cancel(self, name: str) -> None:
        task = self._tasks.get(name)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            task.cancel()

    def _done(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("task failed", exc_info=task.exception())


async def ask_confirmation(
    parent: QWidget | None, title: str, text: str, confirm: str, cancel: str
) -> bool:
    """A question box shown with ``open()`` (never ``exec()`` in a coroutine); True on confirm.

    The cancel button is the default one: Enter never confirms (the questions asked here are
    about something that cannot be undone)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(confirm, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    yes.setAutoDefault(False)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.setObjectName("confirmation")
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(_result: int) -> None:
        if not future.done():
            future.set_result(box.clickedButton() is yes)

    box.finished.connect(finished)
    box.open()
    try:
        return await future
    finally:
        box.deleteLater()


async def show_message(parent: QWidget | None, title: str, text: str, *, error: bool) -> None:
    """An information or error box shown with ``open()``; returns when it is closed."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finished(_result: int) -> None:
        if not future.done():
            future.set_result(None)

    box.finished.connect(finished)
    box.open()
    await future
    box.deleteLater()
