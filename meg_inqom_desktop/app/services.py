"""Which services the app talks to, through which HTTP settings, with which keyring namespace.

Shared by :mod:`.setup` and :mod:`.accounts`: every function takes optional ``endpoints``
(default: production; the sandbox's come from :func:`endpoints_from_sandbox`), ``paths``
(the data folder, for settings such as the proxy) and ``store`` (the credential store;
sandbox tokens live in their own keyring namespace). No Qt here.
"""

from __future__ import annotations

from typing import Any

from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.net.credentials import DEFAULT_NAMESPACE, CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.http import HttpSettings
from meg_inqom_desktop.store.paths import DataPaths

SANDBOX_NAMESPACE = f"{DEFAULT_NAMESPACE}-sandbox"
SERVICES = {"meg": "MEG", "inqom": "Inqom"}


def endpoints_from_sandbox(handle: Any) -> Endpoints:
    """Endpoints of a running sandbox (``SandboxHandle`` with ``meg_url``/``inqom_url``)."""
    if isinstance(handle, Endpoints):
        return handle
    return Endpoints.from_sandbox(handle)


def resolve_endpoints(endpoints: Endpoints | Any | None) -> Endpoints:
    """``endpoints``, a sandbox's, or production's."""
    if endpoints is None:
        return Endpoints.production()
    return endpoints_from_sandbox(endpoints)


def credential_store(endpoints: Endpoints | None = None) -> CredentialStore:
    """The keyring namespace: real tokens and sandbox tokens never mix."""
    sandbox = endpoints is not None and endpoints.sandbox
    return CredentialStore(SANDBOX_NAMESPACE if sandbox else DEFAULT_NAMESPACE)


def http_settings(paths: DataPaths | None) -> HttpSettings:
    """Connection settings, with the proxy of the app settings when one is set."""
    if paths is None:
        return HttpSettings()
    try:
        from meg_inqom_desktop.app.settings import load_settings

        proxy = load_settings(paths.settings).proxy.strip()
    except Exception:  # unreadable settings: the environment's proxy applies
        proxy = ""
    return HttpSettings(proxy=proxy or None)


def checked_siret(text: str | Siret) -> str:
    """The 14 digits of a SIRET, or ``InvalidSiret`` with a French explanation."""
    return text.value if isinstance(text, Siret) else Siret.parse(text).value
