"""Wizard pages: prerequisites and step 1 (SIRET, MEG authorization, the three checks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.app.wizard_flow import Step, WizardFlow
from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.async_tools import async_slot
from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.wizard.browser_auth import BrowserAuthWidget
from meg_inqom_desktop.ui.wizard.steps import step_title

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

FIX_STEPS = {
    "company_found": QT_TRANSLATE_NOOP(
        "MegPage",
        "Vérifiez le SIRET saisi, et que la société existe bien dans votre espace MEG "
        "avec ce SIRET (fiche société).",
    ),
    "premium": QT_TRANSLATE_NOOP(
        "MegPage",
        "Dans MEG : menu Supervision, cliquez sur le crayon de la société, cochez "
        "« Accès aux modules MEG Premium », puis enregistrez.",
    ),
    "connection": QT_TRANSLATE_NOOP(
        "MegPage",
        "Dans MEG : cliquez sur l'engrenage, ouvrez « Cabinets/Sites », activez "
        "« Connexion avec votre logiciel de production », puis enregistrez.",
    ),
}


class WizardPage(QWidget):
    """A page shows the flow's state; ``changed`` asks the wizard to refresh its buttons."""

    changed = Signal()
    step: Step

    def __init__(
        self, flow: WizardFlow, connector: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self.connector = connector
        self.title = QLabel(step_title(self.step))
        self.title.setObjectName("pageTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(colors.style("error"))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)

    def entered(self) -> None:
        """Called when the page becomes visible."""

    def show_error(self, message: str | None) -> None:
        self.flow.set_error(self.step, message)
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.changed.emit()

    def set_busy(self, busy: bool) -> None:
        self.flow.set_busy(self.step if busy else None)
        self.changed.emit()


class PrerequisitesPage(WizardPage):
    step = Step.PREREQUISITES

    def __init__(
        self, flow: WizardFlow, connector: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(flow, connector, parent)
        text = QLabel(
            self.tr(
                "Pour relier une société de MEG à Inqom, il vous faut :\n\n"
                "• une licence MEG Premium active pour la société ;\n"
                "• le SIRET de la société (14 chiffres) ;\n"
                "• un accès à MEG (compte cabinet) et un accès à Inqom ;\n"
                "• un navigateur sur ce poste pour autoriser l'accès.\n\n"
                "L'assistant vous guide en trois étapes : configurer MEG, valider les "
                "écritures, puis connecter le dossier."
            )
        )
        text.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("J'ai ces prérequis"))
        self.confirm.toggled.connect(self._toggled)
        self.layout_.addWidget(text)
        self.layout_.addWidget(self.confirm)
        self.layout_.addStretch(1)

    def _toggled(self, checked: bool) -> None:
        self.flow.state.prerequisites_read = checked
        self.changed.emit()


class _CheckRow:
    """One ✓/✗ line with its fix steps."""

    def __init__(self, grid: QGridLayout, row: int, label: str, key: str) -> None:
        self.key = key
        self.mark = QLabel("·")
        self.label = QLabel(label)
        self.fix = QLabel("")
        self.fix.setWordWrap(True)
        font = self.fix.font()
        font.setItalic(True)
        self.fix.setFont(font)
        self.fix.setVisible(False)
        grid.addWidget(self.mark, row * 2, 0)
        grid.addWidget(self.label, row * 2, 1)
        grid.addWidget(self.fix, row * 2 + 1, 1)

    def set(self, ok: bool | None, fix: str = "") -> None:
        self.mark.setText({None: "·", True: "✓", False: "✗"}[ok])
        self.mark.setStyleSheet(
            "" if ok is None else colors.style("ok" if ok else "error", bold=True)
        )
        self.fix.setText(fix)
        self.fix.setVisible(ok is False and bool(fix))


class MegPage(WizardPage):
    step = Step.MEG

    def __init__(
        self, flow: WizardFlow, connector: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(flow, connector, parent)
        form = QFormLayout()
        self.siret_edit = QLineEdit()
        self.siret_edit.setPlaceholderText(self.tr("14 chiffres, par exemple 732 829 320 00074"))
        self.siret_edit.setObjectName("siret")
        self.siret_problem = QLabel("")
        self.siret_problem.setStyleSheet(colors.style("error"))
        form.addRow(self.tr("SIRET de la société"), self.siret_edit)
        self.demo = QComboBox()  # the sandbox's companies, to try the app without typing
        self.demo.setObjectName("demoCompanies")
        if connector.sandbox is not None:
            self.demo.addItem(self.tr("Choisir une société de démonstration…"), "")
            for siret, company in connector.sandbox.state.meg.companies.items():
                self.demo.addItem(f"{company.name} — {siret}", siret)
            self.demo.currentIndexChanged.connect(self._demo_chosen)
            form.addRow(self.tr("Bac à sable"), self.demo)
        else:
            self.demo.setVisible(False)
        form.addRow("", self.siret_problem)
        self.layout_.addLayout(form)
        self.auth = BrowserAuthWidget(connector, "meg", "MEG")
        self.auth.setEnabled(False)
        self.layout_.addWidget(self.auth)
        box = QGroupBox(self.tr("Vérifications"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 24)
        self.checks = [
            _CheckRow(grid, 0, self.tr("Société trouvée dans MEG"), "company_found"),
            _CheckRow(grid, 1, self.tr("Licence premium active"), "premium"),
            _CheckRow(
                grid,
                2,
                self.tr("« Connexion avec votre logiciel de production » activée"),
                "connection",
            ),
        ]
        self.company_name = self.checks[0].label
        self.recheck = QPushButton(self.tr("Revérifier"))
        self.recheck.setEnabled(False)
        grid.addWidget(self.recheck, 7, 1)
        self.layout_.addWidget(box)
        self.layout_.addWidget(self.error_label)
        self.layout_.addStretch(1)
        self.error_label.setVisible(False)
        self.siret_edit.textChanged.connect(self._siret_changed)
        self.auth.authorized.connect(self._authorized)
        self.recheck.clicked.connect(self.on_recheck)

    def _demo_chosen(self, _index: int) -> None:
        siret = self.demo.currentData()
        if siret:
            self.siret_edit.setText(str(siret))

    def _siret_changed(self, text: str) -> None:
        problem = self.connector.siret_problem(text) if text.strip() else None
        self.siret_problem.setText(problem or ("✓" if text.strip() else ""))
        self.siret_problem.setStyleSheet(colors.style("error" if problem else "ok"))
        if self.flow.set_siret(text):  # another company: its checks are to be made again
            self.checks[0].label.setText(self.tr("Société trouvée dans MEG"))
        self.auth.siret = self.flow.state.siret
        valid = bool(text.strip()) and problem is None
        self.auth.setEnabled(valid)
        self.recheck.setEnabled(valid and self.flow.state.meg_authorized)
        for row in self.checks:
            row.set(getattr(self.flow.state.checks, row.key))
        self.changed.emit()

    @async_slot()
    async def _authorized(self) -> None:
        self.flow.state.meg_authorized = True
        self.recheck.setEnabled(True)
        await self.run_checks()

    @async_slot()
    async def on_recheck(self) -> None:
        await self.run_checks()

    async def run_checks(self) -> None:
        """Ask MEG for the company, its licence and its connection switch."""
        self.set_busy(True)
        self.show_error(None)
        try:
            status = await self.connector.meg_status(self.flow.state.siret)
        except Exception as exc:
            shown = present(exc)
            self.show_error(f"{shown.title} : {shown.message}")
            return
        finally:
            self.set_busy(False)
        checks = self.flow.state.checks
        checks.company_found = status.found
        # a company not found has no licence nor switch to check: one ✗, not three
        checks.premium = status.premium if status.found else None
        checks.connection = status.connection_enabled if status.found else None
        self.flow.state.company_name = status.name
        for row in self.checks:
            row.set(getattr(checks, row.key), self.tr(FIX_STEPS[row.key]))
        self.checks[0].label.setText(
            self.tr("Société trouvée dans MEG : {0}").format(status.name)
            if status.found and status.name
            else self.tr("Société trouvée dans MEG")
        )
        self.changed.emit()
