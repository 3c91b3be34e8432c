"""Edit a dossier: its start date, its Inqom folder (or local only), its pause; and the
question asked before removing one, which says what happens to its data."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.async_tools import ask_confirmation, async_slot
from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.geometry import fit_to_screen

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.store.dossiers import DossierRecord

LOCAL_ONLY = -1


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DossierDialog(QDialog):
    """« Modifier… » of a dossier; ``saved(record)`` once the change is stored."""

    saved = Signal(object)

    def __init__(self, connector: Connector, siret: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierDialog")
        self.connector = connector
        self.record: DossierRecord = connector.dossier(siret)
        record = self.record
        self.setWindowTitle(self.tr("Modifier le dossier"))
        fit_to_screen(self, 620, 360)
        self.name = QLabel(f"{record.display_name} — SIRET {record.siret}")
        self.start_date = QDateEdit(_qdate(record.start_date or date(date.today().year, 1, 1)))
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd/MM/yyyy")
        self.whole_history = QCheckBox(self.tr("Tout l'historique de MEG"))
        self.whole_history.setChecked(record.start_date is None)
        self.whole_history.toggled.connect(lambda on: self.start_date.setEnabled(not on))
        self.start_date.setEnabled(record.start_date is not None)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_date)
        start_row.addWidget(self.whole_history)
        start_row.addStretch(1)
        start_help = QLabel(
            self.tr(
                "Première date importée de MEG. Une date plus ancienne fait relire MEG depuis "
                "le début à la prochaine synchronisation ; une date plus récente garde les "
                "écritures déjà importées."
            )
        )
        start_help.setWordWrap(True)
        self.folder = QComboBox()
        if record.inqom_folder_id is not None and not record.local_only:
            self.folder.addItem(
                record.inqom_folder_name or str(record.inqom_folder_id), record.inqom_folder_id
            )
        self.folder.addItem(self.tr("Local uniquement (sans Inqom)"), LOCAL_ONLY)
        self.load_folders = QPushButton(self.tr("Charger les dossiers Inqom"))
        self.load_folders.setAutoDefault(False)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.load_folders)
        folder_help = QLabel(
            self.tr(
                "Les écritures déjà envoyées restent dans le dossier Inqom d'origine ; les "
                "suivantes vont dans celui choisi ici."
            )
        )
        folder_help.setWordWrap(True)
        self.paused = QCheckBox(self.tr("Suspendre la synchronisation de ce dossier"))
        self.paused.setChecked(not record.active)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(colors.style("error"))
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("Dossier"), self.name)
        form.addRow(self.tr("Date de début"), start_row)
        form.addRow("", start_help)
        form.addRow(self.tr("Dossier Inqom"), folder_row)
        form.addRow("", folder_help)
        form.addRow("", self.paused)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        self.load_folders.clicked.connect(self.on_load_folders)

    def _show_error(self, exc: BaseException | None) -> None:
        if exc is None:
            self.error.setVisible(False)
            return
        shown = present(exc)
        self.error.setText(f"{shown.title} : {shown.message}")
        self.error.setVisible(True)

    @async_slot()
    async def on_load_folders(self) -> None:
        await self.fill_folders()

    async def fill_folders(self) -> int:
        """The Inqom folders the user reaches (the one matching the SIRET first)."""
        self.load_folders.setEnabled(False)
        self._show_error(None)
        try:
            folders = await self.connector.inqom_folders(self.record.siret)
        except Exception as exc:
            self._show_error(exc)
            return 0
        finally:
            self.load_folders.setEnabled(True)
        current = self.folder.currentData()
        self.folder.clear()
        for folder in sorted(folders, key=lambda f: not f.matches):
            self.folder.addItem(f"{folder.name} — {folder.siren} {folder.nic}".strip(), folder.id)
        self.folder.addItem(self.tr("Local uniquement (sans Inqom)"), LOCAL_ONLY)
        # the folder linked so far stays chosen; a local-only dossier gets the matching one
        index = self.folder.findData(current) if current != LOCAL_ONLY else -1
        self.folder.setCurrentIndex(index if index >= 0 else 0)
        return len(folders)

    @async_slot()
    async def on_save(self) -> None:
        await self.save()

    async def save(self) -> DossierRecord | None:
        """Store the change (in a worker thread); the dialog stays open on a problem."""
        day = self.start_date.date()
        start = None if self.whole_history.isChecked() else date(day.year(), day.month(), day.day())
        folder = self.folder.currentData()
        name = self.folder.currentText().split(" — ")[0]
        try:
            record = await self.connector.in_thread(
                self.connector.update_dossier,
                self.record.siret,
                start_date=start,
                inqom_folder=None if folder in (None, LOCAL_ONLY) else (int(folder), name),
                local_only=folder == LOCAL_ONLY,
                active=not self.paused.isChecked(),
            )
        except Exception as exc:
            self._show_error(exc)
            return None
        self.saved.emit(record)
        self.accept()
        return record


async def confirm_removal(connector: Connector, siret: str, parent: QWidget | None) -> bool:
    """Ask before removing a dossier, saying what will be deleted and what stays."""
    record = connector.dossier(siret)
    impact = await connector.in_thread(connector.removal_impact, siret)
    text = QCoreApplication.translate(
        "DossierDialog",
        "Retirer le dossier {0} ?\n\n"
        "Seront supprimés de ce poste : {1} écritures ({2} lignes), {3} pièces liées, "
        "{4} synchronisations de l'historique et {5} éléments à traiter.\n\n"
        "Restent en place : les écritures et pièces dans MEG ; les {6} écritures déjà envoyées "
        "dans Inqom ; les autorisations MEG et Inqom ; les fichiers des pièces (ils peuvent "
        "servir à d'autres dossiers). Un FEC exporté avant reste valable.",
    ).format(
        record.display_name,
        impact.entries,
        impact.lines,
        impact.documents,
        impact.runs,
        impact.open_items,
        impact.pushed,
    )
    return await ask_confirmation(
        parent,
        QCoreApplication.translate("DossierDialog", "Retirer le dossier"),
        text,
        QCoreApplication.translate("DossierDialog", "Retirer le dossier"),
        QCoreApplication.translate("DossierDialog", "Annuler"),
    )
