"""The accountant's month in the window, on the sandbox: « Valider la période suivante » for
several dossiers (Enter never locks), the current month in the wizard only once ticked
complete, the dashboard sorted and filtered, the context menu (resync, pause, edit, open in
Inqom, remove with what happens to the data)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from qt_helpers import save_screenshot, wait_signal, wait_until
from sandbox_dossiers import (
    fast_connector,
    last_month_start,
    month_after_validated,
    ready_companies,
    shown_main_window,
)

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.dossier_board import paris_today
from meg_inqom_desktop.app.wizard_flow import Step
from meg_inqom_desktop.domain.periods import month_of
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.models.dashboard_model import NAME, TODO
from meg_inqom_desktop.ui.tray import Tray
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard


def _sirets(count: int) -> list[str]:
    """``count`` valid SIRETs (Luhn keys on the SIREN and on the whole number)."""
    from stdnum import luhn

    out = []
    for n in range(count):
        siren = f"{41000000 + n:08d}"
        siren += luhn.calc_check_digit(siren)
        nic = f"{n + 1:04d}"
        out.append(siren + nic + luhn.calc_check_digit(siren + nic))
    return out


def test_validate_the_next_month_of_several_dossiers_enter_never_locks(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    companies = ready_companies(fast_sandbox)[:3]
    connector = fast_connector(ledger_paths, fast_sandbox)
    for c in companies:
        connector.add_dossier(c.siret, name=c.name, local_only=True)
    window = MainWindow(connector, Tray())
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        window.reload()
        chosen = [c.siret for c in companies[:2]]
        window.dossiers.select_sirets(chosen)
        assert window.dossiers.selected_sirets() == sorted(
            chosen, key=lambda s: fast_sandbox.state.meg_company(s).name.casefold()
        )
        before = {c.siret: dict(c.validated) for c in companies}
        dialog = window.dossier_actions.validate(window.dossiers.selected_sirets())
        await wait_until(lambda: dialog.lock_button.isEnabled(), 30, "the next months read")
        by_siret = {i.dossier.siret: i for i in dialog.items}
        for c in companies[:2]:
            item = by_siret[c.siret]
            assert item.month is not None and item.month.month == month_after_validated(c)
            assert item.entry_count == len([e for e in c.entries if e.month == item.month.month])
        assert dialog.cancel_button.isDefault() and not dialog.lock_button.isDefault()
        assert not dialog.lock_button.autoDefault()
        assert dialog.lock_button.isEnabled()
        total = sum(i.entry_count for i in dialog.items)
        assert dialog.summary.text() == (
            f"2 dossier(s) : {total} écritures seront verrouillées dans MEG."
        )
        assert dialog.journals.rowCount() > 0  # totals per journal of the first dossier
        save_screenshot(dialog, "validate_month_dialog")
        # Enter, even with the lock button focused, closes without locking
        dialog.lock_button.setFocus()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        await wait_until(lambda: not dialog.isVisible(), 10, "the dialog closed")
        assert {c.siret: dict(c.validated) for c in companies} == before
        # again, and this time « Verrouiller définitivement »
        dialog = window.dossier_actions.validate(chosen)
        await wait_until(lambda: dialog.lock_button.isEnabled(), 30, "the previews")
        locked = asyncio.ensure_future(wait_signal(dialog.locked, 30))
        dialog.lock_button.click()
        (outcomes,) = await locked
        assert sorted(o.dossier.siret for o in outcomes if o.ok) == sorted(chosen)
        for c in companies[:2]:
            assert month_after_validated(c) > max(before[c.siret])  # one more month locked in MEG
        assert set(companies[2].validated) == set(before[companies[2].siret])  # not selected
        assert dialog.model.data(dialog.model.index(0, 5)).startswith("✓ verrouillé : ")
        assert dialog.sync_button.isVisible() and not dialog.lock_button.isVisible()
        synced = asyncio.ensure_future(wait_signal(window.sync_finished, 60))
        dialog.sync_button.click()
        (results,) = await synced
        assert sorted(r.dossier_name for r in results) == sorted(c.name for c in companies[:2])
        assert all(r.ok for r in results)

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_wizard_offers_the_current_month_only_once_ticked_complete(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    company = ready_companies(fast_sandbox)[0]
    today = paris_today()
    current = month_of(today)
    template = company.entries[0]
    company.entries.append(
        replace(template, id="MEG-NOW-1", date=today, piece_date=today, validated_at=None)
    )
    connector = fast_connector(ledger_paths, fast_sandbox)
    wizard = SetupWizard(connector, add_dossier=True)
    qtbot.addWidget(wizard)

    async def scenario() -> None:
        wizard.show()
        await connector.sandbox_authorize("meg", company.siret)
        wizard.meg_page.siret_edit.setText(company.siret)
        wizard.flow.state.meg_authorized = True
        page = wizard.validate_page
        wizard.show_step(Step.VALIDATE)
        await wait_until(lambda: page.plan is not None, 30, "MEG's months")
        offered = [page.first_month.itemData(i) for i in range(page.first_month.count())]
        assert current not in offered and offered  # months that are over only
        assert page.current_month.isVisibleTo(wizard) and not page.current_month.isChecked()
        page.current_month.setChecked(True)
        offered = [page.last_month.itemData(i) for i in range(page.last_month.count())]
        assert offered[-1] == current
        assert page.last_month.itemText(len(offered) - 1).endswith("1 écritures (en cours)")
        page.choose(current, current)
        lines = await page.preview()
        assert len({ln.entry_id for ln in lines}) == 1
        assert await page.validate(confirmed=True)
        assert current in company.validated

    qloop.run_until_complete(scenario())
    wizard.close()


def test_dashboard_sorts_on_values_filters_and_keeps_names_whole(
    qapp, qtbot, qloop, ledger_paths
) -> None:
    from meg_inqom_desktop.domain.provenance import MEG
    from meg_inqom_desktop.store.rejections import RejectionItem, record_rejection

    connector = Connector(ledger_paths, open_browser=False)
    names = [f"Menuiserie Dupont et Fils {n:02d}" for n in range(40)]
    for n, (name, siret) in enumerate(zip(names, _sirets(40), strict=True)):
        record, _ = connector.add_dossier(siret, name=name, local_only=True)
        for k in range(n % 11):
            item = RejectionItem("entry", f"x{k}", "unbalanced", "Écriture déséquilibrée.")
            record_rejection(record.id, item, provenance=MEG)
    window = shown_main_window(connector, qtbot)
    view = window.dossiers
    assert view.proxy.rowCount() == 40
    view.table.sortByColumn(TODO, Qt.SortOrder.DescendingOrder)
    counts = [int(view.proxy.index(r, TODO).data()) for r in range(view.proxy.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] == 10  # 10 before 9 and 2
    view.search.setText("fils 07")
    assert view.proxy.rowCount() == 1 and view.proxy.index(0, NAME).data() == names[7]
    view.search.clear()
    qapp.processEvents()
    metrics = view.table.fontMetrics()
    width = view.table.horizontalHeader().sectionSize(NAME)
    assert width >= max(metrics.horizontalAdvance(n) for n in names)  # never « Men… »
    save_screenshot(window, "main_window_dashboard_40")
    window.quitting = True
    window.close()


class _Browser(QObject):
    """Catches the URLs the app asks the desktop to open (instead of a real browser)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_context_menu_resync_pause_edit_open_in_inqom_and_remove(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    import httpx2

    companies = ready_companies(fast_sandbox)[:2]
    connector = fast_connector(ledger_paths, fast_sandbox)
    start = last_month_start(companies[0])  # one month: a quick sync
    for c in companies:
        connector.add_dossier(c.siret, name=c.name, local_only=True, start_date=start)
    window = MainWindow(connector, Tray())
    qtbot.addWidget(window)
    browser = _Browser()
    QDesktopServices.setUrlHandler("http", browser, "open")

    async def scenario() -> None:
        window.show()
        window.reload()
        first = companies[0]
        window.dossiers.select_sirets([first.siret])
        menu = window.dossiers.context_menu()
        names = [a.objectName() for a in menu.actions() if a.objectName()]
        assert names == [
            "sync",
            "resync",
            "validate",
            "open_inqom",
            "fec_import",
            "edit",
            "pause",
            "remove",
        ]
        assert not next(a for a in menu.actions() if a.objectName() == "open_inqom").isEnabled()
        results = await window.sync_now(connector.dossier(first.siret).id)
        stored = results[0].counts.new
        assert stored > 0
        # « Resynchroniser depuis MEG »: read again from the start, nothing stored twice
        again = await window.dossier_actions.resync(first.siret)
        assert (again[0].counts.new, again[0].counts.unchanged) == (0, stored)
        window.tabs.setCurrentIndex(3)
        assert window.history.model.data(window.history.model.index(0, 1)) == ("resynchronisation")
        # pause, then resume, from the menu
        window.dossiers.action_requested.emit("pause", [first.siret])

        def shown() -> Any:
            return next(r for r in window.dossiers.model.rows() if r.dossier.siret == first.siret)

        await wait_until(lambda: not shown().dossier.active, 10, "paused in the dashboard")
        assert shown().next_slot is None and not connector.dossier(first.siret).active
        await window.dossier_actions.set_active([first.siret], True)
        assert connector.dossier(first.siret).active
        # « Modifier… »: link it to its Inqom folder, then « Ouvrir dans Inqom »
        dialog = window.dossier_actions.edit(first.siret)
        assert await dialog.fill_folders() == 0  # Inqom not authorized yet: said so
        assert dialog.error.isVisibleTo(dialog) and "Inqom" in dialog.error.text()
        await connector.sandbox_authorize("inqom", first.siret)
        assert await dialog.fill_folders() >= 1
        assert not dialog.error.isVisibleTo(dialog)
        folder = fast_sandbox.state.inqom.folder_by_siret(first.siret)
        assert dialog.folder.currentData() == folder.Id  # the matching folder comes first
        dialog.paused.setChecked(True)
        save_screenshot(dialog, "dossier_dialog")
        record = await dialog.save()
        assert record is not None and record.inqom_folder_id == folder.Id and not record.active
        url = window.dossier_actions.open_in_inqom(first.siret)
        assert browser.opened == [url]
        page = await asyncio.to_thread(httpx2.get, url)
        assert folder.Name in page.text
        # « Retirer… » says what goes and what stays; Enter keeps the dossier
        removing = asyncio.ensure_future(window.dossier_actions.remove(first.siret))
        await wait_until(lambda: window.findChild(QMessageBox, "confirmation") is not None)
        box = window.findChild(QMessageBox, "confirmation")
        text = box.text()
        assert f"{stored} écritures" in text and "2 synchronisations" in text
        assert "Restent en place" in text and "dans Inqom" in text
        assert box.defaultButton().text() == "Annuler"
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert not await removing
        assert connector.dossier(first.siret).id
        assert await window.dossier_actions.remove(first.siret, confirmed=True)
        assert [d.siret for d in connector.dossiers()] == [companies[1].siret]
        assert window.dossiers.proxy.rowCount() == 1

    try:
        qloop.run_until_complete(scenario())
    finally:
        QDesktopServices.unsetUrlHandler("http")
    window.quitting = True
    window.close()


def test_run_states_and_triggers_read_in_french_and_english(qapp) -> None:
    from meg_inqom_desktop.sync.runs import TRIGGERS, RunStatus
    from meg_inqom_desktop.ui import labels
    from meg_inqom_desktop.ui.i18n import install_language

    states = [
        RunStatus.SUCCESS,
        RunStatus.PARTIAL,
        RunStatus.FAILED,
        RunStatus.CANCELLED,
        RunStatus.RUNNING,
        RunStatus.SKIPPED,
    ]
    french = [labels.run_status(s) for s in states]
    assert french == ["réussie", "partielle", "échec", "annulée", "en cours", "sautée"]
    assert [labels.trigger(t) for t in TRIGGERS] == [
        "créneau",
        "rattrapage",
        "manuelle",
        "ligne de commande",
        "mise en service",
        "reprise",
        "resynchronisation",
    ]
    try:
        assert install_language(qapp, "en")
        assert [labels.run_status(s) for s in states] == [
            "succeeded",
            "partial",
            "failed",
            "cancelled",
            "running",
            "skipped",
        ]
        assert [labels.trigger(t) for t in TRIGGERS] == [
            "slot",
            "catch-up",
            "manual",
            "command line",
            "setup",
            "recovery",
            "resync",
        ]
        assert labels.month("2026-03") == "March 2026"
    finally:
        install_language(qapp, "fr")
    assert labels.month("2026-03") == "mars 2026"


def test_an_entry_without_piece_says_so_in_the_status_line(
    qapp, qtbot, qloop, ledger_paths
) -> None:
    from ui_ledger_seed import seed_dossier, seed_entries

    from meg_inqom_desktop.store.db import DB

    seed_entries(seed_dossier(), 3)
    window = MainWindow(Connector(ledger_paths, open_browser=False), Tray())
    qtbot.addWidget(window)
    entry_id = DB.execute_sql("SELECT MIN(id) FROM entry").fetchone()[0]

    async def scenario() -> None:
        window.show()
        assert await window.open_piece(entry_id) is None  # no empty viewer window
        assert window.statusBar().currentMessage() == "Aucune pièce pour cette écriture."
        assert window.findChildren(QMessageBox) == []

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()
