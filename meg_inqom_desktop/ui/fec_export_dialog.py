"""FEC export: dossier, fiscal year (closing date), folder; shows the file's validation report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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
    QWidget,
)

from meg_inqom_desktop.ui.async_tools import async_slot
from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.geometry import fit_to_screen

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.domain.fec.report import FecReport


class FecExportDialog(QDialog):
    """Dossier, closing date and folder; the FEC is written, then checked, off the GUI thread."""

    def __init__(
        self,
        connector: Connector,
        dossier_siret: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.connector = connector
        self.setWindowTitle(self.tr("Exporter le FEC"))
        fit_to_screen(self, 640, 480)
        self.dossier = QComboBox()
        for d in connector.dossiers():
            self.dossier.addItem(f"{d.display_name} ({d.siret})", d.siret)
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

    @async_slot()
    async def on_export(self) -> None:
        await self.export()

    async def export(self) -> str:
        """Export in a worker thread and show the report."""
        qd = self.closing.date()
        closing = date(qd.year(), qd.month(), qd.day())
        self.export_button.setEnabled(False)
        self.report.setPlainText(self.tr("Export en cours…"))
        siret, folder = str(self.dossier.currentData()), Path(self.folder.text())
        try:
            path, report = await self.connector.in_thread(self._write, siret, closing, folder)
            text = self.report_text(path, report)
        except Exception as exc:
            shown = present(exc)
            text = f"{shown.title} : {shown.message}"
        finally:
            self.export_button.setEnabled(True)
        self.report.setPlainText(text)
        return text

    def _write(self, siret: str, closing: date, folder: Path) -> tuple[Path, FecReport]:
        """Write the FEC, then check the file written; returns its path and report."""
        result = self.connector.export_fec(siret, closing.year, folder, closing=closing)
        return result.path, self.connector.check_fec(result.path).report

    def report_text(self, path: Path, report: FecReport) -> str:
        """A plain summary of a FEC report."""
        lines = [
            self.tr("Fichier : {0}").format(path),
            self.tr("Lignes : {0} — écritures : {1}").format(report.rows, report.entries),
            self.tr("Erreurs : {0} — alertes : {1}").format(report.errors, report.alerts),
        ]
        for finding in report.findings[:200]:
            lines.append(
                self.tr("ligne {0} [{1}] {2}").format(finding.line, finding.column, finding.message)
            )
        if not report.errors and not report.alerts:
            lines.append(self.tr("✓ Le fichier est conforme (aucune erreur, aucune alerte)."))
        return "\n".join(lines)
