"""``CredentialStore``: authorizations in the OS keyring, one per person and service.

An authorization belongs to a person's account at a service (a MEG login, an Inqom user), not
to a dossier: one MEG authorization reaches every company that account sees, one Inqom
authorization every folder that user sees. Under the keyring service name
``<namespace>/<service>`` the store keeps:

* ``authorizations``: the index, JSON without any secret: for each account how it signed in
  (browser or password grant), the SIRETs it was seen to reach, when the kept access token
  expires and whether it can be renewed without the person;
* ``<account>``: that account's secrets as JSON: the refresh token when the service gave one,
  else the access token (so a restart needs no new sign-in before it expires), and the
  password of a service account only when the person asked to remember it;
* ``client``: the installation's API client secret, when it was set in Paramètres.

Windows limits a credential to 2,560 bytes (1,280 characters once encoded), less than a JWT
may need: long values are split into numbered parts (``<user>#1``, ``#2``...).

Versions before per-account authorizations kept one refresh token per dossier under the
SIRET: :meth:`CredentialStore.migrate_per_siret` turns each into an authorization that reaches
that dossier, named after it until the service says whose it is (nothing is lost).

When the OS offers no usable keyring backend,
:class:`~meg_inqom_desktop.errors.CredentialStoreUnavailable` says so plainly: nothing is ever
written to a file instead. Keyring calls block (D-Bus, Keychain), so the ``a*`` methods run
them in a worker thread for use from the event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, ParamSpec, TypeVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null

from meg_inqom_desktop.errors import CredentialStoreUnavailable

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_NAMESPACE = "meg-inqom-desktop"
SERVICES = ("meg", "inqom")
INDEX_USER = "authorizations"
CLIENT_USER = "client"
LEGACY_PREFIX = "dossier "  # account name of a migrated per-SIRET token until known
PART = 1000  # characters per keyring entry (Windows: 2,560 bytes of UTF-16)
_CHUNKED = "chunks:"

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


@dataclass(frozen=True)
class Authorization:
    """One person's authorization of one service, as the index keeps it (no secret).

    ``expires_at`` is the kept access token's expiry (seconds since the epoch, local clock),
    None when only a refresh token is kept. ``renewable``: a refresh token, or a remembered
    password, lets the app get a new access token without the person.
    """

    service: str
    account: str
    method: str = "browser"  # "browser" (authorization code) or "password" (password grant)
    reaches: tuple[str, ...] = ()  # SIRETs this account was seen to reach
    expires_at: float | None = None
    renewable: bool = True
    updated_at: float = 0.0

    @property
    def migrated(self) -> bool:
        """A per-SIRET token of an older version whose account is not known yet."""
        return self.account.startswith(LEGACY_PREFIX)

    def expired(self, now: float) -> bool:
        return not self.renewable and self.expires_at is not None and now >= self.expires_at

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["reaches"] = list(self.reaches)
        del data["service"]
        return data

    @classmethod
    def from_json(cls, service: str, data: dict[str, Any]) -> Authorization:
        return cls(
            service=service,
            account=str(data["account"]),
            method=str(data.get("method", "browser")),
            reaches=tuple(str(s) for s in data.get("reaches", ())),
            expires_at=float(data["expires_at"]) if data.get("expires_at") is not None else None,
            renewable=bool(data.get("renewable", True)),
            updated_at=float(data.get("updated_at", 0.0)),
        )


@dataclass(frozen=True)
class Secrets:
    """What lets the app act for an account; never shown (``repr`` hides the values)."""

    refresh_token: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v})

    @classmethod
    def from_json(cls, text: str | None) -> Secrets:
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return cls(refresh_token=text)  # a bare token (older layout)
        return cls(
            refresh_token=data.get("refresh_token") or None,
            access_token=data.get("access_token") or None,
            password=data.get("password") or None,
        )


class CredentialStore:
    """Authorizations by (service, account) under one keyring namespace; see the module
    docstring. The sandbox uses its own namespace so demo tokens never mix with real ones."""

    def __init__(
        self,
        namespace: str = DEFAULT_NAMESPACE,
        backend: keyring.backend.KeyringBackend | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.namespace = namespace
        self._explicit = backend
        self.clock = clock
        self._lock = threading.RLock()  # index read-modify-write within this process

    # -- the keyring, with long values split -----------------------------------------------

    def _name(self, service: str) -> str:
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}")
        return f"{self.namespace}/{service}"

    def _backend(self) -> keyring.backend.KeyringBackend:
        backend = self._explicit or keyring.get_keyring()
        if _unusable(backend):
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, backend=type(backend).__name__)
        return backend

    def _get(self, name: str, user: str) -> str | None:
        try:
            backend = self._backend()
            head = backend.get_password(name, user)
            if head is None or not head.startswith(_CHUNKED):
                return head
            parts = [backend.get_password(name, f"{user}#{i}") for i in range(int(head[7:]))]
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc
        if any(p is None for p in parts):
            return None  # a part went missing: as good as no value
        return "".join(p or "" for p in parts)

    def _set(self, name: str, user: str, value: str) -> None:
        self._delete(name, user)
        try:
            backend = self._backend()
            if len(value) <= PART:
                backend.set_password(name, user, value)
                return
            parts = [value[i : i + PART] for i in range(0, len(value), PART)]
            for i, part in enumerate(parts):
                backend.set_password(name, f"{user}#{i}", part)
            backend.set_password(name, user, f"{_CHUNKED}{len(parts)}")
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc

    def _delete(self, name: str, user: str) -> bool:
        backend = self._backend()
        try:
            head = backend.get_password(name, user)
            if head is None:
                return False
            backend.delete_password(name, user)
            if head.startswith(_CHUNKED):
                for i in range(int(head[7:])):
                    try:
                        backend.delete_password(name, f"{user}#{i}")
                    except keyring.errors.PasswordDeleteError:
                        pass
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(message=_UNAVAILABLE, detail=str(exc)) from exc
        return True

    def check(self) -> None:
        """Raise :class:`CredentialStoreUnavailable` if no usable keyring backend exists."""
        self._backend()

    # -- the index ---------------------------------------------------------------------------

    def _read_index(self, service: str) -> list[Authorization]:
        raw = self._get(self._name(service), INDEX_USER)
        if not raw:
            return []
        try:
            items = json.loads(raw).get("accounts", [])
            return [Authorization.from_json(service, item) for item in items]
        except (ValueError, AttributeError, KeyError, TypeError):
            log.warning("the %s authorization index is damaged: starting a new one", service)
            return []

    def _write_index(self, service: str, items: Iterable[Authorization]) -> None:
        data = {"version": 2, "accounts": [a.to_json() for a in items]}
        self._set(self._name(service), INDEX_USER, json.dumps(data, ensure_ascii=False))

    def authorizations(self, service: str) -> list[Authorization]:
        """The service's authorizations, the most recently used first."""
        with self._lock:
            items = self._read_index(service)
        return sorted(items, key=lambda a: -a.updated_at)

    def authorization(self, service: str, account: str) -> Authorization | None:
        return next((a for a in self.authorizations(service) if a.account == account), None)

    def account_for(self, service: str, siret: str = "") -> str | None:
        """The account to use for a dossier: the latest one seen to reach it, else the only
        authorization of the service; None when there is none (or several, none known to
        reach the dossier)."""
        items = self.authorizations(service)
        reaching = [a for a in items if siret and siret in a.reaches]
        if reaching:
            return reaching[0].account
        return items[0].account if len(items) == 1 else None

    def secrets(self, service: str, account: str) -> Secrets:
        """The account's secrets (empty when none is kept)."""
        return Secrets.from_json(self._get(self._name(service), account))

    def save(self, auth: Authorization, secrets: Secrets) -> Authorization:
        """Keep an authorization and its secrets (replacing the account's previous ones)."""
        if auth.account in (INDEX_USER, CLIENT_USER) or not auth.account or "#" in auth.account:
            raise ValueError(f"unusable account name {auth.account!r}")
        saved = replace(auth, updated_at=self.clock())
        with self._lock:
            self._set(self._name(auth.service), auth.account, secrets.to_json())
            items = [a for a in self._read_index(auth.service) if a.account != auth.account]
            self._write_index(auth.service, [saved, *items])
        log.info("%s authorization kept for %s", auth.service, _shown(auth.account))
        return saved

    def update(
        self, service: str, account: str, secrets: Secrets | None = None, **changes: Any
    ) -> Authorization | None:
        """Change an authorization's index fields (and its secrets when given)."""
        with self._lock:
            items = self._read_index(service)
            current = next((a for a in items if a.account == account), None)
            if current is None:
                return None
            updated = replace(current, updated_at=self.clock(), **changes)
            if secrets is not None:
                self._set(self._name(service), account, secrets.to_json())
            self._write_index(service, [updated if a is current else a for a in items])
        return updated

    def note_reach(self, service: str, account: str, siret: str) -> None:
        """Record that ``account`` reaches the dossier ``siret`` (the latest account wins)."""
        with self._lock:
            items = self._read_index(service)
            if not any(a.account == account for a in items):
                return
            out = []
            for a in items:
                reaches = tuple(s for s in a.reaches if s != siret)
                if a.account == account:
                    a = replace(a, reaches=(*reaches, siret), updated_at=self.clock())
                elif reaches != a.reaches:
                    a = replace(a, reaches=reaches)
                out.append(a)
            self._write_index(service, out)

    def rename(self, service: str, old: str, new: str) -> None:
        """The account behind ``old`` turned out to be ``new`` (a migrated token's owner
        became known): ``old``'s secrets and dossiers move to ``new``."""
        if old == new:
            return
        with self._lock:
            items = self._read_index(service)
            moving = next((a for a in items if a.account == old), None)
            if moving is None:
                return
            target = next((a for a in items if a.account == new), None)
            reaches = tuple(dict.fromkeys((*(target.reaches if target else ()), *moving.reaches)))
            merged = replace(moving, account=new, reaches=reaches, updated_at=self.clock())
            self._set(self._name(service), new, self.secrets(service, old).to_json())
            self._delete(self._name(service), old)
            rest = [a for a in items if a.account not in (old, new)]
            self._write_index(service, [merged, *rest])
        log.info("%s authorization %s now known as %s", service, old, _shown(new))

    def forget(self, service: str, account: str) -> bool:
        """Forget the account's authorization and secrets; True if there was one."""
        with self._lock:
            items = self._read_index(service)
            kept = [a for a in items if a.account != account]
            had_secret = self._delete(self._name(service), account)
            if len(kept) != len(items):
                self._write_index(service, kept)
                return True
        return had_secret

    # -- the installation's API client secret -------------------------------------------

    def client_secret(self, service: str) -> str | None:
        return self._get(self._name(service), CLIENT_USER)

    def set_client_secret(self, service: str, secret: str | None) -> None:
        """Keep (or, with None or "", remove) the API client secret set in Paramètres."""
        if secret:
            self._set(self._name(service), CLIENT_USER, secret)
        else:
            self._delete(self._name(service), CLIENT_USER)

    # -- per-SIRET tokens of older versions ------------------------------------------------

    def migrate_per_siret(self, service: str, sirets: Iterable[str]) -> list[str]:
        """Turn each per-SIRET refresh token of an older version into an authorization that
        reaches that dossier; returns the SIRETs migrated. Safe to run again."""
        done: list[str] = []
        name = self._name(service)
        for siret in sirets:
            with self._lock:
                token = self._get(name, siret)
                if not token:
                    continue
                account = f"{LEGACY_PREFIX}{siret}"
                if self.authorization(service, account) is None:
                    self.save(
                        Authorization(service, account, reaches=(siret,), renewable=True),
                        Secrets(refresh_token=token),
                    )
                self._delete(name, siret)
            done.append(siret)
        if done:
            log.info("%s: %d per-dossier token(s) migrated", service, len(done))
        return done

    # -- async: keyring calls may block on D-Bus or the Keychain -------------------------------

    @staticmethod
    async def run(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Any method of the store in a worker thread: ``await store.run(store.save, ...)``."""
        return await asyncio.to_thread(func, *args, **kwargs)

    async def acheck(self) -> None:
        await asyncio.to_thread(self.check)

    async def aaccount_for(self, service: str, siret: str = "") -> str | None:
        return await asyncio.to_thread(self.account_for, service, siret)

    async def asecrets(self, service: str, account: str) -> Secrets:
        return await asyncio.to_thread(self.secrets, service, account)

    async def aauthorization(self, service: str, account: str) -> Authorization | None:
        return await asyncio.to_thread(self.authorization, service, account)


def _shown(account: str) -> str:
    """An account name for the logs: the first letters of an e-mail address only."""
    if "@" not in account:
        return account
    user, _, domain = account.partition("@")
    return f"{user[:2]}…@{domain}"


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
