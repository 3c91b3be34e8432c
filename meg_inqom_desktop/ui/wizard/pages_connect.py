"""Wizard pages: step 2 (preview and validate a period) and step 3 (Inqom, first sync)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from meg_inqom_desktop.app.wizard_flow import Step, WizardFlow
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.async_tools import ask_confirmation, async_slot
from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel
from meg_inqom_desktop.ui.progress import set_progress
from meg_inqom_desktop.ui.wizard.browser_auth import BrowserAuthWidget
from meg_inqom_desktop.ui.wizard.pages_meg import WizardPage

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.setup import InqomFolder, PreviewLine
    from meg_inqom_desktop.sync.runs import Progress

LOCAL_ONLY = -1


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class ValidatePage(WizardPage):
    step = Step.VALIDATE

    def __init__(
        self, flow: WizardFlow, connector: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(flow, connector, parent)
        intro = QLabel(
            self.tr(
                "Seules les écritures validées dans MEG sont transmises. Choisissez une "
                "période, prévisualisez les écritures qu'elle verrouillera, puis validez. "
                "Si vos périodes sont déjà validées, passez cette étape."
            )
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        today = date.today()
        row = QHBoxLayout()
        self.date_from = QDateEdit(_qdate(date(today.year, 1, 1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.preview_button = QPushButton(self.tr("Prévisualiser"))
        self.validate_button = QPushButton(self.tr("Valider"))
        self.validate_button.setEnabled(False)
        row.addWidget(QLabel(self.tr("Du")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("au")))
        row.addWidget(self.date_to)
        row.addWidget(self.preview_button)
        row.addWidget(self.validate_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.model: RowsModel[PreviewLine] = RowsModel(
            [
                (QT_TRANSLATE_NOOP("ValidatePage", "Journal"), lambda x: x.journal),
                (QT_TRANSLATE_NOOP("ValidatePage", "Date"), lambda x: formatting.day(x.date)),
                (QT_TRANSLATE_NOOP("ValidatePage", "Pièce"), lambda x: x.piece_ref),
                (QT_TRANSLATE_NOOP("ValidatePage", "Libellé"), lambda x: x.label),
                (
                    QT_TRANSLATE_NOOP("ValidatePage", "Débit"),
                    lambda x: formatting.money(x.debit, blank_zero=True),
                ),
                (
                    QT_TRANSLATE_NOOP("ValidatePage", "Crédit"),
                    lambda x: formatting.money(x.credit, blank_zero=True),
                ),
            ],
            context="ValidatePage",
            right_aligned=(4, 5),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.layout_.addWidget(self.table, 1)
        self.totals = QLabel("")
        self.report = QLabel("")
        self.report.setWordWrap(True)
        self.layout_.addWidget(self.totals)
        self.layout_.addWidget(self.report)
        self.layout_.addWidget(self.error_label)
        self.error_label.setVisible(False)
        self.preview_button.clicked.connect(self.on_preview)
        self.validate_button.clicked.connect(self.on_validate)

    def period(self) -> tuple[date, date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    @async_slot()
    async def on_preview(self) -> None:
        await self.preview()

    async def preview(self) -> list[PreviewLine]:
        """Show what validating the period would lock, with totals per journal."""
        start, end = self.period()
        self.set_busy(True)
        self.show_error(None)
        try:
            result = await self.connector.preview_period(self.flow.state.siret, start, end)
        except Exception as exc:
            shown = present(exc)
            self.show_error(f"{shown.title} : {shown.message}")
            return []
        finally:
            self.set_busy(False)
        lines = result.lines
        self.model.set_rows(lines)
        self.table.resizeColumnsToContents()
        per_journal: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for line in lines:
            per_journal[line.journal][0] += line.debit
            per_journal[line.journal][1] += line.credit
        parts = [
            self.tr("{0} : débit {1}, crédit {2}").format(
                code, formatting.money(d), formatting.money(c)
            )
            for code, (d, c) in sorted(per_journal.items())
        ]
        if lines:
            self.totals.setText(self.tr("Totaux par journal :") + "\n" + "\n".join(parts))
        else:
            self.totals.setText(self.tr("Aucune écriture à valider sur cette période."))
        already = result.already_validated
        if already:
            self.flow.state.periods_already_validated = True
            self.report.setText(
                self.tr("Mois déjà validés dans MEG : {0}.").format(", ".join(already))
            )
        self.validate_button.setEnabled(bool(lines))
        self.changed.emit()
        return lines

    @async_slot()
    async def on_validate(self) -> None:
        await self.validate()

    async def validate(self, *, confirmed: bool | None = None) -> bool:
        """Lock the period in MEG after a confirmation that says it cannot be undone."""
        start, end = self.period()
        if confirmed is None:
            confirmed = await ask_confirmation(
                self,
                self.tr("Valider la période"),
                self.tr(
                    "Valider du {0} au {1} verrouille ces écritures dans MEG. Ce "
                    "verrouillage est définitif : il ne peut pas être annulé. Continuer ?"
                ).format(formatting.day(start), formatting.day(end)),
                self.tr("Valider définitivement"),
                self.tr("Annuler"),
            )
        if not confirmed:
            return False
        self.set_busy(True)
        try:
            report = await self.connector.validate_period(self.flow.state.siret, start, end)
        except Exception as exc:
            shown = present(exc)
            self.show_error(f"{shown.title} : {shown.message}")
            return False
        finally:
            self.set_busy(False)
        self.report.setText(
            self.tr("✓ Période du {0} au {1} validée : {2} écritures verrouillées.").format(
                formatting.day(start), formatting.day(end), report.count
            )
        )
        self.validate_button.setEnabled(False)
        self.flow.state.validation_done = True
        self.changed.emit()
        return True


class ConnectPage(WizardPage):
    step = Step.CONNECT
    connected = Signal(int)

    def __init__(
        self, flow: WizardFlow, connector: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(flow, connector, parent)
        self.auth = BrowserAuthWidget(connector, "inqom", "Inqom")
        self.layout_.addWidget(self.auth)
        form = QFormLayout()
        self.folder = QComboBox()
        self.folder.addItem(self.tr("Local uniquement (sans Inqom)"), LOCAL_ONLY)
        self.match_hint = QLabel("")
        self.match_hint.setWordWrap(True)
        self.start_date = QDateEdit(_qdate(date(date.today().year - 1, 1, 1)))
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd/MM/yyyy")
        self.siret = QLineEdit()
        self.siret.setReadOnly(True)
        form.addRow(self.tr("Dossier Inqom"), self.folder)
        form.addRow("", self.match_hint)
        form.addRow(self.tr("Date de début"), self.start_date)
        form.addRow(self.tr("SIRET"), self.siret)
        self.layout_.addLayout(form)
        self.marketplace_text = QLabel(
            self.tr(
                "Attention : Inqom propose aussi sa propre application MEG (Marketplace Inqom). "
                "Si elle est active sur ce dossier en même temps que ce connecteur, chaque "
                "écriture arrivera deux fois dans Inqom."
            )
        )
        self.marketplace_text.setWordWrap(True)
        self.marketplace = QCheckBox(
            self.tr("L'application MEG de la Marketplace Inqom n'est pas active sur ce dossier")
        )
        self.layout_.addWidget(self.marketplace_text)
        self.layout_.addWidget(self.marketplace)
        self.connect_button = QPushButton(self.tr("Connexion"))
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.connect_button)
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.error_label)
        self.error_label.setVisible(False)
        self.layout_.addStretch(1)
        self.auth.authorized.connect(self._authorized)
        self.folder.currentIndexChanged.connect(self._folder_changed)
        self.start_date.dateChanged.connect(self._date_changed)
        self.marketplace.toggled.connect(self._marketplace_toggled)
        self.connect_button.clicked.connect(self.on_connect)
        self.changed.connect(self._update_connect_button)
        self._folders: list[InqomFolder] = []

    def _update_connect_button(self) -> None:
        """« Connexion » once nothing but the connection itself is missing."""
        self.connect_button.setEnabled(self.flow.can_connect() and not self.flow.state.connected)

    def entered(self) -> None:
        self.siret.setText(self.flow.state.siret)
        self.auth.siret = self.flow.state.siret
        self._folder_changed()
        self._date_changed()

    def _date_changed(self) -> None:
        self.flow.state.start_date = _pydate(self.start_date.date())
        self.changed.emit()

    def _folder_changed(self) -> None:
        value = self.folder.currentData()
        self.flow.state.local_only = value == LOCAL_ONLY
        self.flow.state.inqom_folder_id = None if value in (None, LOCAL_ONLY) else int(value)
        linked = self.flow.state.inqom_folder_id is not None
        self.marketplace.setEnabled(linked)
        self.changed.emit()

    def _marketplace_toggled(self, checked: bool) -> None:
        self.flow.state.marketplace_off = checked
        self.changed.emit()

    @async_slot()
    async def _authorized(self) -> None:
        self.flow.state.inqom_authorized = True
        await self.load_folders()

    async def load_folders(self) -> None:
        """List the Inqom folders the account sees; select the one with the dossier's SIRET,
        and only that one: any other match is the accountant's choice."""
        self.set_busy(True)
        self.show_error(None)
        state = self.flow.state
        try:
            self._folders = await self.connector.inqom_folders(
                state.siret, company_name=state.company_name, account=self.auth.account
            )
        except Exception as exc:
            shown = present(exc)
            self.show_error(f"{shown.title} : {shown.message}")
            return
        finally:
            self.set_busy(False)
        self.folder.blockSignals(True)
        self.folder.clear()
        chosen = next((f for f in self._folders if f.chosen), None)
        if chosen is None:
            self.folder.addItem(self.tr("Choisissez le dossier Inqom…"), None)
        marks = {
            "siret": self.tr("même SIREN et NIC"),
            "siren": self.tr("même SIREN, autre établissement"),
        }
        for folder in self._folders:
            ident = f"{folder.siren} {folder.nic}".strip() or self.tr("SIRET non renseigné")
            mark = marks.get(folder.match, "")
            self.folder.addItem(
                f"{folder.name} — {ident}" + (f" ({mark})" if mark else ""), folder.id
            )
        self.folder.addItem(self.tr("Local uniquement (sans Inqom)"), LOCAL_ONLY)
        index = self.folder.findData(chosen.id) if chosen is not None else 0
        self.folder.setCurrentIndex(index)
        self.folder.blockSignals(False)
        self.match_hint.setText(self._hint(chosen))
        self._folder_changed()

    def _hint(self, chosen: InqomFolder | None) -> str:
        if chosen is not None:
            return self.tr("✓ Dossier Inqom trouvé par son SIREN et son NIC.")
        if not self._folders:
            return self.tr(
                "Ce compte Inqom ne voit aucun dossier : utilisez un autre compte, ou "
                "connectez le dossier en local uniquement."
            )
        exact = [f for f in self._folders if f.match == "siret"]
        if len(exact) > 1:
            return self.tr("Plusieurs dossiers Inqom portent ce SIRET : choisissez le bon.")
        if any(f.match == "siren" for f in self._folders):
            return self.tr(
                "Aucun dossier Inqom ne porte ce SIRET ; ceux de la même société (même SIREN) "
                "sont en tête : vérifiez l'établissement avant de choisir."
            )
        return self.tr(
            "Aucun dossier Inqom ne porte ce SIREN : choisissez-le dans la liste (les noms les "
            "plus ressemblants d'abord) ou utilisez un autre compte."
        )

    @async_slot()
    async def on_connect(self) -> None:
        await self.connect_and_sync()

    async def connect_and_sync(self) -> int | None:
        """Save the dossier, then run its first sync with a progress bar."""
        state = self.flow.state
        self.set_busy(True)
        self.show_error(None)
        self.connect_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        try:
            dossier = await self.connector.connect_dossier(
                siret=state.siret,
                name=state.company_name,
                inqom_folder_id=None if state.local_only else state.inqom_folder_id,
                inqom_folder_name="" if state.local_only else self._folder_name(),
                start_date=state.start_date,
                inqom_account=None if state.local_only else self.auth.account,
            )
            dossier_id = dossier.id
            state.connected = True
            self.summary.setText(self.tr("Dossier enregistré. Première synchronisation…"))
            self.connector.add_progress_listener(self._on_progress)
            results = await self.connector.sync(dossier_id, trigger="setup")
        except Exception as exc:
            shown = present(exc)
            self.show_error(f"{shown.title} : {shown.message}")
            self.connect_button.setEnabled(not state.connected)
            return None
        finally:
            self.progress.setRange(0, 100)
            self.progress.setValue(100)
            self.set_busy(False)
        text = "\n".join(r.summary for r in results).strip()
        self.summary.setText(text or self.tr("Première synchronisation terminée."))
        state.first_sync_done = True
        self.changed.emit()
        self.connected.emit(dossier_id)
        return dossier_id

    def _folder_name(self) -> str:
        chosen = self.flow.state.inqom_folder_id
        return next((f.name for f in self._folders if f.id == chosen), "")

    def _on_progress(self, event: Progress) -> None:
        set_progress(self.progress, self.summary, event)
