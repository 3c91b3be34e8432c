"""A sync started from the main window against the sandbox ends with one tray notification."""

from __future__ import annotations

import asyncio
from datetime import date

from qt_helpers import pages_shown, save_screenshot, wait_signal, wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.models import SyncRun
from meg_inqom_desktop.sync.runs import Phase, Progress
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.tray import Tray


async def _authorize(connector: Connector, sandbox, siret: str) -> None:  # type: ignore[no-untyped-def]
    handle = await connector.authorize("meg", siret)
    waiting = asyncio.ensure_future(handle.wait())
    await asyncio.to_thread(sandbox.authorize_as_browser, handle.url, follow=True)
    assert await waiting


def test_sync_now_notifies_and_fills_the_journal(
    qapp, qtbot, qloop, ledger_paths, ui_sandbox
) -> None:
    company = next(
        c
        for c in ui_sandbox.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    )
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    tray = Tray()
    window = MainWindow(connector, tray)
    qtbot.addWidget(window)

    async def scenario() -> None:
        await _authorize(connector, ui_sandbox, company.siret)
        await connector.connect_dossier(
            siret=company.siret,
            name=company.name,
            inqom_folder_id=None,
            start_date=date(2025, 1, 1),
        )
        window.show()
        window.reload()
        assert window.journal.model.rowCount() == 0
        notified = asyncio.ensure_future(wait_signal(tray.notified, 60))
        window.sync_button.click()
        await wait_until(lambda: window.cancel_button.isVisible(), what="sync started")
        assert not window.sync_button.isEnabled()
        title, message = await notified
        assert title == "Synchronisation terminée"
        pieces = sum(len(e.documents) for e in company.feed)
        assert message == (
            f"MEG : {len(company.feed)} écritures et {pieces} pièces importées pour {company.name}."
        )
        assert tray.state == "idle" and window.sync_button.isEnabled()
        # the Journal now shows the MEG lines of the store
        window.journal.set_provenance("meg")
        window.journal.model.fetch_all()
        stored = DB.execute_sql(
            "SELECT COUNT(*) FROM entry_line WHERE provenance = 'meg'"
        ).fetchone()[0]
        assert stored > 0 and window.journal.model.rowCount() == stored
        window.history.reload(window.dossiers.current_id())
        assert window.history.model.rowCount() == 1
        await window.journal.update_totals()
        save_screenshot(window, "main_window_after_sync")
        # double click on a line whose entry has a pièce opens it in the app
        with_doc = DB.execute_sql("SELECT MIN(entry_id) FROM document").fetchone()[0]
        row = next(
            r
            for r in range(window.journal.model.rowCount())
            if window.journal.model.line(r).entry_id == with_doc
        )
        opened: list[int] = []
        window.journal.open_entry.connect(opened.append)
        window.journal.table.doubleClicked.emit(window.journal.model.index(row, 0))
        assert opened == [with_doc]
        viewer = await window.open_piece(with_doc)
        assert viewer.page_count >= 1
        await wait_until(lambda: pages_shown(viewer), 10, "the rendered page laid out")
        save_screenshot(viewer, "piece_viewer_sandbox")
        viewer.close()
        # the next sync notifies again, once
        seen: list[tuple[str, str]] = []
        tray.notified.connect(lambda t, m: seen.append((t, m)))
        await window.sync_now()
        assert len(seen) == 1

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def _ledger_facts() -> dict[str, object]:
    """What a consistent ledger must show: SQLite intact, every entry whole and balanced, every
    line and pièce attached to an entry."""
    sql = DB.execute_sql
    return {
        "integrity": sql("PRAGMA integrity_check").fetchone()[0],
        "entries without lines": sql(
            "SELECT COUNT(*) FROM entry WHERE id NOT IN (SELECT entry_id FROM entry_line)"
        ).fetchone()[0],
        "unbalanced entries": sql(
            "SELECT COUNT(*) FROM (SELECT entry_id FROM entry_line GROUP BY entry_id"
            " HAVING SUM(debit_cents) <> SUM(credit_cents))"
        ).fetchone()[0],
        "orphan lines": sql(
            "SELECT COUNT(*) FROM entry_line WHERE entry_id NOT IN (SELECT id FROM entry)"
        ).fetchone()[0],
        "orphan pièces": sql(
            "SELECT COUNT(*) FROM document WHERE entry_id NOT IN (SELECT id FROM entry)"
        ).fetchone()[0],
    }


CONSISTENT = {
    "integrity": "ok",
    "entries without lines": 0,
    "unbalanced entries": 0,
    "orphan lines": 0,
    "orphan pièces": 0,
}


def test_cancel_stops_the_running_sync(qapp, qtbot, qloop, ledger_paths, ui_sandbox) -> None:
    """« Annuler » while the pull is under way: the run is recorded cancelled, the ledger stays
    consistent, and the next sync brings the rest, each entry once.

    The click comes once a first page is stored, and from that moment MEG answers only after a
    minute, so the sync is still running when the click arrives however loaded the machine."""
    company = next(
        c
        for c in ui_sandbox.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    )
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    window = MainWindow(connector, Tray())
    qtbot.addWidget(window)

    async def scenario() -> None:
        await _authorize(connector, ui_sandbox, company.siret)
        await connector.connect_dossier(
            siret=company.siret,
            name=company.name,
            inqom_folder_id=None,
            start_date=date(2025, 1, 1),
        )
        window.show()
        window.reload()
        first_page: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def hold_after_first_page(event: Progress) -> None:
            if event.phase == Phase.PULL and event.entries_done and not first_page.done():
                ui_sandbox.set_faults("meg.*:latency=60s")  # the sync waits here
                first_page.set_result(event.entries_done)

        connector.add_progress_listener(hold_after_first_page)
        ui_sandbox.set_faults("meg.documents:latency=50ms")  # some pièces per page to wait for
        window.sync_button.click()
        stored = await asyncio.wait_for(first_page, 60)
        assert 0 < stored < len(company.feed)
        assert window.cancel_button.isVisible() and not window.sync_button.isEnabled()
        window.cancel_button.click()
        await wait_until(lambda: window.sync_button.isEnabled(), 30, "the sync to stop")
        assert window.progress_label.text() == "Synchronisation annulée."
        assert not window.cancel_button.isVisible()
        assert [r.status for r in SyncRun.select()] == ["cancelled"]
        assert _ledger_facts() == CONSISTENT
        kept = DB.execute_sql("SELECT COUNT(*) FROM entry").fetchone()[0]
        assert stored <= kept < len(company.feed)  # whole pages only, not the whole feed

        ui_sandbox.set_faults(None)
        results = await window.sync_now()
        assert [r.ok for r in results] == [True]
        assert [r.status for r in SyncRun.select().order_by(SyncRun.id)] == [
            "cancelled",
            "success",
        ]
        assert _ledger_facts() == CONSISTENT
        ids = [row[0] for row in DB.execute_sql("SELECT source_id FROM entry").fetchall()]
        assert sorted(ids) == sorted(e.id for e in company.feed)  # the rest, each entry once

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()
