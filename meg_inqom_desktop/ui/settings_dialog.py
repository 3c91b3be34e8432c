"""Settings: sync slots, notifications (off / errors / all), proxy, language, data folder,
start with the session; the Inqom application (environment, client id, secret) and the
connections. Saved through ``app.settings`` (the client secret in the OS keyring, through the
connector); autostart through ``app.autostart``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.app.settings import Settings
from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.async_tools import Tasks
from meg_inqom_desktop.ui.connections_panel import ConnectionsPanel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``saved(settings)`` after a successful save."""

    saved = Signal(object)

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paramètres"))
        self.connector = connector
        current: Settings = connector.settings
        self.slots = QLineEdit(", ".join(current.slots))
        self.slots.setToolTip(
            self.tr("Heures de Paris, séparées par des virgules (ex. 10:00, 14:00)")
        )
        self.notifications = QComboBox()
        for value, label in (
            ("off", self.tr("Aucune")),
            ("errors", self.tr("Erreurs seulement")),
            ("all", self.tr("Toutes")),
        ):
            self.notifications.addItem(label, value)
        self.notifications.setCurrentIndex(self.notifications.findData(current.notifications))
        self.proxy = QLineEdit(current.proxy)
        self.proxy.setPlaceholderText(self.tr("Proxy du système (ex. http://proxy:3128)"))
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(current.language))
        self.autostart = QCheckBox(self.tr("Lancer au démarrage de la session"))
        self.autostart.setChecked(current.autostart)
        self.data_folder = QLineEdit(str(connector.paths.root))
        self.data_folder.setReadOnly(True)
        self.data_folder.setToolTip(
            self.tr("Pour changer de dossier, lancez l'application avec --data-dir DOSSIER.")
        )
        self.error = QLabel("")
        self.error.setStyleSheet(colors.style("error"))
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Créneaux de synchronisation"), self.slots)
        form.addRow(self.tr("Notifications"), self.notifications)
        form.addRow(self.tr("Proxy"), self.proxy)
        form.addRow(self.tr("Langue (au prochain démarrage)"), self.language)
        form.addRow(self.tr("Dossier de données"), self.data_folder)
        form.addRow("", self.autostart)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.tasks = Tasks()
        self.connections = ConnectionsPanel(connector)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._inqom_group(current))
        layout.addWidget(self.connections)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _inqom_group(self, current: Settings) -> QGroupBox:
        """Environment, client id and secret of the Inqom application (issued by Inqom); a
        field set by the environment or the deployment file is shown, not editable."""
        found = self.connector.inqom_installation()
        box = QGroupBox(self.tr("Application Inqom"))
        form = QFormLayout(box)
        self.inqom_environment = QComboBox()
        self.inqom_environment.addItem(self.tr("Production"), "production")
        self.inqom_environment.addItem(self.tr("Préproduction (staging)"), "staging")
        self.inqom_environment.setCurrentIndex(self.inqom_environment.findData(found.environment))
        self.inqom_client_id = QLineEdit(current.inqom_client_id or found.client_id)
        self.inqom_secret = QLineEdit()
        self.inqom_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.inqom_secret.setPlaceholderText(self.tr("inchangé (gardé dans le trousseau)"))
        fields = (
            ("environment", self.inqom_environment, found.environment_source),
            ("client_id", self.inqom_client_id, found.client_id_source),
            ("secret", self.inqom_secret, found.secret_source),
        )
        for what, widget, source in fields:
            if not found.editable(what):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Défini par : {0}").format(source))
        form.addRow(self.tr("Environnement"), self.inqom_environment)
        form.addRow(self.tr("Identifiant client"), self.inqom_client_id)
        form.addRow(self.tr("Secret client"), self.inqom_secret)
        return box

    def edited(self) -> Settings:
        slots = tuple(s.strip() for s in self.slots.text().split(",") if s.strip())
        return replace(
            self.connector.settings,
            slots=slots,
            notifications=self.notifications.currentData(),
            proxy=self.proxy.text().strip(),
            language=self.language.currentData(),
            autostart=self.autostart.isChecked(),
            inqom_environment=self._if_editable(
                self.inqom_environment, self.inqom_environment.currentData(), "inqom_environment"
            ),
            inqom_client_id=self._if_editable(
                self.inqom_client_id, self._client_id(), "inqom_client_id"
            ),
        )

    def _client_id(self) -> str:
        """The typed client id; "" for the app's own (a deployment may set another later)."""
        from meg_inqom_desktop.net.oauth import CLIENT_ID

        text = self.inqom_client_id.text().strip()
        return "" if text == CLIENT_ID else text

    def _if_editable(self, widget: QWidget, value: str, name: str) -> str:
        kept: str = getattr(self.connector.settings, name)
        return value if widget.isEnabled() else kept

    def save(self) -> bool:
        """Check and save; a problem is shown in the dialog, which stays open."""
        try:
            settings = self.connector.save_settings(self.edited())
        except (ValueError, TypeError) as exc:
            self.error.setText(str(exc))
            return False
        secret = self.inqom_secret.text().strip()
        if secret and self.inqom_secret.isEnabled():  # kept in the keyring, off the GUI thread
            self.tasks.start("secret", self.connector.set_inqom_client_secret(secret))
            self.inqom_secret.clear()
        try:
            from meg_inqom_desktop.app.autostart import set_autostart

            set_autostart(settings.autostart)
        except Exception as exc:  # the rest is saved; say what failed
            self.error.setText(self.tr("Démarrage avec la session : {0}").format(exc))
            self.saved.emit(settings)
            return False
        self.saved.emit(settings)
        self.accept()
        return True
