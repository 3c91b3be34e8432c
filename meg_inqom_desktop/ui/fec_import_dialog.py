"""FEC import: choose a file and a dossier, read the check report, then import, all or nothing
(or what can be, on request), with progress and cancel.

The file is checked as soon as it is chosen (« Contrôler » checks it again); « Importer »
asks for confirmation when the dossier does not exist yet or the file is named after another
SIREN, then imports in a worker thread through the connector. « Annuler » stops the check or
the import: nothing is kept. Open it with ``FecImportDialog(connector, siret, parent)``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui.async_tools import Tasks, ask_confirmation, async_slot
from meg_inqom_desktop.ui.error_presenter import present

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.domain.fec.report import FecReport, Finding
    from meg_inqom_desktop.store.fec.importer import FecImportResult

SHOWN_FINDINGS = 50


class _Cancelled(Exception):
    """The person pressed « Annuler » during a check."""


class FecImportDialog(QDialog):
    """``imported(dossier_id)`` is emitted once entries went in (the window reloads)."""

    imported = Signal(int)

    def __init__(
        self, connector: Connector, siret: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.connector = connector
        self.tasks = Tasks()
        self._cancel = threading.Event()
        self._checked: Path | None = None  # the file the report shown is about
        self.setWindowTitle(self.tr("Importer un FEC"))
        self.resize(760, 560)
        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("SIRENFECAAAAMMJJ.txt"))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.dossier = QComboBox()
        self.dossier.setEditable(True)
        for d in connector.dossiers():
            self.dossier.addItem(f"{d.display_name} ({d.siret})", d.siret)
        if siret is not None:
            index = self.dossier.findData(siret)
            if index >= 0:
                self.dossier.setCurrentIndex(index)
            else:
                self.dossier.setEditText(siret)
        self.dossier.setToolTip(
            self.tr("Choisissez un dossier, ou tapez le SIRET d'un nouveau dossier.")
        )
        self.partial = QCheckBox(
            self.tr("Importer ce qui peut l'être et mettre le reste de côté (import partiel)")
        )
        self.partial.setToolTip(
            self.tr(
                "Sans cette case, l'import est tout ou rien : si une ligne ne peut pas être "
                "importée, rien ne l'est."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Fichier FEC"), file_row)
        form.addRow(self.tr("Dossier"), self.dossier)
        form.addRow("", self.partial)
        self.check_button = QPushButton(self.tr("Contrôler"))
        self.import_button = QPushButton(self.tr("Importer"))
        self.import_button.setObjectName("fecImport")
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setVisible(False)
        close = QPushButton(self.tr("Fermer"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.report, 1)
        self.check_button.clicked.connect(self.on_check)
        self.import_button.clicked.connect(self.on_import)
        self.cancel_button.clicked.connect(self._cancel.set)
        self.file.textChanged.connect(lambda _t: self._forget_check())

    # -- inputs ---------------------------------------------------------------------------------
    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choisir un FEC"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("FEC (*.txt *.TXT *.csv)"), self.tr("Tous les fichiers (*)")]
        )
        dialog.fileSelected.connect(self.choose_file)
        dialog.open()

    def choose_file(self, path: str) -> None:
        """Take ``path`` and check it at once."""
        self.file.setText(path)
        self.tasks.start("check", self.check())

    def siret(self) -> str:
        """The chosen dossier's SIRET, or what was typed."""
        index = self.dossier.currentIndex()
        if index >= 0 and self.dossier.itemText(index) == self.dossier.currentText():
            return str(self.dossier.itemData(index))
        return "".join(ch for ch in self.dossier.currentText() if ch.isdigit())

    def _path(self) -> Path:
        return Path(self.file.text().strip())

    def _forget_check(self) -> None:
        self._checked = None
        self.import_button.setEnabled(False)

    # -- the work -------------------------------------------------------------------------------
    @async_slot()
    async def on_check(self) -> None:
        await self.check()

    @async_slot()
    async def on_import(self) -> None:
        await self.run_import()

    async def check(self) -> FecReport | None:
        """Check the chosen file in a worker thread and show its report (None: not checked)."""
        path = self._path()
        if not path.is_file():
            self._show(self.tr("Choisissez un fichier FEC existant."))
            return None
        self._busy(True, self.tr("Contrôle de {0}…").format(path.name))
        size = max(path.stat().st_size, 1)
        progress = self._thread_progress(size, raise_on_cancel=_Cancelled)
        try:
            scan = await self.connector.in_thread(self.connector.check_fec, path, progress)
        except _Cancelled:
            self._show(self.tr("Contrôle annulé."))
            return None
        except Exception as exc:
            shown = present(exc)
            self._show(f"{shown.title} : {shown.message}")
            return None
        finally:
            self._busy(False)
        self._checked = path if scan.readable else None
        self.import_button.setEnabled(self._checked is not None)
        self._show(self.report_text(scan.report))
        return scan.report

    async def run_import(self) -> FecImportResult | None:
        """Confirm when needed, then import in a worker thread; None when not imported."""
        path, siret = self._checked, self.siret()
        if path is None:
            return None
        if self.connector.syncing():
            self._show(
                self.tr(
                    "Une synchronisation est en cours : attendez qu'elle finisse, puis importez."
                )
            )
            return None
        try:
            questions = await self.connector.in_thread(
                self.connector.fec_import_questions, path, siret
            )
        except Exception as exc:  # a SIRET that is not one
            shown = present(exc)
            self.status.setText(f"{shown.title} : {shown.message}")
            return None
        if questions and not await ask_confirmation(
            self,
            self.tr("Confirmer l'import"),
            "\n\n".join([*(q.message for q in questions), self.tr("Importer quand même ?")]),
            self.tr("Importer"),
            self.tr("Ne pas importer"),
        ):
            self.status.setText(self.tr("Import abandonné : rien n'a été importé."))
            return None
        self._busy(True, self.tr("Import de {0}…").format(path.name))
        size = max(path.stat().st_size, 1)
        try:
            result = await self.connector.in_thread(
                self.connector.import_fec,
                path,
                siret,
                partial=self.partial.isChecked(),
                force=True,
                check_progress=self._thread_progress(size),
                import_progress=self._thread_progress(size),
                cancelled=self._cancel.is_set,
            )
        except Exception as exc:  # cancelled, unreadable, database
            shown = present(exc)
            self._show(f"{shown.title} : {shown.message}")
            return None
        finally:
            self._busy(False)
        self._show(self.result_text(result) + "\n\n" + self.report_text(result.report))
        if result.entries_new:
            self.imported.emit(result.dossier_id)
        return result

    def _busy(self, busy: bool, text: str = "") -> None:
        if busy:
            self._cancel.clear()
            self.progress.setValue(0)
        self.status.setText(text)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.check_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._checked is not None)

    def _thread_progress(
        self, size: int, raise_on_cancel: type[Exception] | None = None
    ) -> Callable[[int], None]:
        """A callback for the worker thread: moves the bar on the GUI thread."""
        loop = asyncio.get_running_loop()
        bar = self.progress

        def report(done: int) -> None:
            if raise_on_cancel is not None and self._cancel.is_set():
                raise raise_on_cancel()
            loop.call_soon_threadsafe(bar.setValue, min(100, done * 100 // size))

        return report

    def _show(self, text: str) -> None:
        self.report.setPlainText(text)

    # -- texts ----------------------------------------------------------------------------------
    def report_text(self, report: FecReport) -> str:
        """The check report as the accountant reads it before importing."""
        lines = [
            self.tr("Fichier : {0}").format(report.filename),
            self.tr("Régime : {0}").format(report.regime),
            self.tr("Conforme pour Test Compta Demat (DGFiP) : aucune erreur.")
            if report.conforming
            else self.tr("Non conforme pour Test Compta Demat (DGFiP) : {0} erreur(s).").format(
                report.errors
            ),
            self.tr("Lignes : {0} — écritures : {1} — alertes : {2}").format(
                report.rows, report.entries, report.alerts
            ),
        ]
        if report.grouping is not None:
            lines.append(
                self.tr("Regroupement : {0} — {1}").format(
                    report.grouping.label, report.grouping.reason
                )
            )
        if report.importable:
            lines.append(self.tr("✓ Toutes les écritures peuvent être importées."))
        else:
            lines.append(
                self.tr(
                    "✗ {0} ligne(s) illisible(s) et {1} écriture(s) non équilibrée(s) : sans "
                    "import partiel, rien ne sera importé."
                ).format(len(report.rejected_lines), report.unbalanced_entries)
            )
            lines.extend(self._findings(report.blocking()))
        blocking = set(report.blocking())
        others = [f for f in report.findings if f not in blocking]
        if others:
            lines.append(self.tr("Autres constats (ils n'empêchent pas l'import) :"))
            lines.extend(self._findings(others))
        return "\n".join(lines)

    def _findings(self, findings: list[Finding]) -> list[str]:
        shown = [
            self.tr("  ligne {0} [{1}] {2}").format(f.line or "—", f.column, f.message)
            for f in findings[:SHOWN_FINDINGS]
        ]
        if len(findings) > SHOWN_FINDINGS:
            shown.append(self.tr("  … et {0} autre(s).").format(len(findings) - SHOWN_FINDINGS))
        return shown

    def result_text(self, result: FecImportResult) -> str:
        """What the import did."""
        if result.already_imported:
            return self.tr("Ce fichier a déjà été importé dans ce dossier : rien n'a été ajouté.")
        if result.refused:
            return "\n".join(
                [
                    self.tr(
                        "Rien n'a été importé : {0} ligne(s) illisible(s) et {1} écriture(s) non "
                        "équilibrée(s). Corrigez le fichier dans le logiciel d'origine, ou cochez "
                        "l'import partiel pour importer le reste."
                    ).format(len(result.report.rejected_lines), result.report.unbalanced_entries),
                    *self._findings(result.problems),
                ]
            )
        lines = [
            self.tr("Import terminé : {0} écriture(s) nouvelle(s), {1} déjà présente(s).").format(
                result.entries_new, result.entries_unchanged
            ),
            self.tr("Lignes : {0} importée(s), {1} mise(s) de côté.").format(
                result.lines_new, result.lines_rejected
            ),
        ]
        if result.dossier_created:
            lines.insert(0, self.tr("Dossier créé."))
        if result.entries_not_validated:
            lines.append(
                self.tr(
                    "{0} écriture(s) sans ValidDate : enregistrée(s) comme non validée(s)."
                ).format(result.entries_not_validated)
            )
        if result.lines_rejected:
            lines.append(self.tr("Les lignes mises de côté sont dans « À traiter »."))
            lines.extend(self._findings(result.problems))
        return "\n".join(lines)
