"""FEC export: dossier, fiscal year (closing date), folder; shows the file's validation report."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)
from qasync import asyncSlot

from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.ui.error_presenter import present


def export_fec(siret: str, closing: date, folder: Path) -> tuple[Path, Any]:
    """Write the FEC with the store's exporter, then check the file; returns (path, report)."""
    from meg_inqom_desktop.store.fec.check import check_fec
    from meg_inqom_desktop.store.fec.exporter import export_fec as write_fec

    result = write_fec(siret, closing.year, folder, closing=closing)
    path = Path(result.path)
    return path, check_fec(path).report


def report_text(path: Path, report: Any) -> str:
    """A plain French summary of a FEC report."""
    lines = [
        f"Fichier : {path}",
        f"Lignes : {report.rows} — écritures : {report.entries}",
        f"Erreurs : {report.errors} — alertes : {report.alerts}",
    ]
    for finding in report.findings[:200]:
        lines.append(f"ligne {finding.line} [{finding.column}] {finding.message}")
    if not report.errors and not report.alerts:
        lines.append("✓ Le fichier est conforme (aucune erreur, aucune alerte).")
    return "\n".join(lines)


class FecExportDialog(QDialog):
    def __init__(self, paths: Any, dossier_siret: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exporter le FEC"))
        self.resize(640, 480)
        self.dossier = QComboBox()
        for d in DossierRow.select().order_by(DossierRow.name):
            self.dossier.addItem(f"{d.name or d.siret} ({d.siret})", d.siret)
        if dossier_siret is not None:
            self.dossier.setCurrentIndex(max(self.dossier.findData(dossier_siret), 0))
        year = date.today().year - 1
        self.closing = QDateEdit(QDate(year, 12, 31))
        self.closing.setCalendarPopup(True)
        self.closing.setDisplayFormat("dd/MM/yyyy")
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Dossier"), self.dossier)
        form.addRow(self.tr("Clôture de l'exercice"), self.closing)
        form.addRow(self.tr("Dossier de destination"), folder_row)
        self.export_button = QPushButton(self.tr("Exporter"))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.export_button)
        layout.addWidget(self.report, 1)
        self.export_button.clicked.connect(self.on_export)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Dossier de destination"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()

    @asyncSlot()
    async def on_export(self) -> None:
        await self.export()

    async def export(self) -> str:
        """Export in a worker thread and show the report."""
        qd = self.closing.date()
        closing = date(qd.year(), qd.month(), qd.day())
        self.export_button.setEnabled(False)
        self.report.setPlainText(self.tr("Export en cours…"))
        try:
            path, report = await asyncio.to_thread(
                export_fec, str(self.dossier.currentData()), closing, Path(self.folder.text())
            )
            text = report_text(path, report)
        except Exception as exc:
            shown = present(exc)
            text = f"{shown.title} : {shown.message}"
        finally:
            self.export_button.setEnabled(True)
        self.report.setPlainText(text)
        return text
