"""Settings: sync slots, notifications (off / errors / all), proxy, language, data folder,
start with the session (tab « Général »); the Inqom application (environment, client id,
secret) and the connections (tab « Connexions »); « Base du cabinet », the firm's shared
PostgreSQL ledger, with a connection test. Saved through the connector (the client secret and
the database password in the OS keyring, never the settings file); autostart through
``app.autostart``."""

from __future__ import annotations

import asyncio
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.app.settings import Settings
from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.async_tools import Tasks, async_slot
from meg_inqom_desktop.ui.connections_panel import ConnectionsPanel
from meg_inqom_desktop.ui.views.dossier_tabs import TallTabBar

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
        placeholder = self.proxy.fontMetrics().horizontalAdvance(self.proxy.placeholderText())
        self.proxy.setMinimumWidth(placeholder + 24)  # the whole example stays readable
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
        general = QWidget()
        general.setLayout(form)
        inqom = QWidget()
        inqom_layout = QVBoxLayout(inqom)
        inqom_layout.addWidget(self._inqom_group(current))
        inqom_layout.addWidget(self.connections)
        inqom_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setTabBar(TallTabBar())  # tab labels whole (the layout check)
        self.tabs.addTab(general, self.tr("Général"))
        self.tabs.addTab(inqom, self.tr("Connexions"))
        self.tabs.addTab(self._firm_tab(connector, current), self.tr("Base du cabinet"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _firm_tab(self, connector: Connector, current: Settings) -> QWidget:
        tab = QWidget()
        self.firm_url = QLineEdit(current.firm_database)
        self.firm_url.setPlaceholderText("postgresql://meg@srv-compta/meg_inqom")
        self.firm_password = QLineEdit()
        self.firm_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.firm_password.setPlaceholderText(self.tr("inchangé (trousseau du système ou .pgpass)"))
        self.firm_test = QPushButton(self.tr("Tester la connexion"))
        self.firm_test.clicked.connect(self.on_test_firm_database)
        self.firm_result = QLabel("")
        self.firm_result.setWordWrap(True)
        in_use = connector.database_label() if connector.firm_mode else self.tr("ce poste")
        overridden = connector.firm_mode and connector.database_url != (
            current.firm_database or None
        )
        help_text = self.tr(
            "Vide : le grand livre de ce poste (SQLite). Une adresse PostgreSQL : le grand livre "
            "partagé du cabinet, le même sur chaque poste et pour le service de "
            "synchronisation. Prend effet au prochain démarrage. En ce moment : {0}."
        ).format(in_use)
        if overridden:
            help_text += " " + self.tr(
                "L'adresse en service vient de --database ou de MEG_INQOM_DATABASE, qui "
                "passent avant ce paramètre."
            )
        note = QLabel(help_text)
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.firm_test)
        row.addWidget(self.firm_result, 1)
        inner = QFormLayout(tab)
        inner.addRow(self.tr("Adresse"), self.firm_url)
        inner.addRow(self.tr("Mot de passe"), self.firm_password)
        inner.addRow(row)
        inner.addRow(note)
        return tab

    @async_slot()
    async def on_test_firm_database(self) -> None:
        await self.test_firm_database()

    async def test_firm_database(self) -> bool:
        """Test the typed address and password apart from the open ledger; show the result."""
        url = self.firm_url.text().strip()
        if not url:
            self.firm_result.setText(self.tr("Aucune adresse : le grand livre de ce poste."))
            self.firm_result.setStyleSheet("")
            return True
        self.firm_test.setEnabled(False)
        self.firm_result.setStyleSheet("")
        self.firm_result.setText(self.tr("Connexion en cours…"))
        try:
            check = await asyncio.to_thread(
                self.connector.check_firm_database, url, self.firm_password.text()
            )
        finally:
            self.firm_test.setEnabled(True)
        self.firm_result.setText(f"{check.title} — {check.message}")
        self.firm_result.setStyleSheet(colors.style("ok" if check.ok else "error"))
        return check.ok

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
            firm_database=self.firm_url.text().strip(),
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
            edited = self.edited().validated()
            if edited.firm_database and self.firm_password.text():
                self.connector.set_firm_database(edited.firm_database, self.firm_password.text())
            settings = self.connector.save_settings(edited)
        except (ValueError, TypeError) as exc:
            self.error.setText(str(exc))
            return False
        except MegInqomError as exc:
            self.error.setText(f"{exc.title} : {exc.message}")
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
