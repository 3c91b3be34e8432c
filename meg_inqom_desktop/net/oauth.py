"""OAuth 2 for a public desktop client (RFC 8252, RFC 7636 PKCE S256, RFC 7009 revocation).

* :func:`make_pkce`, :func:`authorization_url`: the browser leg.
* :func:`exchange_code`, :func:`refresh_tokens`, :func:`revoke_token`: the token endpoint.
* :class:`TokenSession`: the access token in memory, the refresh token in the
  :class:`~meg_inqom_desktop.net.credentials.CredentialStore`; refreshes under a lock (a
  rotated refresh token used twice would make the server revoke the whole family) and stores
  the new refresh token each time.
* :class:`AuthorizationFlow`: loopback listener + browser + code exchange + storage, with the
  URL available at once (for "Copier le lien") and cancel.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx2
from pydantic import BaseModel, ConfigDict, ValidationError

from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.errors import (
    AuthorizationCancelled,
    AuthorizationMissing,
    AuthorizationRevoked,
    MalformedResponse,
    RequestRejected,
)
from meg_inqom_desktop.net.http import HttpCaller, RetryableBody, read_json
from meg_inqom_desktop.net.loopback import LoopbackReceiver, new_state, open_browser

log = logging.getLogger(__name__)

CLIENT_ID = "meg-inqom-desktop"
EXPIRY_SKEW = 30.0  # refresh this many seconds before the access token expires


@dataclass(frozen=True)
class OAuthConfig:
    """One authorization server as the app sees it."""

    service: str  # "meg" or "inqom" (credential key)
    display_name: str  # "MEG", "Inqom"
    authorize_url: str
    token_url: str
    revoke_url: str | None
    scopes: tuple[str, ...] = ()
    client_id: str = CLIENT_ID
    extra_authorize_params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str
    method: str = "S256"


def pkce_challenge(verifier: str) -> str:
    """S256 challenge: base64url(sha256(verifier)) without padding (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_pkce() -> Pkce:
    """A fresh verifier (43 to 128 unreserved characters) and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)[:96]
    return Pkce(verifier=verifier, challenge=pkce_challenge(verifier))


def authorization_url(
    config: OAuthConfig,
    *,
    redirect_uri: str,
    state: str,
    pkce: Pkce,
    extra: dict[str, str] | None = None,
) -> str:
    """The URL the browser opens to ask the user's consent."""
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": redirect_uri,
        "state": state,
        "code_challenge": pkce.challenge,
        "code_challenge_method": pkce.method,
    }
    if config.scopes:
        params["scope"] = " ".join(config.scopes)
    params.update(dict(config.extra_authorize_params))
    params.update(extra or {})
    sep = "&" if "?" in config.authorize_url else "?"
    return f"{config.authorize_url}{sep}{urlencode(params)}"


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 token response."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    access_token: str
    token_type: str
    expires_in: int | None = None
    refresh_token: str | None = None
    scope: str | None = None

    def __repr__(self) -> str:  # never show tokens, even in a debugger dump or a traceback
        return f"TokenResponse(token_type={self.token_type!r}, expires_in={self.expires_in!r})"

    __str__ = __repr__


async def _token_call(
    caller: HttpCaller, config: OAuthConfig, form: dict[str, str], siret: str
) -> TokenResponse:
    async def consume(response: httpx2.Response) -> TokenResponse:
        if response.status_code in (400, 401):
            try:
                body = response.json()
            except ValueError:
                body = {}
            error = body.get("error", "") if isinstance(body, dict) else ""
            if error in ("invalid_grant", "invalid_token", "unauthorized_client"):
                raise AuthorizationRevoked(config.display_name, siret, error=error)
            raise RequestRejected(config.display_name, response.status_code, error or "")
        try:
            return TokenResponse.model_validate(read_json(response))
        except RetryableBody as exc:
            raise MalformedResponse(config.display_name, exc.detail) from exc
        except ValidationError as exc:
            raise MalformedResponse(config.display_name, "réponse de jeton incomplète") from exc

    return await caller.call(
        "POST",
        config.token_url,
        route="POST token",
        consume=consume,
        idempotent=False,  # a code or a rotated refresh token is single use
        accept=(400, 401),
        data=form,
    )


