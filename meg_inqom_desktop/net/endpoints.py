"""Where the two services live: production, or the embedded sandbox."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from meg_inqom_desktop.net.oauth import OAuthConfig

ENV_MEG_URL = "MEG_INQOM_MEG_URL"
ENV_MEG_AUTH_URL = "MEG_INQOM_MEG_AUTH_URL"
# MEG publishes no API: the production base URL is set by the firm's installer (env/settings).
DEFAULT_MEG_URL = "https://api.monexpertengestion.fr/meg"
INQOM_API_URL = "https://api.inqom.com"
INQOM_AUTH_URL = "https://auth.inqom.com"
# Inqom's home page lists the firm's dossiers (help.inqom.com); no link to one folder is
# documented, so « Ouvrir dans Inqom » opens this page.
INQOM_WEB_URL = "https://home.inqom.com"

MEG_SCOPES = ("accounting.read", "accounting.validate")
INQOM_SCOPES = ("openid", "email", "offline_access", "apidata", "accountingdocumentsapi")


class HasSandboxUrls(Protocol):
    meg_url: str
    inqom_url: str


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of MEG's API and authorization server, and Inqom's."""

    meg_url: str
    inqom_url: str
    meg_auth_url: str
    inqom_auth_url: str
    sandbox: bool = False

    @classmethod
    def production(cls) -> Endpoints:
        meg = os.environ.get(ENV_MEG_URL, DEFAULT_MEG_URL).rstrip("/")
        return cls(
            meg_url=meg,
            inqom_url=INQOM_API_URL,
            meg_auth_url=os.environ.get(ENV_MEG_AUTH_URL, meg).rstrip("/"),
            inqom_auth_url=INQOM_AUTH_URL,
        )

    @classmethod
    def from_sandbox(cls, handle: HasSandboxUrls) -> Endpoints:
        """The sandbox serves each service's OAuth under the same base as its API."""
        meg = handle.meg_url.rstrip("/")
        inqom = handle.inqom_url.rstrip("/")
        return cls(
            meg_url=meg, inqom_url=inqom, meg_auth_url=meg, inqom_auth_url=inqom, sandbox=True
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
        return OAuthConfig(
            service="inqom",
            display_name="Inqom",
            authorize_url=f"{self.inqom_auth_url}/identity/connect/authorize",
            token_url=f"{self.inqom_auth_url}/identity/connect/token",
            revoke_url=f"{self.inqom_auth_url}/identity/connect/revocation",
            scopes=INQOM_SCOPES,
        )

    def oauth(self, service: str) -> OAuthConfig:
        if service == "meg":
            return self.meg_oauth()
        if service == "inqom":
            return self.inqom_oauth()
        raise ValueError(f"unknown service {service!r}")
