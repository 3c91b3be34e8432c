"""Paramètres › Application Inqom and Connexions: the client id in the settings, the secret in
the keyring only, fields set by the environment shown but not editable, the sign-ins listed."""

from __future__ import annotations

from qt_helpers import save_screenshot, wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.installation import ENV_CLIENT_ID, ENV_DEPLOYMENT
from meg_inqom_desktop.app.settings import load_settings
from meg_inqom_desktop.net.credentials import Authorization, CredentialStore, Secrets
from meg_inqom_desktop.ui.settings_dialog import SettingsDialog


def test_client_id_to_the_settings_secret_to_the_keyring(
    qapp, qtbot, qloop, ledger_paths, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ledger_paths.root / "xdg"))
    monkeypatch.setenv(ENV_DEPLOYMENT, str(ledger_paths.root / "no-deployment.json"))
    monkeypatch.delenv(ENV_CLIENT_ID, raising=False)
    store = CredentialStore()
    store.save(
        Authorization("inqom", "anne@cabinet.fr", "browser", ("33413164600591",)),
        Secrets(refresh_token="rt"),
    )
    connector = Connector(ledger_paths)
    dialog = SettingsDialog(connector)
    qtbot.addWidget(dialog)

    async def scenario() -> None:
        dialog.show()
        dialog.tabs.setCurrentIndex(1)  # « Connexions »
        await wait_until(lambda: "anne@cabinet.fr" in dialog.connections.lines.text())
        assert "1 dossier(s)" in dialog.connections.lines.text()
        assert dialog.inqom_client_id.isEnabled() and dialog.inqom_secret.isEnabled()
        dialog.inqom_environment.setCurrentIndex(dialog.inqom_environment.findData("staging"))
        dialog.inqom_client_id.setText("cabinet-dupont")
        dialog.inqom_secret.setText("s3cr3t-du-cabinet")
        save_screenshot(dialog, "settings_inqom")
        assert dialog.save()
        await wait_until(lambda: store.client_secret("inqom") == "s3cr3t-du-cabinet")

    qloop.run_until_complete(scenario())
    saved = load_settings(ledger_paths.settings)
    assert (saved.inqom_environment, saved.inqom_client_id) == ("staging", "cabinet-dupont")
    assert b"s3cr3t" not in ledger_paths.settings.read_bytes()
    assert dialog.inqom_secret.text() == ""
    assert connector.endpoints().inqom_auth_url == "https://auth-staging.inqom.com"


def test_what_the_environment_sets_is_shown_not_editable(
    qapp, qtbot, ledger_paths, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ledger_paths.root / "xdg"))
    monkeypatch.setenv(ENV_DEPLOYMENT, str(ledger_paths.root / "no-deployment.json"))
    monkeypatch.setenv(ENV_CLIENT_ID, "impose-par-l-informatique")
    dialog = SettingsDialog(Connector(ledger_paths))
    qtbot.addWidget(dialog)
    assert dialog.inqom_client_id.text() == "impose-par-l-informatique"
    assert not dialog.inqom_client_id.isEnabled()
    assert dialog.inqom_client_id.toolTip() == "Défini par : environnement"
    dialog.inqom_client_id.setText("autre")  # cannot be typed; even if it were, it is kept
    assert dialog.save()
    assert load_settings(ledger_paths.settings).inqom_client_id == ""
