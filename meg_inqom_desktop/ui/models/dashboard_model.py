"""The dossier dashboard's table model: one row per dossier, sortable on real values.

Rows are the connector's :class:`~meg_inqom_desktop.app.dossier_board.DossierDashboard`. Each
column gives a display text, a sort key (``SORT_ROLE``: numbers sort as numbers, dates as
dates, a missing value last) and, where it helps, a tooltip (why MEG could not be asked).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from meg_inqom_desktop.ui import formatting, labels
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from meg_inqom_desktop.app.dossier_board import AuthorizationState, DossierDashboard

SORT_ROLE = Qt.ItemDataRole.UserRole + 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
CONTEXT = "DossiersView"
_Index = QModelIndex | QPersistentModelIndex
_LAST = "\uffff"  # sorts after any text


def _last_validated(d: DossierDashboard) -> str:
    if d.plan is None:
        return "?" if d.plan_error else ""
    last = d.plan.last_validated
    return (
        labels.month(last.month)
        if last is not None
        else QCoreApplication.translate("DossiersView", "aucun")
    )


def _next_to_validate(d: DossierDashboard) -> str:
    if d.plan is None:
        return ""
    month = d.plan.next_month
    if month is None:
        return QCoreApplication.translate("DossiersView", "à jour")
    text = QCoreApplication.translate("DossiersView", "{0} ({1} écr.)").format(
        labels.month(month.month), month.entry_count
    )
    return text + (
        QCoreApplication.translate("DossiersView", ", en cours") if month.current else ""
    )


def _last_sync(d: DossierDashboard) -> str:
    status = labels.run_status(d.status.last_status)
    when = d.status.last_sync
    return f"{formatting.moment(when)} ({status})" if when is not None else status


def _next_slot(d: DossierDashboard) -> str:
    if not d.dossier.active:
        return QCoreApplication.translate("DossiersView", "en pause")
    return (
        formatting.moment(d.next_slot)
        if d.next_slot is not None
        else QCoreApplication.translate("DossiersView", "suspendue")
    )


def _authorization(state: AuthorizationState) -> str:
    """« valide », « absente », « à renouveler »… or « jusqu'au 28/12/2026 » for a sign-in
    that ends on a known day."""
    if state.state == "valid" and state.expires_on is not None:
        return QCoreApplication.translate("DossiersView", "jusqu'au {0}").format(
            formatting.day(state.expires_on)
        )
    return labels.authorization(state.state)


def _moment_key(value: datetime | None) -> str:
    return value.isoformat() if value is not None else _LAST


def _count_key(value: int | None) -> int:
    return -1 if value is None else value


Column = tuple[str, Callable[["DossierDashboard"], str], Callable[["DossierDashboard"], Any]]

COLUMNS: tuple[Column, ...] = (
    (
        QT_TRANSLATE_NOOP("DossiersView", "Dossier"),
        lambda d: d.dossier.display_name,
        lambda d: d.dossier.display_name.casefold(),
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "SIRET"),
        lambda d: d.dossier.siret,
        lambda d: d.dossier.siret,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "Validé jusqu'à"),
        _last_validated,
        lambda d: d.plan.last_validated.month if d.plan and d.plan.last_validated else _LAST,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "Mois suivant"),
        _next_to_validate,
        lambda d: d.plan.next_month.month if d.plan and d.plan.next_month else _LAST,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "À importer"),
        lambda d: "" if d.not_pulled is None else str(d.not_pulled),
        lambda d: _count_key(d.not_pulled),
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "MEG"),
        lambda d: _authorization(d.meg),
        lambda d: d.meg.state,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "Inqom"),
        lambda d: _authorization(d.inqom),
        lambda d: d.inqom.state,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "À traiter"),
        lambda d: str(d.status.open_items),
        lambda d: d.status.open_items,
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "Dernière synchro"),
        _last_sync,
        lambda d: _moment_key(d.status.last_sync),
    ),
    (
        QT_TRANSLATE_NOOP("DossiersView", "Prochaine"),
        _next_slot,
        lambda d: _moment_key(d.next_slot if d.dossier.active else None),
    ),
)
NAME, SIRET, LAST_VALIDATED, TO_VALIDATE, NOT_PULLED, MEG, INQOM, TODO, LAST_SYNC, NEXT = range(
    len(COLUMNS)
)
RIGHT_ALIGNED = frozenset({NOT_PULLED, TODO})
HEADER_TIPS = {
    LAST_VALIDATED: QT_TRANSLATE_NOOP("DossiersView", "Dernier mois validé (verrouillé) dans MEG"),
    TO_VALIDATE: QT_TRANSLATE_NOOP(
        "DossiersView", "Le mois à valider ensuite et le nombre d'écritures qu'il verrouillera"
    ),
    NOT_PULLED: QT_TRANSLATE_NOOP(
        "DossiersView", "Écritures validées dans MEG que le grand livre n'a pas encore reçues"
    ),
    MEG: QT_TRANSLATE_NOOP("DossiersView", "Autorisation d'accès à MEG"),
    INQOM: QT_TRANSLATE_NOOP("DossiersView", "Autorisation d'accès à Inqom"),
}


class DashboardModel(QAbstractTableModel):
    """The dossiers with their state; ``set_rows`` replaces them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DossierDashboard] = []

    def set_rows(self, rows: Sequence[DossierDashboard]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[DossierDashboard]:
        return list(self._rows)

    def row_object(self, row: int) -> DossierDashboard:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CONTEXT, COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and section in HEADER_TIPS:
            return QCoreApplication.translate(CONTEXT, HEADER_TIPS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][1](row)
        if role == SORT_ROLE:
            return COLUMNS[column][2](row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: DossierDashboard, column: int) -> str | None:
        if column in (LAST_VALIDATED, TO_VALIDATE, NOT_PULLED) and row.plan_error:
            return row.plan_error
        if column in (LAST_VALIDATED, TO_VALIDATE, NOT_PULLED) and row.plan is None:
            return QCoreApplication.translate(
                "DossiersView", "Cliquez sur « Actualiser l'état MEG » pour interroger MEG."
            )
        if column == NOT_PULLED:
            return QCoreApplication.translate(
                "DossiersView",
                "Écritures validées dans MEG que la prochaine synchronisation importera.",
            )
        if column in (MEG, INQOM) and "unknown" in (row.meg.state, row.inqom.state):
            return QCoreApplication.translate(
                "DossiersView", "Cliquez sur « Actualiser l'état MEG » pour lire les autorisations."
            )
        if column == LAST_SYNC and row.status.last_error_title:
            return f"{row.status.last_error_title} : {row.status.last_error_message}"
        return None
