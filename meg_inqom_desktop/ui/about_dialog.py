"""« À propos »: the app's name, icon, version (from the package metadata) and the versions
under it, the data and log folders, and buttons to copy that and open the log folder.

The GUI's Help menu opens it with ``AboutDialog(parent, paths).open()`` (``paths`` defaults to
``parent.connector.paths`` when the parent has one).
"""

from __future__ import annotations

import platform
import sys

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop import __version__
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.ui.icons import app_icon

APP_TITLE = "MEG → Inqom"


def qt_versions() -> dict[str, str]:
    """Versions of the GUI stack, for the About dialog and the support report."""
    app = QGuiApplication.instance()
    platform_name = QGuiApplication.platformName() if app is not None else "?"
    return {"Qt": qVersion(), "PySide6": PySide6.__version__, "Plateforme Qt": platform_name}


def about_text(paths: DataPaths | None = None) -> str:
    """The plain-text version information that « Copier les informations » copies."""
    lines = [
        f"{APP_TITLE} (meg-inqom-desktop) {__version__}",
        f"Python {platform.python_version()} — {platform.platform()}",
    ]
    lines += [f"{name} {value}" for name, value in qt_versions().items()]
    if getattr(sys, "frozen", False):
        lines.append("Application empaquetée")
    if paths is not None:
        lines.append(f"Données : {paths.root}")
        lines.append(f"Journaux : {paths.logs}")
    return "\n".join(lines)


class AboutDialog(QDialog):
    """Version and folders; « Copier les informations », « Ouvrir le dossier des journaux »."""

    def __init__(self, parent: QWidget | None = None, paths: DataPaths | None = None) -> None:
        super().__init__(parent)
        if paths is None:  # the main window knows the data folder through its connector
            found = getattr(getattr(parent, "connector", None), "paths", None)
            paths = found if isinstance(found, DataPaths) else None
        self.paths = paths
        self.setWindowTitle(self.tr("À propos de MEG → Inqom"))
        self.setWindowIcon(app_icon())

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>{APP_TITLE}</h2>")
        self.version_label = QLabel(self.tr("Version {0}").format(__version__))
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(
            self.tr(
                "Récupère les écritures validées dans MEG et leurs pièces, les envoie dans "
                "Inqom, tient un grand livre local et exporte le FEC."
            )
        )
        description.setWordWrap(True)
        self.details = QLabel(about_text(paths).replace("\n", "<br>"))
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        licence = QLabel(self.tr("Logiciel libre sous licence MIT."))

        text = QVBoxLayout()
        for widget in (title, self.version_label, description, self.details, licence):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copier les informations"))
        self.copy_button.clicked.connect(self.copy_info)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if paths is not None:
            logs = QPushButton(self.tr("Ouvrir le dossier des journaux"))
            logs.clicked.connect(self._open_logs)
            buttons.addButton(logs, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def copy_info(self) -> None:
        QGuiApplication.clipboard().setText(about_text(self.paths))
        self.copy_button.setText(self.tr("Informations copiées"))

    def _open_logs(self) -> None:
        from meg_inqom_desktop.ui.error_dialog import open_logs_folder

        if self.paths is not None:
            open_logs_folder(self.paths)