async def exchange_code(
    caller: HttpCaller,
    config: OAuthConfig,
    *,
    code: str,
    verifier: str,
    redirect_uri: str,
    siret: str = "",
) -> TokenResponse:
    """Authorization code + PKCE verifier → tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
        "client_id": config.client_id,
    }
    return await _token_call(caller, config, form, siret)


async def refresh_tokens(
    caller: HttpCaller, config: OAuthConfig, refresh_token: str, siret: str = ""
) -> TokenResponse:
    """A refresh token → new tokens (the server rotates the refresh token)."""
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": config.client_id,
    }
    return await _token_call(caller, config, form, siret)


async def revoke_token(
    caller: HttpCaller, config: OAuthConfig, token: str, hint: str = "refresh_token"
) -> None:
    """RFC 7009 revocation (the server answers 200 even for an unknown token)."""
    if not config.revoke_url:
        return

    async def consume(response: httpx2.Response) -> None:
        return None

    await caller.call(
        "POST",
        config.revoke_url,
        route="POST revoke",
        consume=consume,
        data={"token": token, "token_type_hint": hint, "client_id": config.client_id},
    )


_REFRESH_LOCKS: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[str, str, str], asyncio.Lock]
] = weakref.WeakKeyDictionary()


def _refresh_lock(namespace: str, service: str, siret: str) -> asyncio.Lock:
    """One lock per stored refresh token and event loop: two sessions of the same dossier
    (a sync and the dashboard asking MEG) refresh one after the other, the second with the
    token the first stored. Refreshing both with the same token would present a rotated one
    again, and the server then revokes the whole authorization (RFC 9700 §4.14)."""
    locks = _REFRESH_LOCKS.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault((namespace, service, siret), asyncio.Lock())


@dataclass
class TokenSession:
    """Bearer tokens of one service for one dossier (implements ``http.BearerAuth``)."""

    caller: HttpCaller  # an un-authenticated caller for the token endpoint
    config: OAuthConfig
    store: CredentialStore
    siret: str
    clock: Callable[[], float] = time.time
    _access: str | None = field(default=None, repr=False)
    _expires_at: float = 0.0
    refreshes: int = 0

    @property
    def _lock(self) -> asyncio.Lock:
        return _refresh_lock(self.store.namespace, self.config.service, self.siret)

    def adopt(self, tokens: TokenResponse) -> None:
        """Use freshly obtained tokens (the caller stores the refresh token)."""
        self._access = tokens.access_token
        self._expires_at = self.clock() + (tokens.expires_in or 3600)

    def _valid(self) -> bool:
        return self._access is not None and self.clock() < self._expires_at - EXPIRY_SKEW

    async def access_token(self) -> str:
        if self._valid():
            assert self._access is not None
            return self._access
        async with self._lock:
            if not self._valid():
                await self._refresh()
            assert self._access is not None
            return self._access

    async def invalidate(self, stale: str) -> None:
        async with self._lock:
            if self._access == stale or self._access is None:
                self._access = None
                await self._refresh()

    async def _refresh(self) -> None:
        name = self.config.display_name
        current = await self.store.aget_refresh_token(self.config.service, self.siret)
        if not current:
            raise AuthorizationMissing(name, self.siret)
        try:
            tokens = await refresh_tokens(self.caller, self.config, current, self.siret)
        except AuthorizationRevoked:
            await self.store.adelete(self.config.service, self.siret)
            raise
        if tokens.refresh_token:  # rotation: the old one is now spent
            service = self.config.service
            await self.store.aset_refresh_token(service, self.siret, tokens.refresh_token)
        self.adopt(tokens)
        self.refreshes += 1
        log.info("%s access token refreshed for %s", name, self.siret)

    async def revoke(self) -> None:
        """Revoke the stored refresh token at the server and forget it locally."""
        current = await self.store.aget_refresh_token(self.config.service, self.siret)
        try:
            if current:
                await revoke_token(self.caller, self.config, current)
        finally:
            await self.store.adelete(self.config.service, self.siret)
            self._access = None


class AuthorizationFlow:
    """One desktop authorization: listener, URL, browser, wait, exchange, store.

    ``url`` is available after :meth:`start` (show it with "Copier le lien" when
    ``browser_opened`` is False); :meth:`wait` completes it; :meth:`cancel` stops it.
    """

    def __init__(
        self,
        caller: HttpCaller,
        config: OAuthConfig,
        store: CredentialStore,
        siret: str,
        *,
        extra_params: dict[str, str] | None = None,
        browser: Callable[[str], Awaitable[bool]] | None = open_browser,
        timeout: float = 300.0,
    ) -> None:
        self.caller = caller
        self.config = config
        self.store = store
        self.siret = siret
        self.extra_params = extra_params or {}
        self.browser = browser
        self.timeout = timeout
        self.pkce = make_pkce()
        self.state = new_state()
        self.receiver = LoopbackReceiver(self.state, config.display_name)
        self.url = ""
        self.browser_opened = False
        self._cancelled = False

    async def start(self) -> str:
        await self.store.acheck()  # fail before the browser opens if tokens cannot be kept
        await self.receiver.start()
        self.url = authorization_url(
            self.config,
            redirect_uri=self.receiver.redirect_uri,
            state=self.state,
            pkce=self.pkce,
            extra=self.extra_params,
        )
        if self.browser is not None:
            self.browser_opened = await self.browser(self.url)
        return self.url

    async def wait(self) -> TokenResponse:
        """Wait for the redirect, exchange the code, store the refresh token."""
        try:
            result = await self.receiver.wait(self.timeout)
        finally:
            await self.receiver.close()
        if self._cancelled:
            raise AuthorizationCancelled(self.config.display_name)
        tokens = await exchange_code(
            self.caller,
            self.config,
            code=result.code,
            verifier=self.pkce.verifier,
            redirect_uri=self.receiver.redirect_uri,
            siret=self.siret,
        )
        if not tokens.refresh_token:
            raise MalformedResponse(self.config.display_name, "aucun jeton de renouvellement")
        await self.store.aset_refresh_token(self.config.service, self.siret, tokens.refresh_token)
        return tokens

    def mark_cancelled(self) -> None:
        """Make a pending :meth:`wait` end with ``AuthorizationCancelled``."""
        self._cancelled = True

    async def cancel(self) -> None:
        self.mark_cancelled()
        await self.receiver.close()
