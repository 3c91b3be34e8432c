"""The installation's Inqom client: environment variables, then the deployment file, then
Paramètres (the secret in the keyring); production or staging hosts; nothing secret in a file
the app writes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.installation import (
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_DEPLOYMENT,
    ENV_INQOM_ENV,
    FROM_DEFAULT,
    FROM_ENV,
    FROM_FILE,
    FROM_SETTINGS,
    inqom_installation,
    load_deployment,
)
from meg_inqom_desktop.app.settings import INQOM_ENVIRONMENTS, Settings
from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.endpoints import INQOM_HOSTS
from meg_inqom_desktop.net.oauth import client_secret
from meg_inqom_desktop.store.paths import resolve_data_paths


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in (ENV_INQOM_ENV, ENV_CLIENT_ID, ENV_CLIENT_SECRET):
        monkeypatch.delenv(name, raising=False)
    deployment = tmp_path / "deployment.json"
    monkeypatch.setenv(ENV_DEPLOYMENT, str(deployment))
    return deployment


def test_nothing_set_is_production_with_the_public_client() -> None:
    found = inqom_installation(Settings())
    assert (found.environment, found.client_id, found.client_secret) == (
        "production",
        "meg-inqom-desktop",
        None,
    )
    assert (found.environment_source, found.client_id_source) == (FROM_DEFAULT, FROM_DEFAULT)
    config = found.endpoints().inqom_oauth()
    assert config.token_url == "https://auth.inqom.com/identity/connect/token"
    assert found.endpoints().inqom_url == "https://api.inqom.com"
    assert config.secret_in_keyring and config.client_secret is None
    assert set(INQOM_ENVIRONMENTS) == set(INQOM_HOSTS)


def test_environment_then_deployment_file_then_settings(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(inqom_environment="staging", inqom_client_id="from-settings")
    found = inqom_installation(settings)
    assert (found.environment, found.client_id) == ("staging", "from-settings")
    assert found.environment_source == found.client_id_source == FROM_SETTINGS
    assert found.editable("client_id") and found.editable("secret")
    ep = found.endpoints()
    assert ep.inqom_auth_url == "https://auth-staging.inqom.com"
    assert ep.inqom_url == "https://fredstagingapi.azurewebsites.net"
    clean_environment.write_text(
        json.dumps({"inqom": {"client_id": "from-file", "client_secret": "file-secret"}})
    )
    found = inqom_installation(settings)
    assert (found.client_id, found.client_secret) == ("from-file", "file-secret")
    assert (found.client_id_source, found.secret_source) == (FROM_FILE, FROM_FILE)
    assert found.environment_source == FROM_SETTINGS
    assert not found.editable("client_id") and not found.editable("secret")
    monkeypatch.setenv(ENV_CLIENT_ID, "from-env")
    monkeypatch.setenv(ENV_INQOM_ENV, "production")
    monkeypatch.setenv(ENV_CLIENT_SECRET, "env-secret")
    found = inqom_installation(settings)
    assert (found.environment, found.client_id, found.client_secret) == (
        "production",
        "from-env",
        "env-secret",
    )
    assert FROM_ENV == found.client_id_source == found.environment_source == found.secret_source
    assert "env-secret" not in repr(found)
    config = found.endpoints().inqom_oauth()
    assert config.client_secret == "env-secret" and not config.secret_in_keyring
    assert "env-secret" not in repr(config)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "mal formé"),
        ('{"meg": {}}', "section « inqom » absente"),
        ('{"inqom": {"client_id": 12}}', "valeurs attendues en texte"),
        ('{"inqom": {"environment": "recette"}}', "environnement Inqom inconnu « recette »"),
    ],
)
def test_a_bad_deployment_file_is_ignored_and_said(
    clean_environment: Path, content: str, problem: str
) -> None:
    clean_environment.write_text(content)
    found = load_deployment()
    assert problem in found.problem and not found.client_id
    assert inqom_installation(Settings()).deployment_problem == found.problem


def test_the_secret_set_in_parametres_goes_to_the_keyring_only(tmp_path: Path) -> None:
    paths = resolve_data_paths(tmp_path / "data").ensure()
    connector = Connector(paths)
    connector.save_settings(Settings(inqom_client_id="cabinet-client"))
    asyncio.run(connector.set_inqom_client_secret("kept-secret"))
    assert CredentialStore().client_secret("inqom") == "kept-secret"
    config = connector.endpoints().inqom_oauth()
    assert config.client_id == "cabinet-client"
    assert asyncio.run(client_secret(config, CredentialStore())) == "kept-secret"
    for file in paths.root.rglob("*"):
        if file.is_file():
            assert b"kept-secret" not in file.read_bytes(), file
    connector.save_settings(Settings(inqom_environment="staging"))  # the next calls go there
    assert connector.endpoints().inqom_auth_url == "https://auth-staging.inqom.com"


def test_settings_refuse_an_unknown_environment() -> None:
    with pytest.raises(ValueError, match="Environnement Inqom inconnu"):
        Settings(inqom_environment="recette").validated()
    with pytest.raises(ValueError, match="Identifiant client Inqom invalide"):
        Settings(inqom_client_id="two words").validated()
