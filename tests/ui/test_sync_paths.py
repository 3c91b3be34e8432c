"""Paths that crashed or misled: Annuler/Esc in the wizard during its first sync, closing the
main window during a sync (with and without a tray), the progress bar while pièces go to
Inqom, and what a run says after a cancelled one."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar
from qt_helpers import wait_signal, wait_until
from sandbox_dossiers import fast_connector, last_month_start, ready_companies

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.wizard_flow import Step
from meg_inqom_desktop.store.models import DossierRow, SyncRun
from meg_inqom_desktop.sync.runs import Phase, Progress
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.progress import set_progress
from meg_inqom_desktop.ui.tray import Tray
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard


def _hold_after_first_page(connector: Connector, sandbox: Any) -> asyncio.Future[int]:
    """A future set once a first page is stored; from then on MEG answers after a minute, so
    the sync is still running when the test acts, however loaded the machine."""
    first_page: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def hold(event: Progress) -> None:
        if event.phase == Phase.PULL and event.entries_done and not first_page.done():
            sandbox.set_faults("meg.*:latency=60s")
            first_page.set_result(event.entries_done)

    connector.add_progress_listener(hold)
    sandbox.set_faults("meg.documents:latency=50ms")
    return first_page


@pytest.mark.parametrize("how", ["button", "escape"])
def test_wizard_cancel_during_the_first_sync(
    how, qapp, qtbot, qloop, ledger_paths, fast_sandbox, caplog
) -> None:
    company = ready_companies(fast_sandbox)[0]
    connector = fast_connector(ledger_paths, fast_sandbox)
    wizard = SetupWizard(connector, add_dossier=True)
    qtbot.addWidget(wizard)

    async def scenario() -> None:
        wizard.show()
        await connector.sandbox_authorize("meg", company.siret)
        state = wizard.flow.state
        wizard.meg_page.siret_edit.setText(company.siret)
        state.meg_authorized = True
        state.company_name = company.name
        state.validation_skipped = True
        state.local_only = True
        state.start_date = date(2025, 1, 1)
        wizard.show_step(Step.CONNECT)
        page = wizard.connect_page
        first_page = _hold_after_first_page(connector, fast_sandbox)
        connecting = asyncio.ensure_future(page.connect_and_sync())
        await asyncio.wait_for(first_page, 60)
        assert connector.syncing()
        finished = asyncio.ensure_future(wait_signal(wizard.finished, 30))
        if how == "button":
            wizard.cancel_button.click()
        else:
            qtbot.keyClick(wizard, Qt.Key.Key_Escape)
        await finished
        assert not wizard.isVisible() and not connector.syncing()
        with pytest.raises(asyncio.CancelledError):
            await connecting
        assert [r.status for r in SyncRun.select()] == ["cancelled"]
        assert DossierRow.get(DossierRow.siret == company.siret).name == company.name
        # nothing of the wizard listens any more: a later sync runs clean
        fast_sandbox.set_faults(None)
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            results = await connector.sync()
        assert [r.ok for r in results] == [True]
        assert "progress listener failed" not in caplog.text

    qloop.run_until_complete(scenario())


def _sync_window(paths: Any, sandbox: Any, tray_available: bool) -> tuple[Connector, MainWindow]:
    company = ready_companies(sandbox)[0]
    connector = fast_connector(paths, sandbox)
    connector.add_dossier(company.siret, name=company.name, local_only=True)
    tray = Tray()
    tray.available = tray_available
    return connector, MainWindow(connector, tray)


def test_closing_during_a_sync_without_a_tray_asks_then_cancels_cleanly(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    connector, window = _sync_window(ledger_paths, fast_sandbox, tray_available=False)
    qtbot.addWidget(window)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))

    async def scenario() -> None:
        window.show()
        window.reload()
        first_page = _hold_after_first_page(connector, fast_sandbox)
        window.sync_button.click()
        await asyncio.wait_for(first_page, 60)
        window.close()  # the close box
        await wait_until(lambda: window.findChild(QMessageBox, "confirmation") is not None)
        box = window.findChild(QMessageBox, "confirmation")
        assert window.isVisible() and connector.syncing() and quits == []
        assert box.defaultButton().text() == "Continuer la synchronisation"
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the sync goes on
        await wait_until(lambda: window.findChild(QMessageBox, "confirmation") is None)
        assert window.isVisible() and connector.syncing() and quits == []
        window.close()
        await wait_until(lambda: window.findChild(QMessageBox, "confirmation") is not None)
        box = window.findChild(QMessageBox, "confirmation")
        next(b for b in box.buttons() if b.text() == "Arrêter et quitter").click()
        await wait_until(lambda: quits == [True], 30, "the window to quit")
        assert not window.isVisible() and not connector.syncing()
        assert [r.status for r in SyncRun.select()] == ["cancelled"]  # never left « running »

    qloop.run_until_complete(scenario())


def test_closing_during_a_sync_with_a_tray_hides_and_the_sync_goes_on(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    connector, window = _sync_window(ledger_paths, fast_sandbox, tray_available=True)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        window.reload()
        first_page = _hold_after_first_page(connector, fast_sandbox)
        window.sync_button.click()
        await asyncio.wait_for(first_page, 60)
        window.close()
        assert not window.isVisible() and connector.syncing()
        assert window.findChild(QMessageBox, "confirmation") is None
        await window.cancel_sync()
        await wait_until(lambda: not connector.syncing(), 30, "the sync to stop")

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_progress_is_full_only_when_a_phase_is_over(qapp) -> None:
    bar, label = QProgressBar(), QLabel()
    set_progress(bar, label, Progress(Phase.PULL, 1, "ACME", entries_done=200, documents=9))
    assert (bar.minimum(), bar.maximum()) == (0, 0)  # busy: MEG's total is unknown
    assert label.text() == "ACME — Import MEG : 200 écritures, 9 pièces"
    set_progress(bar, label, Progress(Phase.PUSH, 1, "ACME", entries_done=427, entries_total=427))
    assert bar.value() == bar.maximum() == 427
    assert label.text() == "ACME — Envoi vers Inqom : 427 écritures sur 427"
    event = Progress(Phase.ATTACH, 1, "ACME", entries_done=3, entries_total=55, documents=3)
    set_progress(bar, label, event)
    assert (bar.value(), bar.maximum()) == (3, 55)  # pièces still going: not full
    assert label.text() == "ACME — Envoi des pièces vers Inqom : 3 pièces sur 55"


def test_a_run_after_a_cancelled_one_says_what_it_sent(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    """Cancelled once the pull is done: the next run has nothing new from MEG but pushes the
    entries and attaches their pièces, and says so (not « Pièces 0, rien de nouveau »)."""
    company = ready_companies(fast_sandbox)[0]
    connector = fast_connector(ledger_paths, fast_sandbox)
    connector.add_dossier(company.siret, name=company.name, start_date=last_month_start(company))
    folder = fast_sandbox.state.inqom.folder_by_siret(company.siret)
    connector.update_dossier(company.siret, inqom_folder=(folder.Id, folder.Name))
    window = MainWindow(connector, Tray())
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        window.reload()
        phases: list[Progress] = []
        cancelled = False

        def watch(event: Progress) -> None:
            nonlocal cancelled
            phases.append(event)
            if event.phase == Phase.PUSH and not cancelled:
                cancelled = True
                window.cancel_button.click()

        connector.add_progress_listener(watch)
        assert await window.sync_now() == []
        assert [r.status for r in SyncRun.select()] == ["cancelled"]
        assert window.progress_label.text() == "Synchronisation annulée."
        connector.remove_progress_listener(watch)
        phases.clear()
        connector.add_progress_listener(phases.append)
        results = await window.sync_now()
        run = results[0]
        attached = run.counts.details.get("documents_attached", 0)
        assert run.counts.new == 0 and run.counts.documents == 0
        assert run.counts.pushed > 0 and attached > 0
        assert run.summary == (
            f"Inqom : {run.counts.pushed} écritures et {attached} pièces envoyées pour "
            f"{company.name} (rien de nouveau dans MEG)."
        )
        assert attached == len(folder.documents)  # every pièce in Inqom came with this run
        attach = [e for e in phases if e.phase == Phase.ATTACH]
        assert attach[-1].entries_done == attach[-1].entries_total == attached
        window.tabs.setCurrentIndex(3)
        history = window.history.model
        headers = [history.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
        row = {h: history.data(history.index(0, c)) for c, h in enumerate(headers)}
        assert row["Statut"] == "réussie" and row["Déclencheur"] == "manuelle"
        assert row["Envoyées"] == str(run.counts.pushed)
        assert (row["Pièces reçues"], row["Pièces envoyées"]) == ("0", str(attached))

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()
