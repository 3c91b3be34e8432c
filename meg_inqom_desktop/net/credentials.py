"""``CredentialStore``: refresh tokens in the OS keyring, one entry per service and dossier.

Only the refresh token is kept (access tokens live in memory). When the OS offers no usable
keyring backend, :class:`~meg_inqom_desktop.errors.CredentialStoreUnavailable` says so plainly:
nothing is ever written to a file instead. Keyring calls block (D-Bus, Keychain), so the
``a*`` methods run them in a worker thread for use from the event loop.
"""

from __future__ import annotations

import asyncio
import logging

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null

from meg_inqom_desktop.errors import CredentialStoreUnavailable

log = logging.getLogger(__name__)

DEFAULT_NAMESPACE = "meg-inqom-desktop"
SERVICES = ("meg", "inqom")

_UNAVAILABLE = (
    "Le système ne propose aucun trousseau sécurisé (Trousseau macOS, Gestionnaire "
    "d'identification Windows, Secret Service sous Linux). L'application n'enregistre jamais "
    "une autorisation en clair dans un fichier : activez le trousseau du système (sous Linux, "
    "installez et déverrouillez GNOME Keyring ou KWallet), puis recommencez."
)


def _unusable(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    # A chainer with nothing behind it is as good as no backend.
    inner = getattr(backend, "backends", None)
    return inner is not None and not inner


class CredentialStore:
    """Refresh tokens by (service, SIRET) under one keyring service name (``namespace``).

    The sandbox uses its own namespace so demo tokens never mix with real ones.
    """

    def __init__(
        self,
        namespace: str = DEFAULT_NAMESPACE,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self.namespace = namespace
        self._explicit = backend

    def _key(self, service: str, siret: str) -> tuple[str, str]:
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}")
        return f"{self.namespace}/{service}", siret

    def _backend(self) -> keyring.backend.KeyringBackend:
        backend = self._explicit or keyring.get_keyring()
        if _unusable(backend):
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, backend=type(backend).__name__)
        return backend

    def check(self) -> None:
        """Raise :class:`CredentialStoreUnavailable` if no usable keyring backend exists."""
        self._backend()

    @property
    def in_memory(self) -> bool:
        """True when tokens live in this process's memory only (:class:`EphemeralKeyring`)."""
        return isinstance(self._explicit, EphemeralKeyring)

    def get_refresh_token(self, service: str, siret: str) -> str | None:
        name, user = self._key(service, siret)
        try:
            return self._backend().get_password(name, user)
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc

    def set_refresh_token(self, service: str, siret: str, token: str) -> None:
        if not token:
            raise ValueError("empty token")
        name, user = self._key(service, siret)
        try:
            self._backend().set_password(name, user, token)
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc
        log.info("refresh token stored for %s / %s", service, siret)

    def delete(self, service: str, siret: str) -> bool:
        """Forget the token; True if one was stored."""
        name, user = self._key(service, siret)
        backend = self._backend()
        try:
            backend.delete_password(name, user)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc
        return True

    # Async wrappers: keyring calls may block on D-Bus or the Keychain.

    async def aget_refresh_token(self, service: str, siret: str) -> str | None:
        return await asyncio.to_thread(self.get_refresh_token, service, siret)

    async def aset_refresh_token(self, service: str, siret: str, token: str) -> None:
        await asyncio.to_thread(self.set_refresh_token, service, siret, token)

    async def adelete(self, service: str, siret: str) -> bool:
        return await asyncio.to_thread(self.delete, service, siret)

    async def acheck(self) -> None:
        await asyncio.to_thread(self.check)


class EphemeralKeyring(keyring.backend.KeyringBackend):
    """Process memory only: for the sandbox's demo tokens when the OS has no keyring.

    Never used for real services (their tokens need the OS keyring); nothing touches disk.
    """

    priority = 0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def keyring_usable() -> bool:
    """True if the OS offers a keyring backend the app can use."""
    return not _unusable(keyring.get_keyring())
