"""The running app: which window is shown, the tray, the scheduler, quitting.

:class:`AppController` opens the wizard when no dossier exists and the main window otherwise;
the wizard can run again to add a dossier. Scheduled syncs go through the main window's
``sync_now`` so that each one ends with a tray notification.

:meth:`AppController.startup` runs once the first window is up: the connector takes the data
folder's lock and recovers from a crash (runs left ``running`` closed, off the GUI thread);
dossiers whose push was interrupted (records left ``sending``) are synced at once, which reads
Inqom back before anything is sent again. When another process (``meg-inqom serve``) holds the
data folder, the window says so, the ledger stays readable and the scheduler waits until the
lock can be taken.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from meg_inqom_desktop.app.connector import Connector, StartReport
from meg_inqom_desktop.ui.async_tools import Tasks
from meg_inqom_desktop.ui.tray import Tray

if TYPE_CHECKING:  # the window not shown at start is imported when first needed
    from collections.abc import Callable

    from meg_inqom_desktop.ui.main_window import MainWindow
    from meg_inqom_desktop.ui.wizard.wizard import SetupWizard

log = logging.getLogger(__name__)

SCHEDULER_DELAY_MS = 1500
# lock and crash recovery load the sync stack (~0.25 s of imports): after the first paint
STARTUP_DELAY_MS = 200


class _ScheduledTarget:
    """The scheduler's target: the sync service, with runs shown and notified by the window."""

    def __init__(self, controller: AppController) -> None:
        self.controller = controller

    def last_success_utc(self) -> datetime | None:
        return self.controller.connector.sync_service.last_success_utc()

    def is_running(self) -> bool:
        return self.controller.connector.syncing()

    async def run_scheduled(self, trigger: str, slot: datetime | None) -> bool:
        results = await self.controller.main_window().sync_now(trigger=trigger)
        return bool(results) and all(getattr(r, "ok", True) for r in results)

    def record_skipped(self, trigger: str, slot: datetime | None, reason: str) -> None:
        self.controller.connector.sync_service.record_skipped(trigger, slot, reason)


