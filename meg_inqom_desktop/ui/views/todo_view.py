"""The "À traiter" tab: rejections and conflicts with their reasons; for an electronic invoice
that disagrees with its entry, the invoice's and the entry's figures side by side.

"Réessayer" (a rejection) asks the window to sync the dossier again; on a conflict, "Garder la
version enregistrée" and "Remplacer par la nouvelle version" ask the window to resolve it
(``conflict_action_requested(conflict_id, "keep" | "replace")``); the window shows the outcome
with :meth:`TodoView.show_notice`. On an entry whose Inqom side needs a decision (kind
"inqom"), the buttons of the actions it offers record the decision through the connector; one
that must write to Inqom asks the window for a sync (``retry_requested``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.store.todo import TodoItem
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.async_tools import async_slot
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector


class TodoView(QWidget):
    """``retry_requested`` asks the window to sync the dossier again."""

    retry_requested = Signal()
    conflict_action_requested = Signal(int, str)  # conflict id, "keep" or "replace"

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.model: RowsModel[TodoItem] = RowsModel(
            [
                (QT_TRANSLATE_NOOP("TodoView", "Type"), self._type_text),
                (QT_TRANSLATE_NOOP("TodoView", "Dossier"), lambda t: t.dossier),
                (QT_TRANSLATE_NOOP("TodoView", "Élément"), lambda t: t.what),
                (QT_TRANSLATE_NOOP("TodoView", "Raison"), lambda t: t.reason),
                (QT_TRANSLATE_NOOP("TodoView", "Sur la facture"), lambda t: t.invoice),
                (QT_TRANSLATE_NOOP("TodoView", "Dans l'écriture"), lambda t: t.entry),
                (QT_TRANSLATE_NOOP("TodoView", "Vu le"), lambda t: formatting.moment(t.seen)),
                (QT_TRANSLATE_NOOP("TodoView", "Essais"), lambda t: str(t.attempts)),
            ],
            context="TodoView",
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel("")
        self.retry = QPushButton(self.tr("Réessayer"))
        self.retry.clicked.connect(self.retry_requested.emit)
        self.keep = QPushButton(self.tr("Garder la version enregistrée"))
        self.keep.setObjectName("conflictKeep")
        self.keep.setToolTip(
            self.tr(
                "L'écriture du grand livre reste telle quelle ; la nouvelle version est écartée."
            )
        )
        self.keep.clicked.connect(lambda: self._conflict_action("keep"))
        self.replace = QPushButton(self.tr("Remplacer par la nouvelle version"))
        self.replace.setObjectName("conflictReplace")
        self.replace.setToolTip(
            self.tr(
                "L'écriture du grand livre est remplacée par la version venue de MEG. "
                "Une écriture déjà envoyée à Inqom n'y est pas mise à jour."
            )
        )
        self.replace.clicked.connect(lambda: self._conflict_action("replace"))
        self.inqom_buttons = self._inqom_buttons()
        self._dossier_id: int | None = None
        self.notice = QLabel("")
        self.notice.setObjectName("todoNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for button in self.inqom_buttons.values():
            bottom.addWidget(button)
        bottom.addWidget(self.keep)
        bottom.addWidget(self.replace)
        bottom.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addLayout(bottom)
        self._update_buttons()

    def _inqom_buttons(self) -> dict[str, QPushButton]:
        """One button per decision on Inqom's side, shown when the selected item offers it."""
        texts = {
            "adopt": (
                self.tr("Adopter l'écriture Inqom"),
                self.tr(
                    "C'est la même écriture : elle est reliée à celle d'Inqom, rien n'est envoyé."
                ),
            ),
            "post": (
                self.tr("Envoyer l'écriture MEG"),
                self.tr("Ce sont deux écritures différentes : celle de MEG est envoyée."),
            ),
            "repost": (
                self.tr("Reposter"),
                self.tr("L'écriture supprimée dans Inqom y est envoyée de nouveau."),
            ),
            "ignore": (
                self.tr("Ignorer"),
                self.tr("L'écriture reste hors d'Inqom ; elle ne sera plus proposée."),
            ),
            "keep_inqom": (
                self.tr("Garder la version Inqom"),
                self.tr("La modification faite dans Inqom est gardée et n'est plus signalée."),
            ),
            "resend_meg": (
                self.tr("Renvoyer celle de MEG"),
                self.tr("La version de MEG remplace celle d'Inqom."),
            ),
        }
        buttons = {}
        for action, (text, tip) in texts.items():
            button = QPushButton(text)
            button.setObjectName(f"inqom_{action}")
            button.setToolTip(tip)
            button.setVisible(False)
            button.clicked.connect(lambda _c=False, a=action: self.on_inqom_action(a))
            buttons[action] = button
        return buttons

    @async_slot(str)
    async def on_inqom_action(self, action: str) -> None:
        item = self.selected_item()
        if item is not None and item.kind == "inqom":
            await self.decide(item.id, action)

    async def decide(self, item_id: int, action: str) -> None:
        """Record a decision on an Inqom item; what must reach Inqom asks for a sync."""
        try:
            decision = await self.connector.decide_inqom_item(item_id, action)
        except MegInqomError as exc:
            self.show_notice(f"{exc.title} : {exc.message}", warning=True)
            return
        done = {
            "adopt": self.tr("Écriture reliée à celle d'Inqom : elle ne sera pas envoyée."),
            "post": self.tr("L'écriture MEG va être envoyée à Inqom."),
            "repost": self.tr("L'écriture va être envoyée de nouveau à Inqom."),
            "ignore": self.tr("L'écriture reste hors d'Inqom."),
            "keep_inqom": self.tr("La version d'Inqom est gardée."),
            "resend_meg": self.tr("La version de MEG va être remise dans Inqom."),
        }
        self.reload(self._dossier_id)
        self.show_notice(done[action])
        if decision.needs_sync:
            self.retry_requested.emit()

    def _type_text(self, item: TodoItem) -> str:
        if item.kind == "conflict":
            return self.tr("Conflit")
        if item.kind == "inqom":
            return self.tr("Inqom")
        if item.rejection_kind == "invoice":
            return self.tr("Facture à vérifier")
        return self.tr("Rejet")

    def reload(self, dossier_id: int | None) -> int:
        self._dossier_id = dossier_id
        items = self.connector.todo_items(dossier_id)
        self.model.set_rows(items)
        self.count.setText(
            self.tr("Rien à traiter.")
            if not items
            else self.tr("{0} élément(s) à traiter.").format(len(items))
        )
        self.retry.setEnabled(any(i.kind == "rejection" for i in items))
        self._update_buttons()
        return len(items)

    # -- selection, conflict actions ---------------------------------------------------------
    def selected_item(self) -> TodoItem | None:
        """The selected row's item, or None."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_object(rows[0].row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self._update_buttons()

    def _selected_conflict(self) -> TodoItem | None:
        item = self.selected_item()
        return item if item is not None and item.kind == "conflict" else None

    def _update_buttons(self) -> None:
        on_conflict = self._selected_conflict() is not None
        self.keep.setEnabled(on_conflict)
        self.replace.setEnabled(on_conflict)
        item = self.selected_item()
        offered = item.actions if item is not None and item.kind == "inqom" else ()
        for action, button in self.inqom_buttons.items():
            button.setVisible(action in offered)

    def _conflict_action(self, action: str) -> None:
        item = self._selected_conflict()
        if item is not None:
            self.conflict_action_requested.emit(item.id, action)

    def show_notice(self, text: str, *, warning: bool = False) -> None:
        """The outcome of a conflict action (a warning in bold)."""
        self.notice.setText(text)
        self.notice.setStyleSheet("font-weight: bold;" if warning else "")
        self.notice.setVisible(bool(text))
