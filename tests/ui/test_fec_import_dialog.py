"""Fichier → « Importer un FEC… »: the check report first, confirmation, the import with
progress, all or nothing, partial on request, cancel (offscreen, qasync loop)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from qt_helpers import save_screenshot, wait_signal, wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.domain.fec.columns import COLUMNS_18
from meg_inqom_desktop.store.models import DossierRow, EntryRow, Rejection
from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog

SIRET = "73282932000074"


def write_fec(path: Path, entries: int, *, bad_line: bool = False) -> Path:
    rows = ["\t".join(COLUMNS_18)]
    for n in range(1, entries + 1):
        for account, debit, credit in (("411000", "12,00", "0,00"), ("706000", "0,00", "12,00")):
            rows.append(
                "\t".join(
                    [
                        "VT",
                        "Ventes",
                        str(n),
                        "20230110",
                        account,
                        "Compte",
                        "",
                        "",
                        f"F{n}",
                        "20230110",
                        "Vente",
                        debit,
                        credit,
                        "",
                        "",
                        "20230131",
                        "",
                        "",
                    ]
                )
            )
    if bad_line:
        rows[3] = rows[3].replace("12,00", "12.00")  # entry 2's debit: unreadable
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


async def confirm(dialog: FecImportDialog) -> str:
    """Click « Importer » in the confirmation box; returns its text."""
    await wait_until(lambda: dialog.findChild(QMessageBox, "confirmation") is not None)
    box = dialog.findChild(QMessageBox, "confirmation")
    text = box.text()
    next(b for b in box.buttons() if b.text() == "Importer").click()
    return text


def test_check_then_import_into_a_new_dossier_after_confirmation(
    qapp, qtbot, qloop, ledger_paths, fec_samples: Path
) -> None:
    connector = Connector(ledger_paths)
    dialog = FecImportDialog(connector, SIRET)
    qtbot.addWidget(dialog)
    assert dialog.siret() == SIRET and not dialog.import_button.isEnabled()

    async def scenario() -> None:
        dialog.choose_file(str(fec_samples / "111111111FEC20221231.TXT"))
        await wait_until(lambda: dialog.import_button.isEnabled(), what="the check")
        report = dialog.report.toPlainText()
        assert "Conforme pour Test Compta Demat" in report
        assert "Lignes : 934 — écritures : 248" in report
        assert "✓ Toutes les écritures peuvent être importées." in report
        save_screenshot(dialog, "fec_import_dialog_report")
        importing = asyncio.ensure_future(dialog.run_import())
        question = await confirm(dialog)
        assert "n'existe pas encore" in question and "SIREN 111111111" in question
        signalled = await wait_signal(dialog.imported, timeout=30)
        result = await importing
        assert result is not None and signalled == (result.dossier_id,)
        assert (result.entries_new, result.lines_new) == (248, 934)

    qloop.run_until_complete(scenario())
    assert "Import terminé : 248 écriture(s) nouvelle(s)" in dialog.report.toPlainText()
    assert DossierRow.get().siret == SIRET and EntryRow.select().count() == 248
    save_screenshot(dialog, "fec_import_dialog_done")


def test_all_or_nothing_then_partial(qapp, qtbot, qloop, ledger_paths, tmp_path: Path) -> None:
    DossierRow.create(siret=SIRET, name="Démo SA")
    connector = Connector(ledger_paths)
    dialog = FecImportDialog(connector, SIRET)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(write_fec(tmp_path / "732829320FEC20231231.txt", 3, bad_line=True)))

    async def scenario() -> None:
        report = await dialog.check()
        assert report is not None and not report.importable
        assert "sans import partiel, rien ne sera importé" in dialog.report.toPlainText()
        refused = await dialog.run_import()  # same SIREN, existing dossier: no question
        assert refused is not None and refused.refused
        assert "Rien n'a été importé" in dialog.report.toPlainText()
        assert "12.00" in dialog.report.toPlainText()
        assert EntryRow.select().count() == 0
        dialog.partial.setChecked(True)
        partial = await dialog.run_import()
        assert partial is not None and (partial.entries_new, partial.lines_rejected) == (2, 2)

    qloop.run_until_complete(scenario())
    assert "dans « À traiter »" in dialog.report.toPlainText()
    assert Rejection.select().count() == 2  # the unreadable line and its unbalanced entry


def test_cancel_keeps_nothing(qapp, qtbot, qloop, ledger_paths, tmp_path: Path) -> None:
    DossierRow.create(siret=SIRET)
    connector = Connector(ledger_paths)
    dialog = FecImportDialog(connector, SIRET)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(write_fec(tmp_path / "732829320FEC20231231.txt", 40_000)))

    async def scenario() -> None:
        assert await dialog.check() is not None
        # « Annuler » as soon as the import's bar moves (a file of about 10 MB, read in blocks
        # of 1 MB: each block is a chance to stop)
        dialog.progress.valueChanged.connect(lambda _v: dialog.cancel_button.click())
        result = await dialog.run_import()
        assert result is None

    qloop.run_until_complete(scenario())
    assert "Import annulé" in dialog.report.toPlainText()
    assert EntryRow.select().count() == 0 and Rejection.select().count() == 0
