"""The support entries of the Help menu, ready to add: « Ouvrir le dossier des journaux » and
« Copier un rapport pour le support » (the same report as the error dialog, without an error).

The main window adds them with ``add_support_actions(help_menu, self, paths)``.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from meg_inqom_desktop.app.support_report import build_report
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.ui.about_dialog import qt_versions
from meg_inqom_desktop.ui.error_dialog import open_logs_folder


def copy_support_report(paths: DataPaths) -> str:
    """Put the support report on the clipboard; returns it."""
    report = build_report(paths, versions=qt_versions())
    QGuiApplication.clipboard().setText(report)
    return report


def add_support_actions(menu: QMenu, parent: QWidget, paths: DataPaths) -> list[QAction]:
    """Append the two support actions to ``menu``; returns them (logs folder, report)."""
    logs = QAction(parent.tr("Ouvrir le dossier des journaux"), parent)
    logs.triggered.connect(lambda: open_logs_folder(paths))
    report = QAction(parent.tr("Copier un rapport pour le support"), parent)
    report.setToolTip(
        parent.tr("Versions, système, SIRET des dossiers et fin du journal ; aucun jeton.")
    )
    report.triggered.connect(lambda: copy_support_report(paths))
    menu.addAction(logs)
    menu.addAction(report)
    return [logs, report]
