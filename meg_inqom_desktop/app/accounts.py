"""Authorizations, one per person and service: sign in (browser or password grant), reuse,
list, sign out. Shared by the wizard, Paramètres and ``meg-inqom auth``; no Qt here.

A person who authorized MEG (or Inqom) once is not asked again for the next dossier: the
authorization kept for their account reaches every company (or folder) that account sees
(:func:`usable_account`). The firm's unattended service signs in to Inqom with the password
grant (:func:`sign_in_with_password`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from meg_inqom_desktop.app.services import (
    SERVICES,
    checked_siret,
    credential_store,
    endpoints_from_sandbox,
    http_settings,
    resolve_endpoints,
)
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.net import oauth
from meg_inqom_desktop.net.credentials import Authorization, CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import NetworkError
from meg_inqom_desktop.net.http import HttpCaller, build_client
from meg_inqom_desktop.net.loopback import open_browser
from meg_inqom_desktop.net.oauth import AuthorizationFlow
from meg_inqom_desktop.net.token_session import TokenSession
from meg_inqom_desktop.store.paths import DataPaths

log = logging.getLogger(__name__)

# Authorization ------------------------------------------------------------------------------


def usable_account(store: CredentialStore, service: str, siret: str = "") -> str | None:
    """The account whose authorization the app can use for a new dossier without asking the
    person again: the one that reaches the dossier, else the most recent; none expired."""
    now = time.time()
    items = [a for a in store.authorizations(service) if not a.expired(now)]
    for auth in items:
        if siret and siret in auth.reaches:
            return auth.account
    return items[0].account if items else None


@dataclass
class AuthorizationHandle:
    """A browser authorization in progress: show ``url`` (and "Copier le lien" when
    ``browser_opened`` is False), await :meth:`wait`, or :meth:`cancel`.

    ``existing``: an authorization already kept reaches the dossier (« Autorisation MEG déjà
    donnée par … »): no browser, :meth:`wait` returns at once. ``account`` is whose
    authorization it is once :meth:`wait` returned."""

    service: str
    siret: str
    url: str
    browser_opened: bool
    _flow: AuthorizationFlow | None
    _http: Any
    existing: str | None = None
    account: str | None = None
    _task: asyncio.Task[Authorization] | None = None
    # called with (service, account) after a new sign-in was kept
    on_success: Callable[[str, str], Awaitable[None]] | None = None

    async def wait(self) -> bool:
        """Completes when the browser came back and the token is stored (True)."""
        if self._flow is None:
            self.account = self.existing
            return True
        if self._task is None:
            self._task = asyncio.ensure_future(self._flow.wait())
        try:
            auth = await self._task
        finally:
            await self._http.aclose()
        self.account = auth.account
        if self.on_success is not None:
            await self.on_success(self.service, auth.account)
        return True

    def cancel(self) -> None:
        """Stop waiting (safe to call from a Qt slot: no await needed)."""
        if self._flow is None:
            return
        self._flow.mark_cancelled()
        if self._task is not None:
            self._task.cancel()
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().create_task(self._flow.receiver.close())


async def authorize(
    service: str,
    siret: str | Siret = "",
    *,
    open_browser: Callable[[str], Awaitable[bool]] | None = open_browser,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
    timeout: float = 300.0,
    reuse: bool = False,
) -> AuthorizationHandle:
    """Start the desktop authorization of ``service`` ("meg" or "inqom"), for a dossier or
    for the person (``siret`` ""). With ``reuse``, an authorization already kept is used
    instead when there is one (see :func:`usable_account`)."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    value = checked_siret(siret) if siret else ""
    ep = resolve_endpoints(endpoints)
    keep = store or credential_store(ep)
    if reuse:
        existing = await keep.run(usable_account, keep, service, value)
        if existing is not None:
            return AuthorizationHandle(service, value, "", False, None, None, existing)
    http = build_client(http_settings(paths))
    caller = HttpCaller(http, SERVICES[service])
    flow = AuthorizationFlow(
        caller, ep.oauth(service), keep, value, browser=open_browser, timeout=timeout
    )
    try:
        url = await flow.start()
    except BaseException:
        await http.aclose()
        raise
    return AuthorizationHandle(service, value, url, flow.browser_opened, flow, http)


async def authorize_in_sandbox(
    sandbox: Any,
    service: str,
    siret: str | Siret = "",
    *,
    store: CredentialStore | None = None,
    decision: str = "allow",
    username: str | None = None,
    endpoints: Endpoints | None = None,
) -> str | None:
    """The whole browser authorization against a running sandbox, its consent page answered
    by the sandbox's browser helper (demo mode, ``--sandbox`` commands, tests), as
    ``username`` (default: the demo firm's administrator); returns the account."""
    ep = endpoints or endpoints_from_sandbox(sandbox)
    handle = await authorize(service, siret, open_browser=None, endpoints=ep, store=store)
    waiter = asyncio.ensure_future(handle.wait())
    try:
        await asyncio.to_thread(
            sandbox.authorize_as_browser,
            handle.url,
            decision=decision,
            follow=True,
            username=username,
        )
        await waiter
    except BaseException:
        handle.cancel()
        waiter.cancel()
        with contextlib.suppress(BaseException):
            await waiter
        raise
    return handle.account


