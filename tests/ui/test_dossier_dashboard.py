"""The dossier dashboard and menu in the window, on the sandbox: what each row says (MEG's
last validated month, the next one with what it locks, entries not pulled, authorizations,
À traiter, next slot), a lost position in MEG's feed that offers « Resynchroniser depuis
MEG », « Modifier… » for the start date and local only, and the menu's FEC import."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from qt_helpers import wait_until
from sandbox_dossiers import (
    fast_connector,
    last_month_start,
    month_after_validated,
    ready_companies,
    shown_main_window,
)

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.net.credentials import Authorization, Secrets
from meg_inqom_desktop.store.models import SyncCursor
from meg_inqom_desktop.ui import labels
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.models.dashboard_model import (
    INQOM,
    LAST_VALIDATED,
    MEG,
    NEXT,
    NOT_PULLED,
    SIRET,
    TO_VALIDATE,
    TODO,
)


def _cells(window: MainWindow, siret: str) -> dict[int, str]:
    """The dashboard's texts for one dossier, by column, as the table shows them."""
    proxy = window.dossiers.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, SIRET).data() == siret:
            return {c: proxy.index(row, c).data() for c in range(proxy.columnCount())}
    raise AssertionError(f"no row for {siret}")


def test_each_row_says_megs_months_what_is_not_pulled_authorizations_and_next_slot(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    first, second = ready_companies(fast_sandbox)[:2]
    connector = fast_connector(ledger_paths, fast_sandbox)
    starts = {c.siret: last_month_start(c) for c in (first, second)}  # a quick sync
    for c in (first, second):
        connector.add_dossier(c.siret, name=c.name, local_only=True, start_date=starts[c.siret])
    window = shown_main_window(connector, qtbot)

    async def scenario() -> None:
        assert _cells(window, first.siret)[MEG] == "?"  # not read yet, not « absente »
        await connector.sandbox_authorize("meg", first.siret)  # one sign-in, both dossiers
        await window.refresh_meg_state()
        for c in (first, second):
            cells = _cells(window, c.siret)
            month = month_after_validated(c)
            count = len([e for e in c.entries if e.month == month])
            assert cells[LAST_VALIDATED] == labels.month(max(c.validated))
            assert cells[TO_VALIDATE].startswith(f"{labels.month(month)} ({count} écr.")
            in_start_month = [e for e in c.feed if e.date >= starts[c.siret]]
            assert in_start_month and cells[NOT_PULLED] == str(len(in_start_month))
            assert (cells[MEG], cells[INQOM], cells[TODO]) == ("valide", "sans objet", "0")
            assert cells[NEXT].count("/") == 2  # a day and an hour: the next slot
        assert window.statusBar().currentMessage() == "État MEG lu."
        # after a sync of the first one, nothing is left to pull for it
        results = await window.sync_now(connector.dossier(first.siret).id)
        assert results[0].ok and results[0].counts.new > 0
        await window.refresh_meg_state([first.siret])
        assert _cells(window, first.siret)[NOT_PULLED] == "0"
        assert _cells(window, second.siret)[NOT_PULLED] != "0"
        # linked to Inqom: « absente », then a sign-in that ends on a known day, then gone by
        folder = fast_sandbox.state.inqom.folder_by_siret(second.siret)
        connector.update_dossier(second.siret, inqom_folder=(folder.Id, folder.Name))
        await window.refresh_meg_state([second.siret])
        assert _cells(window, second.siret)[INQOM] == "absente"
        store = connector.credential_store()
        ends = datetime(2027, 1, 15, 12, tzinfo=UTC).timestamp()
        store.save(
            Authorization("inqom", "compta@cabinet.fr", "password", (second.siret,), ends, False),
            Secrets(access_token="jeton"),
        )
        await window.refresh_meg_state([second.siret])
        assert _cells(window, second.siret)[INQOM] == "jusqu'au 15/01/2027"
        store.update("inqom", "compta@cabinet.fr", expires_at=ends - 400 * 86400)
        await window.refresh_meg_state([second.siret])
        assert _cells(window, second.siret)[INQOM] == "à renouveler"
        # paused: no next slot
        await window.dossier_actions.set_active([second.siret], False)
        await window.refresh_meg_state([second.siret])
        assert _cells(window, second.siret)[NEXT] == "en pause"

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_a_lost_position_in_megs_feed_offers_the_resync(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    company = ready_companies(fast_sandbox)[0]
    connector = fast_connector(ledger_paths, fast_sandbox)
    start = last_month_start(company)
    connector.add_dossier(company.siret, name=company.name, local_only=True, start_date=start)
    dossier_id = connector.dossier(company.siret).id
    window = shown_main_window(connector, qtbot)

    def lose_the_position() -> None:
        SyncCursor.update(cursor="position-oubliee").where(
            SyncCursor.dossier == dossier_id
        ).execute()

    def question() -> QMessageBox | None:
        box = window.findChild(QMessageBox, "confirmation")
        return box if box is not None and box.isVisible() else None

    async def scenario() -> None:
        stored = (await window.sync_now(dossier_id))[0].counts.new
        assert stored > 0
        lose_the_position()
        (failed,) = await window.sync_now(dossier_id)
        assert not failed.ok and failed.error is not None
        assert failed.error.code == "invalid_cursor"
        assert "« Resynchroniser depuis MEG »" in failed.summary
        box = await wait_until(question, 10, "the offer to resynchronise")
        assert company.name in box.text() and "deux fois" in box.text()
        assert box.defaultButton().text() == "Plus tard"
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: later, nothing runs
        await wait_until(lambda: not window.tasks.running("offer_resync"), 10, "the answer")
        assert connector.history(dossier_id, 10)[0].status == "failed"
        # again, and this time « Resynchroniser depuis MEG »
        await window.sync_now(dossier_id)
        box = await wait_until(question, 10, "the offer, again")
        offer = window.tasks._tasks["offer_resync"]
        next(b for b in box.buttons() if b.text() == "Resynchroniser depuis MEG").click()
        (again,) = await asyncio.wait_for(offer, 60)
        assert again.ok and (again.counts.new, again.counts.unchanged) == (0, stored)
        runs = connector.history(dossier_id, 10)
        assert (runs[0].trigger, runs[0].status) == ("resync", "success")
        # the position is known again: a plain sync says nothing new and asks nothing
        (plain,) = await window.sync_now(dossier_id)
        assert plain.ok and plain.counts.new == 0
        assert not window.tasks.running("offer_resync") and question() is None

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_edit_sets_the_start_date_or_the_whole_history_and_local_only(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    company = ready_companies(fast_sandbox)[0]
    connector = fast_connector(ledger_paths, fast_sandbox)
    folder = fast_sandbox.state.inqom.folder_by_siret(company.siret)
    connector.add_dossier(company.siret, name=company.name, local_only=True)
    connector.update_dossier(company.siret, inqom_folder=(folder.Id, folder.Name))
    window = shown_main_window(connector, qtbot)

    async def scenario() -> None:
        dialog = window.dossier_actions.edit(company.siret)
        assert dialog.folder.currentData() == folder.Id  # the linked folder shown first
        assert dialog.whole_history.isChecked() and not dialog.start_date.isEnabled()
        dialog.whole_history.setChecked(False)
        assert dialog.start_date.isEnabled()
        dialog.start_date.setDate(dialog.start_date.date().fromString("01/03/2026", "dd/MM/yyyy"))
        dialog.folder.setCurrentIndex(dialog.folder.findData(-1))  # Local uniquement
        record = await dialog.save()
        assert record is not None and record.start_date == date(2026, 3, 1)
        assert record.local_only and record.inqom_folder_id is None
        stored = connector.dossier(company.siret)
        assert (stored.start_date, stored.local_only) == (date(2026, 3, 1), True)
        assert not dialog.isVisible()
        # the whole history again
        dialog = window.dossier_actions.edit(company.siret)
        assert dialog.start_date.date().toString("dd/MM/yyyy") == "01/03/2026"
        assert dialog.folder.currentData() == -1
        dialog.whole_history.setChecked(True)
        record = await dialog.save()
        assert record is not None and record.start_date is None

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_the_dossier_menu_imports_a_fec_into_that_dossier(qapp, qtbot, qloop, ledger_paths) -> None:
    from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog

    connector = Connector(ledger_paths, open_browser=False)
    sirets = ["73282932000074", "55208131766522"]
    for siret, name in zip(sirets, ("Alpha", "Bêta"), strict=True):
        connector.add_dossier(siret, name=name, local_only=True)
    window = shown_main_window(connector, qtbot)
    window.dossiers.select_sirets([sirets[0]])  # the selection is not the menu's dossier
    window.dossiers.action_requested.emit("fec_import", [sirets[1]])
    dialogs = [d for d in window.findChildren(FecImportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].dossier.currentData() == sirets[1]
    dialogs[0].close()
    window.quitting = True
    window.close()


def test_the_month_dialog_locks_the_current_month_only_once_ticked_complete(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    from dataclasses import replace

    from meg_inqom_desktop.app.dossier_board import paris_today
    from meg_inqom_desktop.domain.periods import month_of, next_month

    up_to_date, behind = ready_companies(fast_sandbox)[:2]
    today = paris_today()
    current = month_of(today)
    template = up_to_date.entries[0]
    up_to_date.entries.append(
        replace(template, id="MEG-NOW-1", date=today, piece_date=today, validated_at=None)
    )
    over, month = [], min(up_to_date.months())
    while month < current:
        over.append(month)
        month = next_month(month)
    up_to_date.validate_months(over, datetime.now(UTC))  # MEG validated up to last month
    connector = fast_connector(ledger_paths, fast_sandbox)
    for c in (up_to_date, behind):
        connector.add_dossier(c.siret, name=c.name, local_only=True)
    window = shown_main_window(connector, qtbot)

    async def scenario() -> None:
        dialog = window.dossier_actions.validate([up_to_date.siret, behind.siret])
        await wait_until(lambda: dialog.lock_button.isEnabled(), 30, "the next months read")
        rows = {
            dialog.model.data(dialog.model.index(r, 0)): r for r in range(dialog.model.rowCount())
        }
        now_row = rows[up_to_date.name]
        assert dialog.model.data(dialog.model.index(now_row, 1)) == (
            f"{labels.month(current)} (en cours)"
        )
        assert dialog.model.data(dialog.model.index(now_row, 5)) == (
            "Mois en cours : cochez la case ci-dessous s'il est complet"
        )
        assert dialog.current_month.isVisible() and not dialog.current_month.isChecked()
        assert [i.dossier.siret for i in dialog.lockable()] == [behind.siret]
        assert dialog.summary.text().startswith("1 dossier(s) : ")
        # « Verrouiller définitivement » locks the month that is over, never the current one
        wanted, before = month_after_validated(behind), set(behind.validated)
        assert wanted < current
        outcomes = await dialog.lock()
        assert [(o.dossier.siret, o.ok) for o in outcomes] == [(behind.siret, True)]
        assert set(behind.validated) == before | {wanted}
        assert current not in up_to_date.validated
        dialog.close()
        # alone, the current month waits for the tick, then locks
        dialog = window.dossier_actions.validate([up_to_date.siret])
        await wait_until(lambda: dialog.items != [], 30, "the current month read")
        assert not dialog.lock_button.isEnabled() and dialog.summary.text() == (
            "Rien à verrouiller."
        )
        dialog.current_month.setChecked(True)
        assert dialog.lock_button.isEnabled()
        assert dialog.summary.text() == "1 dossier(s) : 1 écritures seront verrouillées dans MEG."
        outcomes = await dialog.lock()
        assert [o.ok for o in outcomes] == [True] and current in up_to_date.validated
        dialog.close()

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()
