"""The setup wizard window: a stack of pages, buttons driven by ``app.wizard_flow``.

« Annuler », Esc and the close box stop what runs first (a browser authorization, the first
sync: its run is recorded « annulée », the dossier stays saved) and close only then; once the
wizard is closed nothing of it listens to the sync any more.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.app.wizard_flow import Step, WizardFlow
from meg_inqom_desktop.ui.geometry import fit_to_screen
from meg_inqom_desktop.ui.wizard.pages_meg import WizardPage
from meg_inqom_desktop.ui.wizard.steps import need_text, step_title

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.ui.wizard.pages_connect import ConnectPage, ValidatePage
    from meg_inqom_desktop.ui.wizard.pages_meg import MegPage

log = logging.getLogger(__name__)


class _Pages(dict[Step, WizardPage]):
    """The wizard's pages by step, each built (and added to the stack) when first asked for."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard = wizard

    def __missing__(self, step: Step) -> WizardPage:
        from meg_inqom_desktop.ui.wizard.pages_connect import ConnectPage, ValidatePage
        from meg_inqom_desktop.ui.wizard.pages_meg import MegPage, PrerequisitesPage

        classes: dict[Step, type[WizardPage]] = {
            Step.PREREQUISITES: PrerequisitesPage,
            Step.MEG: MegPage,
            Step.VALIDATE: ValidatePage,
            Step.CONNECT: ConnectPage,
        }
        wizard = self.wizard
        page = classes[step](wizard.flow, wizard.connector)
        page.changed.connect(wizard.update_buttons)
        if isinstance(page, ConnectPage):
            page.connected.connect(wizard._connected)
        self[step] = page
        wizard.stack.addWidget(page)
        return page


class SetupWizard(QDialog):
    """Prérequis → Étape 1 → Étape 2 → Étape 3; ``finished_setup(dossier_id)`` on "Terminer"."""

    finished_setup = Signal(int)

    def __init__(
        self, connector: Connector, *, add_dossier: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assistant de connexion MEG → Inqom"))
        fit_to_screen(self, 860, 620)
        self.flow = WizardFlow(add_dossier=add_dossier)
        self.connector = connector
        self.dossier_id: int | None = None
        self.stack = QStackedWidget()
        self.pages = _Pages(self)  # a page is built when first shown (faster first paint)
        self.progress_label = QLabel()
        self.back_button = QPushButton(self.tr("Précédent"))
        self.skip_button = QPushButton(self.tr("Passer cette étape"))
        self.next_button = QPushButton(self.tr("Suivant"))
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setObjectName("wizardCancel")
        self._closing: asyncio.Task[None] | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.back_button, self.skip_button, self.next_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.go_back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.reject)
        self.current: Step = self.flow.first
        self.show_step(self.flow.first)

    @property
    def meg_page(self) -> MegPage:
        return self.pages[Step.MEG]  # type: ignore[return-value]

    @property
    def validate_page(self) -> ValidatePage:
        return self.pages[Step.VALIDATE]  # type: ignore[return-value]

    @property
    def connect_page(self) -> ConnectPage:
        return self.pages[Step.CONNECT]  # type: ignore[return-value]

    def page_widget(self, step: Step) -> QWidget:
        return self.pages[step]

    def show_step(self, step: Step) -> None:
        self.current = step
        page = self.pages[step]
        self.stack.setCurrentWidget(page)
        page.entered()
        self.update_buttons()

    def update_buttons(self) -> None:
        step = self.current
        flow = self.flow
        index = flow.steps.index(step) + 1
        self.progress_label.setText(
            self.tr("{0} — {1} sur {2}").format(step_title(step), index, len(flow.steps))
        )
        self.back_button.setEnabled(
            flow.previous_step(step) is not None and flow.state.busy is None
        )
        self.skip_button.setVisible(flow.can_skip(step))
        self.next_button.setText(self.tr("Terminer") if flow.is_last(step) else self.tr("Suivant"))
        if flow.is_last(step):
            self.next_button.setEnabled(flow.can_finish())
        else:
            self.next_button.setEnabled(flow.can_go_next(step))
        self.next_button.setToolTip("\n".join(need_text(n) for n in flow.missing(step)))

    def go_next(self) -> None:
        if self.flow.is_last(self.current):
            if self.flow.can_finish():
                self.finished_setup.emit(self.dossier_id or 0)
                self.accept()
            return
        if not self.flow.can_go_next(self.current):
            return
        following = self.flow.next_step(self.current)
        if following is not None:
            self.show_step(following)

    def go_back(self) -> None:
        previous = self.flow.previous_step(self.current)
        if previous is not None and self.flow.state.busy is None:
            self.show_step(previous)

    def skip(self) -> None:
        if self.flow.can_skip(self.current):
            self.flow.skip(self.current)
            self.go_next()

    def _connected(self, dossier_id: int) -> None:
        self.dossier_id = dossier_id
        self.update_buttons()

    # -- closing --------------------------------------------------------------------------
    def _running(self) -> bool:
        return self.flow.state.busy is not None or self.connector.syncing()

    def reject(self) -> None:
        """« Annuler », Esc, the close box: stop what runs, then close (see the module
        docstring)."""
        if self._closing is not None:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop (widget-only tests): nothing can be running
            super().reject()
            return
        if not self._running():
            super().reject()
            return
        self._closing = asyncio.ensure_future(self.cancel_and_close())

    async def cancel_and_close(self) -> None:
        """Stop the authorizations and the first sync, wait until they stopped, close."""
        self.progress_label.setText(self.tr("Annulation…"))
        for button in (self.cancel_button, self.back_button, self.skip_button, self.next_button):
            button.setEnabled(False)
        for step in (Step.MEG, Step.CONNECT):  # the pages built so far
            page = self.pages.get(step)
            auth = getattr(page, "auth", None)
            if auth is not None:
                auth.cancel()
        try:
            await self.connector.cancel_sync()
        except Exception:  # the sync records its own failure; closing goes on
            log.exception("cancelling the first sync")
        super().reject()

    def done(self, result: int) -> None:
        """Closed either way: the first sync's progress no longer comes here."""
        page = self.pages.get(Step.CONNECT)
        if page is not None:
            self.connector.remove_progress_listener(page._on_progress)  # type: ignore[attr-defined]
        reading = getattr(self.pages.get(Step.VALIDATE), "_task", None)
        if reading is not None:  # step 2 still asking MEG for its months: not any more
            reading.cancel()
        super().done(result)
