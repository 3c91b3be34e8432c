"""Where the two services live: production (Inqom's or its staging), or the embedded sandbox.

Inqom splits its identity server from its API, in production and in staging
(INQOM_API.md §1). The API client (``client_id``, ``client_secret``) belongs to the
installation: :mod:`meg_inqom_desktop.app.installation` says where it comes from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol

from meg_inqom_desktop.net.oauth import CLIENT_ID, OAuthConfig

ENV_MEG_URL = "MEG_INQOM_MEG_URL"
ENV_MEG_AUTH_URL = "MEG_INQOM_MEG_AUTH_URL"
# MEG publishes no API: the production base URL is set by the firm's installer (env/settings).
DEFAULT_MEG_URL = "https://api.monexpertengestion.fr/meg"

# Inqom: (API, identity server) per environment.
INQOM_HOSTS = {
    "production": ("https://api.inqom.com", "https://auth.inqom.com"),
    "staging": ("https://fredstagingapi.azurewebsites.net", "https://auth-staging.inqom.com"),
}
INQOM_ENVIRONMENTS = tuple(INQOM_HOSTS)
INQOM_API_URL, INQOM_AUTH_URL = INQOM_HOSTS["production"]
# The sandbox's demo client is confidential, as Inqom's integrators are (docs/SANDBOX.md).
SANDBOX_CLIENT_SECRET = "sandbox-secret"

MEG_SCOPES = ("accounting.read", "accounting.validate")
INQOM_SCOPES = ("openid", "email", "offline_access", "apidata", "accountingdocumentsapi")
INQOM_PASSWORD_SCOPES = ("openid", "apidata")


class HasSandboxUrls(Protocol):
    meg_url: str
    inqom_url: str


@dataclass(frozen=True)
class InqomClientId:
    """The installation's API client at Inqom: its id and, when set by the environment or a
    deployment file, its secret (``secret_in_keyring``: the one kept from Paramètres)."""

    client_id: str = CLIENT_ID
    client_secret: str | None = field(default=None, repr=False)
    secret_in_keyring: bool = False


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of MEG's API and authorization server, and Inqom's, with Inqom's client."""

    meg_url: str
    inqom_url: str
    meg_auth_url: str
    inqom_auth_url: str
    sandbox: bool = False
    inqom_client: InqomClientId = field(default_factory=InqomClientId)
    inqom_environment: str = "production"

    @classmethod
    def production(
        cls, inqom_environment: str = "production", inqom_client: InqomClientId | None = None
    ) -> Endpoints:
        if inqom_environment not in INQOM_HOSTS:
            raise ValueError(f"unknown Inqom environment {inqom_environment!r}")
        meg = os.environ.get(ENV_MEG_URL, DEFAULT_MEG_URL).rstrip("/")
        api, auth = INQOM_HOSTS[inqom_environment]
        return cls(
            meg_url=meg,
            inqom_url=api,
            meg_auth_url=os.environ.get(ENV_MEG_AUTH_URL, meg).rstrip("/"),
            inqom_auth_url=auth,
            inqom_client=inqom_client or InqomClientId(),
            inqom_environment=inqom_environment,
        )

    @classmethod
    def from_sandbox(cls, handle: HasSandboxUrls, *, public_client: bool = False) -> Endpoints:
        """The sandbox serves each service's OAuth under the same base as its API; its Inqom
        client is confidential unless ``public_client`` (PKCE only, also accepted)."""
        meg = handle.meg_url.rstrip("/")
        inqom = handle.inqom_url.rstrip("/")
        secret = None if public_client else SANDBOX_CLIENT_SECRET
        return cls(
            meg_url=meg,
            inqom_url=inqom,
            meg_auth_url=meg,
            inqom_auth_url=inqom,
            sandbox=True,
            inqom_client=InqomClientId(CLIENT_ID, secret),
            inqom_environment="sandbox",
        )

    def meg_oauth(self) -> OAuthConfig:
        return OAuthConfig(
            service="meg",
            display_name="MEG",
            authorize_url=f"{self.meg_auth_url}/oauth/authorize",
            token_url=f"{self.meg_auth_url}/oauth/token",
            revoke_url=f"{self.meg_auth_url}/oauth/revoke",
            scopes=MEG_SCOPES,
        )

    def inqom_oauth(self) -> OAuthConfig:
        client = self.inqom_client
        return OAuthConfig(
            service="inqom",
            display_name="Inqom",
            authorize_url=f"{self.inqom_auth_url}/identity/connect/authorize",
            token_url=f"{self.inqom_auth_url}/identity/connect/token",
            revoke_url=f"{self.inqom_auth_url}/identity/connect/revocation",
            scopes=INQOM_SCOPES,
            client_id=client.client_id,
            client_secret=client.client_secret,
            secret_in_keyring=client.secret_in_keyring,
            password_scopes=INQOM_PASSWORD_SCOPES,
        )

    def oauth(self, service: str) -> OAuthConfig:
        if service == "meg":
            return self.meg_oauth()
        if service == "inqom":
            return self.inqom_oauth()
        raise ValueError(f"unknown service {service!r}")
