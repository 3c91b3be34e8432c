"""The "Historique" tab: sync runs with their counts and a chart of entries per month; who did
what (the audit trail, ``audit_view``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.sync.runs import RunInfo
from meg_inqom_desktop.ui import formatting, labels
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel
from meg_inqom_desktop.ui.views.audit_view import AuditView
from meg_inqom_desktop.ui.views.dossier_tabs import TallTabBar

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

MONTHS_SHOWN = 12


RUNS_SHOWN = 500


class HistoryView(QWidget):
    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.model: RowsModel[RunInfo] = RowsModel(
            [
                (
                    QT_TRANSLATE_NOOP("HistoryView", "Début"),
                    lambda r: formatting.moment(r.started_at),
                ),
                (
                    QT_TRANSLATE_NOOP("HistoryView", "Déclencheur"),
                    lambda r: labels.trigger(r.trigger),
                ),
                (QT_TRANSLATE_NOOP("HistoryView", "Statut"), lambda r: labels.run_status(r.status)),
                (QT_TRANSLATE_NOOP("HistoryView", "Nouvelles"), lambda r: str(r.new)),
                (QT_TRANSLATE_NOOP("HistoryView", "Inchangées"), lambda r: str(r.unchanged)),
                (QT_TRANSLATE_NOOP("HistoryView", "Conflits"), lambda r: str(r.conflicts)),
                (QT_TRANSLATE_NOOP("HistoryView", "Rejets"), lambda r: str(r.rejected)),
                (QT_TRANSLATE_NOOP("HistoryView", "Envoyées"), lambda r: str(r.pushed)),
                (QT_TRANSLATE_NOOP("HistoryView", "Déjà dans Inqom"), lambda r: str(r.adopted)),
                (QT_TRANSLATE_NOOP("HistoryView", "Pièces reçues"), lambda r: str(r.documents)),
                (
                    QT_TRANSLATE_NOOP("HistoryView", "Pièces envoyées"),
                    lambda r: str(r.details.get("documents_attached", 0)),
                ),
                (QT_TRANSLATE_NOOP("HistoryView", "Erreur"), lambda r: r.error_title),
            ],
            context="HistoryView",
            right_aligned=(3, 4, 5, 6, 7, 8, 9, 10),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(11, QHeaderView.ResizeMode.Stretch)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.audit = AuditView(connector)  # who did what: every workstation's, on a firm base
        self.pages = QTabWidget()
        self.pages.setTabBar(TallTabBar())  # « Qui a fait quoi » whole, as the window's tabs
        self.pages.addTab(self.splitter, self.tr("Synchronisations"))
        self.pages.addTab(self.audit, self.tr("Qui a fait quoi"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.chart: Any = None  # QtCharts is loaded when the tab is first filled
        self.chart_view: Any = None
        self.series: Any = None

    def _ensure_chart(self) -> None:
        if self.chart is not None:
            return
        from PySide6.QtCharts import QChart, QChartView

        self.chart = QChart()
        self.chart.setTitle(self.tr("Écritures par mois et par journal"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.splitter.addWidget(self.chart_view)

    def reload(self, dossier_id: int | None) -> None:
        self.model.set_rows(self.connector.history(dossier_id, RUNS_SHOWN))
        self.audit.reload(dossier_id)
        self.table.resizeColumnsToContents()
        self._chart(self.connector.entries_per_month(dossier_id))

    def _chart(self, data: dict[str, dict[str, int]]) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QStackedBarSeries, QValueAxis

        self._ensure_chart()
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        months = sorted(data)[-MONTHS_SHOWN:]
        journals = sorted({j for m in months for j in data[m]})
        series = QStackedBarSeries()
        for journal in journals:
            bar = QBarSet(journal)
            for month in months:
                bar.append(data[month].get(journal, 0))
            series.append(bar)
        self.chart.addSeries(series)
        labels = [f"{m[5:7]}/{m[2:4]}" for m in months]
        x_axis = QBarCategoryAxis()
        x_axis.append(labels)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        top = max((sum(data[m].values()) for m in months), default=0)
        y_axis.setRange(0, max(top, 1))
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.series = series
