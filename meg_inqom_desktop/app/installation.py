"""The installation's Inqom API client and environment: where each setting comes from.

Inqom issues a ``client_id`` and a ``client_secret`` to an integrator; they belong to the
installation, not to the code. For each field, the first source that sets it wins:

1. the environment: ``MEG_INQOM_INQOM_ENV`` (``production`` or ``staging``),
   ``MEG_INQOM_INQOM_CLIENT_ID``, ``MEG_INQOM_INQOM_CLIENT_SECRET``;
2. the deployment file of the machine (docs/INSTALL.md): JSON
   ``{"inqom": {"environment": …, "client_id": …, "client_secret": …}}`` at
   ``MEG_INQOM_DEPLOYMENT`` or the platform's site configuration folder;
3. Paramètres: the environment and the client id in the settings, the secret in the OS
   keyring (never in a file the app writes).

Nothing set: production, the client id ``meg-inqom-desktop`` and no secret (a public client).
No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from meg_inqom_desktop.app.settings import Settings
from meg_inqom_desktop.net.endpoints import INQOM_ENVIRONMENTS, Endpoints, InqomClientId
from meg_inqom_desktop.net.oauth import CLIENT_ID
from meg_inqom_desktop.store.paths import APP_NAME

log = logging.getLogger(__name__)

ENV_INQOM_ENV = "MEG_INQOM_INQOM_ENV"
ENV_CLIENT_ID = "MEG_INQOM_INQOM_CLIENT_ID"
ENV_CLIENT_SECRET = "MEG_INQOM_INQOM_CLIENT_SECRET"
ENV_DEPLOYMENT = "MEG_INQOM_DEPLOYMENT"

FROM_ENV = "environnement"
FROM_FILE = "fichier de déploiement"
FROM_SETTINGS = "Paramètres"
FROM_DEFAULT = "défaut"


def deployment_path() -> Path:
    """Where the deployment file is looked for (``MEG_INQOM_DEPLOYMENT`` wins)."""
    explicit = os.environ.get(ENV_DEPLOYMENT)
    if explicit:
        return Path(explicit).expanduser()
    return platformdirs.site_config_path(APP_NAME, appauthor=False) / "deployment.json"


@dataclass(frozen=True)
class Deployment:
    """What the deployment file sets for Inqom (empty strings: not set)."""

    environment: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    problem: str = ""  # why the file was not used, in French


def load_deployment(path: Path | None = None) -> Deployment:
    """The deployment file's Inqom section; an unreadable or malformed file is ignored with
    the ``problem`` said (``meg-inqom doctor`` shows it)."""
    path = path or deployment_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Deployment()
    except OSError as exc:
        return Deployment(problem=f"{path} illisible ({exc.strerror or exc})")
    try:
        data: Any = json.loads(raw)
        section = data.get("inqom") if isinstance(data, dict) else None
        if not isinstance(section, dict):
            raise ValueError("section « inqom » absente")
        values = {k: section.get(k, "") for k in ("environment", "client_id", "client_secret")}
        if not all(isinstance(v, str) for v in values.values()):
            raise ValueError("valeurs attendues en texte")
    except ValueError as exc:
        log.warning("deployment file %s ignored: %s", path, exc)
        return Deployment(problem=f"{path} mal formé ({exc}) : fichier ignoré")
    env = values["environment"].strip()
    if env and env not in INQOM_ENVIRONMENTS:
        return Deployment(problem=f"{path} : environnement Inqom inconnu « {env} »")
    return Deployment(env, values["client_id"].strip(), values["client_secret"].strip())


@dataclass(frozen=True)
class InqomInstallation:
    """The Inqom environment and API client in force, and where each comes from."""

    environment: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)  # env or deployment file
    environment_source: str = FROM_DEFAULT
    client_id_source: str = FROM_DEFAULT
    secret_source: str = ""  # FROM_ENV, FROM_FILE, or "" (Paramètres' keyring, if any)
    deployment_problem: str = ""

    def editable(self, what: str) -> bool:
        """Whether Paramètres may change ``what`` ("environment", "client_id", "secret"): not
        when the environment or the deployment file sets it."""
        source = {
            "environment": self.environment_source,
            "client_id": self.client_id_source,
            "secret": self.secret_source or FROM_DEFAULT,
        }[what]
        return source in (FROM_SETTINGS, FROM_DEFAULT)

    def endpoints(self) -> Endpoints:
        client = InqomClientId(
            self.client_id, self.client_secret, secret_in_keyring=self.client_secret is None
        )
        return Endpoints.production(self.environment, client)


def inqom_installation(
    settings: Settings, deployment: Deployment | None = None
) -> InqomInstallation:
    """Resolve the environment, the client id and the secret (see the module docstring)."""
    file = deployment if deployment is not None else load_deployment()
    env_value, env_source = _pick(
        (os.environ.get(ENV_INQOM_ENV, ""), FROM_ENV),
        (file.environment, FROM_FILE),
        (
            settings.inqom_environment if settings.inqom_environment != "production" else "",
            FROM_SETTINGS,
        ),
    )
    if env_value and env_value not in INQOM_ENVIRONMENTS:
        log.warning("unknown Inqom environment %r: production used", env_value)
        env_value, env_source = "production", FROM_DEFAULT
    client_id, id_source = _pick(
        (os.environ.get(ENV_CLIENT_ID, ""), FROM_ENV),
        (file.client_id, FROM_FILE),
        (settings.inqom_client_id, FROM_SETTINGS),
    )
    secret, secret_source = _pick(
        (os.environ.get(ENV_CLIENT_SECRET, ""), FROM_ENV), (file.client_secret, FROM_FILE)
    )
    return InqomInstallation(
        environment=env_value or "production",
        client_id=client_id or CLIENT_ID,
        client_secret=secret or None,
        environment_source=env_source if env_value else FROM_DEFAULT,
        client_id_source=id_source if client_id else FROM_DEFAULT,
        secret_source=secret_source if secret else "",
        deployment_problem=file.problem,
    )


def _pick(*candidates: tuple[str, str]) -> tuple[str, str]:
    for value, source in candidates:
        if value.strip():
            return value.strip(), source
    return "", FROM_DEFAULT
