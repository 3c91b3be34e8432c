"""Main window on a seeded store: provenance filters against the store, pièce viewer, tray."""

from __future__ import annotations

import hashlib

from fpdf import FPDF
from PySide6.QtWidgets import QApplication
from qt_helpers import pages_shown, save_screenshot, wait_until
from ui_ledger_seed import seed_dossier, seed_entries

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.domain.money import format_amount
from meg_inqom_desktop.store.content_store import ContentStore, Piece
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_queries import LedgerLine
from meg_inqom_desktop.store.models import DocumentRow
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.tray import Tray


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _store_keys(dossier: int, provenance: str) -> list[tuple[int, int]]:
    rows = DB.execute_sql(
        "SELECT entry_id, line_no FROM entry_line WHERE dossier_id = ? AND provenance = ?",
        [dossier, provenance],
    ).fetchall()
    return sorted(tuple(r) for r in rows)


def _window(ledger_paths) -> MainWindow:  # type: ignore[no-untyped-def]
    connector = Connector(ledger_paths, open_browser=False)
    return MainWindow(connector, Tray())


def test_filter_journal_and_grand_livre_by_provenance(qapp, qtbot, qloop, ledger_paths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 120)
    window = _window(ledger_paths)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        window.reload()
        window.refresh_all_tabs()
        for view in (window.journal, window.grand_livre):
            for code in ("meg", "fec"):
                view.set_provenance(code)
                view.model.fetch_all()
                lines = [x for x in view.model.lines() if isinstance(x, LedgerLine)]
                assert {x.provenance for x in lines} == {code}
                assert sorted((x.entry_id, x.line_no) for x in lines) == _store_keys(dossier, code)
                totals = await view.update_totals()
                assert totals is not None and totals.count == len(lines)
                assert totals.debit == totals.credit
        window.journal.set_provenance("meg")
        # "Copier" puts the selected rows on the clipboard, header first, French amounts
        window.journal.table.selectRow(0)
        window.journal.copy_button.click()
        copied = QApplication.clipboard().text().split("\n")
        assert copied[0].split("\t")[:3] == ["Date", "Journal", "Pièce"]
        first = window.journal.model.line(0)
        assert isinstance(first, LedgerLine)
        assert len(copied) == 2 and copied[1].split("\t")[2] == first.piece_ref
        assert copied[1].split("\t")[7] == "MEG"
        amounts = copied[1].split("\t")[5:7]
        assert amounts == [
            format_amount(first.debit, blank_zero=True),
            format_amount(first.credit, blank_zero=True),
        ]
        assert "\u202f" in "".join(amounts)  # 1 000,07: French thousands separator
        await window.journal.update_totals()
        save_screenshot(window, "main_window")

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_double_click_opens_the_piece_in_app(qapp, qtbot, qloop, ledger_paths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 5)
    pdf = _pdf("Facture P00001")
    sha = hashlib.sha256(pdf).hexdigest()
    qloop.run_until_complete(ContentStore(ledger_paths.documents).add([Piece(pdf, sha)]))
    entry_id = DB.execute_sql("SELECT MIN(id) FROM entry").fetchone()[0]
    DocumentRow.create(
        entry=entry_id,
        dossier=dossier,
        source_id="d1",
        filename="P00001.pdf",
        media_type="application/pdf",
        size=1,
        sha256=sha,
    )
    window = _window(ledger_paths)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.reload()
        viewer = await window.open_piece(entry_id)
        assert viewer.page_count == 1 and viewer.status.text() == "P00001.pdf — 1 page"
        screen = viewer.screen().availableGeometry()
        assert screen.contains(viewer.frameGeometry())  # title bar on screen (never y = -5)
        copy = viewer.external_copy()
        assert copy.name == "P00001.pdf" and copy.read_bytes()[:5] == b"%PDF-"
        await wait_until(lambda: pages_shown(viewer), 10, "the rendered page laid out")
        save_screenshot(viewer, "piece_viewer")
        viewer.close()

    qloop.run_until_complete(scenario())
    window.quitting = True
    window.close()


def test_tray_notification_signal_and_error_presentation(qapp, qtbot) -> None:
    from meg_inqom_desktop.errors import FatalError

    tray = Tray()
    with qtbot.waitSignal(tray.notified) as blocker:
        tray.notify("Synchronisation terminée", "MEG : 12 écritures")
    assert blocker.args == ["Synchronisation terminée", "MEG : 12 écritures"]
    with qtbot.waitSignal(tray.notified) as blocker:
        tray.notify_error(FatalError("Autorisation révoquée", "Relancez l'assistant."))
    assert blocker.args == ["Autorisation révoquée", "Relancez l'assistant."]
    assert tray.state == "error"