async def sign_in_with_password(
    username: str,
    password: str,
    *,
    remember: bool = False,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> Authorization:
    """Sign the firm's Inqom service account in with the password grant (``meg-inqom serve``
    on an unattended machine); the password is kept only with ``remember``."""
    ep = resolve_endpoints(endpoints)
    async with build_client(http_settings(paths)) as http:
        return await oauth.sign_in_with_password(
            HttpCaller(http, "Inqom"),
            ep.inqom_oauth(),
            store or credential_store(ep),
            username.strip(),
            password,
            remember=remember,
        )


# Listing and signing out --------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationInfo:
    """One kept authorization as ``meg-inqom auth status`` and Paramètres show it: whose,
    how, what it reaches, until when. Never a token."""

    service: str  # "meg" or "inqom"
    account: str
    method: str  # "browser" or "password"
    reaches: tuple[str, ...]  # SIRETs
    reaches_names: tuple[str, ...]  # the dossiers' names where known, else their SIRET
    expires_at: float | None  # of the kept access token; None when renewable by refresh
    renewable: bool
    state: str  # "ok", "expiring", "expired"
    migrated: bool  # a per-dossier token of an older version, its account not known yet

    @property
    def label(self) -> str:
        return SERVICES[self.service]

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "account": self.account,
            "method": self.method,
            "reaches": list(self.reaches),
            "expires_at": (
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.expires_at))
                if self.expires_at is not None
                else None
            ),
            "renewable": self.renewable,
            "state": self.state,
        }


def describe(
    store: CredentialStore, names: Mapping[str, str], now: float | None = None
) -> list[AuthorizationInfo]:
    """Every authorization kept in ``store``, MEG's first (``names``: SIRET → dossier)."""
    from meg_inqom_desktop.app.sign_in import REMIND_BEFORE

    now = time.time() if now is None else now
    out = []
    for service in SERVICES:
        for auth in store.authorizations(service):
            if auth.expired(now):
                state = "expired"
            elif (
                not auth.renewable
                and auth.expires_at is not None
                and (auth.expires_at - now <= REMIND_BEFORE)
            ):
                state = "expiring"
            else:
                state = "ok"
            out.append(
                AuthorizationInfo(
                    service,
                    auth.account,
                    auth.method,
                    auth.reaches,
                    tuple(names.get(s) or s for s in auth.reaches),
                    auth.expires_at,
                    auth.renewable,
                    state,
                    auth.migrated,
                )
            )
    return out


async def logout(
    store: CredentialStore,
    endpoints: Endpoints,
    service: str,
    account: str | None = None,
    paths: DataPaths | None = None,
) -> list[str]:
    """Forget ``account``'s authorization of ``service`` (every one when None), revoking its
    refresh token at the service first where it can (a network failure does not keep it)."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    accounts = [a.account for a in await store.run(store.authorizations, service)]
    chosen = [a for a in accounts if account is None or a == account]
    config = endpoints.oauth(service)
    async with build_client(http_settings(paths)) as http:
        caller = HttpCaller(http, SERVICES[service])
        for name in chosen:
            session = TokenSession(caller, config, store, account=name)
            try:
                await session.revoke()
            except NetworkError as exc:  # forgotten here all the same
                log.warning("%s: revocation not confirmed (%s)", service, exc.title)
                await store.run(store.forget, service, name)
    return chosen


def sign_in_problems(
    infos: list[AuthorizationInfo], needed: Mapping[str, int]
) -> list[tuple[str, str, str]]:
    """What keeps the syncs from signing in, as ``(status, what, what to do)`` in French:
    ``fail`` when a service that ``needed`` dossiers use has no usable authorization,
    ``warn`` when one expires within a week without a way to renew it."""
    out: list[tuple[str, str, str]] = []
    for service, label in SERVICES.items():
        mine = [i for i in infos if i.service == service]
        usable = [i for i in mine if i.state != "expired"]
        if needed.get(service) and not usable:
            expired = [i.account for i in mine]
            what = (
                f"connexion {label} expirée ({', '.join(expired)})"
                if expired
                else f"aucune connexion {label} sur ce poste"
            )
            out.append(("fail", what, _how_to_sign_in(service, mine)))
        for info in usable:
            if info.state == "expiring":
                out.append(
                    (
                        "warn",
                        f"connexion {label} de {info.account} bientôt expirée",
                        _how_to_sign_in(service, [info]),
                    )
                )
    return out


def _how_to_sign_in(service: str, infos: list[AuthorizationInfo]) -> str:
    password = [i for i in infos if i.method == "password"]
    if password:
        return (
            "Sous le compte système qui exécute le service : « meg-inqom auth "
            f"{service} --password-grant --username {password[0].account} --remember »."
        )
    if service == "inqom":
        return (
            "Connectez-vous : Paramètres › Connexions, « meg-inqom auth inqom », ou, pour un "
            "service sans écran, « meg-inqom auth inqom --password-grant --username … »."
        )
    return "Connectez-vous : Paramètres › Connexions, ou « meg-inqom auth meg »."
