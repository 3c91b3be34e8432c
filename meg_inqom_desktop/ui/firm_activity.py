"""On a firm database: what the other workstations and the firm's sync service are syncing now,
live (who, which dossier, where it is), and what their last run brought once it ends. The
window reads the shared ledger every few seconds; a run that ends elsewhere refreshes the tabs
(its entries are in the shared ledger already)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.ui import labels

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.sync.runs import LiveRun, RunInfo

log = logging.getLogger(__name__)

POLL_MS = 3000


class FirmActivity(QLabel):
    """A panel of the runs in progress elsewhere; hidden when there are none and nothing ended
    recently. ``finished_elsewhere`` carries the ids of the dossiers whose run just ended."""

    finished_elsewhere = Signal(object)

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.setObjectName("firmActivity")
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(6)
        self.setVisible(False)
        self._running: dict[int, LiveRun] = {}
        self._ended: list[str] = []
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Follow the shared ledger (firm mode only: a workstation's own ledger has no one
        else)."""
        if self.connector.firm_mode:
            self.timer.start()
            self.poll()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        try:
            runs = self.connector.live_runs(elsewhere=True)
        except MegInqomError as exc:  # the server is away: say so, try again at the next tick
            log.warning("firm database unreachable for live runs: %s", exc)
            self.setText(self.tr("Base du cabinet injoignable : {0}").format(exc.message))
            self.setVisible(True)
            return
        now = {run.run_id: run for run in runs}
        ended = [run for run_id, run in self._running.items() if run_id not in now]
        self._running = now
        if ended:
            self._ended = [self._ended_text(run) for run in ended][-3:]
            self.finished_elsewhere.emit({run.dossier_id for run in ended})
        lines = [self._running_text(run) for run in runs] + self._ended
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def _name(self, dossier_id: int | None, known: str = "") -> str:
        if known:
            return known
        for record in self.connector.dossiers():
            if record.id == dossier_id:
                return record.name or record.siret
        return self.tr("un dossier")

    def _running_text(self, run: LiveRun) -> str:
        event = run.progress
        name = self._name(run.dossier_id, event.dossier_name if event else "")
        if event is None:
            return self.tr("{0} synchronise {1} (démarrage)").format(run.holder, name)
        where = event.label
        if event.entries_total:
            where += f" {event.entries_done}/{event.entries_total}"
        elif event.entries_done:
            where += f" ({event.entries_done})"
        return self.tr("{0} synchronise {1} : {2}").format(run.holder, name, where)

    def _ended_text(self, run: LiveRun) -> str:
        last: RunInfo | None = next(
            (r for r in self.connector.history(run.dossier_id, 5) if r.id == run.run_id), None
        )
        name = self._name(run.dossier_id, last.dossier_name if last else "")
        if last is None:
            return self.tr("{0} a fini de synchroniser {1}.").format(run.holder, name)
        return self.tr(
            "{0} a synchronisé {1} : {2}, {3} nouvelles écritures, {4} envoyées à Inqom."
        ).format(run.holder, name, _status(last.status), last.new, last.pushed)


def _status(status: str) -> str:
    return labels.run_status(status)