class AppController(QObject):
    """Owns the connector, the tray and the windows; ``quit()`` ends the event loop."""

    quitting = Signal()

    def __init__(
        self,
        connector: Connector,
        *,
        start_scheduler: bool = True,
        end: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.connector = connector
        # what ends the app once the services are closed: the application's own ending (its
        # loop finishes what it runs, then stops), else QApplication.quit()
        self.end = end
        self.tasks = Tasks()
        self.tray = Tray(self)
        self.tray.set_paused(connector.settings.paused)
        self._main: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.scheduler: Any = None
        self.start_scheduler = start_scheduler
        self.tray.open_requested.connect(self.bring_forward)
        self.tray.quit_requested.connect(self.quit)
        self.tray.sync_requested.connect(self._sync_from_tray)
        self.tray.pause_toggled.connect(self.set_paused)

    # -- windows -----------------------------------------------------------------------------
    def main_window(self) -> MainWindow:
        if self._main is None:
            from meg_inqom_desktop.ui.main_window import MainWindow

            self._main = MainWindow(self.connector, self.tray)
            self._main.add_dossier_requested.connect(lambda: self.open_wizard(add_dossier=True))
            self._main.quit_requested.connect(self.quit)
            self._main.settings_changed.connect(self.apply_settings)
            # a sync that could take the data folder's lock lets the waiting scheduler start
            self._main.sync_finished.connect(lambda _results: self._start_scheduler())
            self._main.sync_finished.connect(self._refresh_synced)
        return self._main

    def start(self) -> QObject:
        """Show the wizard (no dossier yet) or the main window; returns the shown window."""
        if self.connector.dossier_count() == 0:
            return self.open_wizard(add_dossier=False)
        return self.show_main()

    def show_main(self) -> MainWindow:
        window = self.main_window()
        window.reload()
        window.show()
        # the scheduler (and the network stack it loads) starts once the window is up
        QTimer.singleShot(SCHEDULER_DELAY_MS, self._start_scheduler)
        return window

    def schedule_startup(self) -> None:
        """:meth:`startup` shortly after the first window is painted (a sync started before
        then still takes the lock and recovers first: the connector sees to it)."""
        QTimer.singleShot(STARTUP_DELAY_MS, lambda: self.tasks.start("startup", self.startup()))

    async def startup(self) -> StartReport:
        """Lock and crash recovery (see the module docstring); call once the window is shown."""
        report = await self.connector.start()
        if not report.lock_held:
            if self._main is not None:
                self._main.show_sync_locked()
            return report
        ids = report.unsettled_dossiers
        window = self._main
        if ids and window is not None and not self.connector.settings.paused:
            window.tasks.start(
                "sync", window.sync_now(ids[0] if len(ids) == 1 else None, trigger="recovery")
            )
        return report

    def open_wizard(self, *, add_dossier: bool) -> SetupWizard:
        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        from meg_inqom_desktop.ui.wizard.wizard import SetupWizard

        wizard = SetupWizard(self.connector, add_dossier=add_dossier)
        wizard.finished_setup.connect(self._wizard_done)
        wizard.rejected.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.show()
        return wizard

    def _wizard_done(self, _dossier_id: int) -> None:
        self.wizard = None
        self.show_main().bring_forward()

    def _wizard_closed(self) -> None:
        self.wizard = None
        if self._main is None or not self._main.isVisible():
            if self.connector.dossier_count() == 0:
                self.quit()
            else:
                self.show_main()

    def bring_forward(self) -> None:
        """Second launch or tray "Ouvrir": show whichever window is current."""
        if self.wizard is not None:
            self.wizard.show()
            self.wizard.raise_()
            self.wizard.activateWindow()
        else:
            self.show_main().bring_forward()

    # -- sync, schedule ----------------------------------------------------------------------
    def _sync_from_tray(self) -> None:
        if self._main is not None:
            self.tasks.start("sync", self._main.sync_now())

    def _start_scheduler(self) -> None:
        if self.scheduler is not None or not self.start_scheduler:
            return
        if not self.connector.take_lock():  # another process syncs this folder at the slots
            log.info("scheduler waits: %s", self.connector.lock_error)
            return
        try:
            from meg_inqom_desktop.sync.scheduler import Scheduler

            self.scheduler = Scheduler(
                _ScheduledTarget(self),
                self.connector.settings.slot_times(),
                paused=self.connector.settings.paused,
            )
            self.tasks.start("scheduler", self.scheduler.run())
            log.info("scheduler started, slots %s", ", ".join(self.connector.settings.slots))
        except Exception:
            log.exception("scheduler not started")
            return
        if self._main is not None:  # the dashboard's MEG columns, once the app is up
            self._main.tasks.start("meg_state", self._main.refresh_meg_state())

    def _refresh_synced(self, results: list[Any]) -> None:
        """After a sync, what MEG says of the synced dossiers (entries not pulled yet)."""
        if self._main is None or self.scheduler is None or not results:
            return
        ids = {getattr(r, "dossier_id", None) for r in results}
        sirets = [d.siret for d in self.connector.dossiers() if d.id in ids]
        self._main.tasks.start("meg_state", self._main.refresh_meg_state(sirets))

    def apply_settings(self, settings: Any) -> None:
        """New slots (and pause) take effect at once in the running scheduler."""
        if self.scheduler is not None:
            self.scheduler.set_slots(settings.slot_times())
            self.scheduler.pause() if settings.paused else self.scheduler.resume()

    def set_paused(self, paused: bool) -> None:
        """Tray "Suspendre": no scheduled sync until resumed (kept in the settings)."""
        from dataclasses import replace

        self.connector.save_settings(replace(self.connector.settings, paused=paused))
        if self.scheduler is not None:
            self.scheduler.pause() if paused else self.scheduler.resume()

    # -- quit --------------------------------------------------------------------------------
    def quit(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        if self._main is not None:
            self._main.quitting = True
            self._main.close()
        self.tray.hide()
        self.quitting.emit()
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop (tests driving widgets only): nothing to close
            return
        self.tasks.start("close", self._close())

    async def _close(self) -> None:
        try:
            await asyncio.wait_for(self.connector.aclose(), 10)
        except Exception:
            log.exception("closing the services")
        if self.end is not None:
            self.end()
            return
        app = QApplication.instance()
        if app is not None:
            app.quit()
