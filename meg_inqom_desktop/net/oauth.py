"""OAuth 2 for the desktop app: the browser's authorization code and the password grant.

* :func:`make_pkce`, :func:`authorization_url`: the browser leg (RFC 8252 loopback redirect,
  ``state``, PKCE S256 per RFC 7636, harmless where a server ignores it).
* :func:`exchange_code`, :func:`refresh_tokens`, :func:`password_grant`, :func:`revoke_token`:
  the token endpoint. A confidential client (an installation with a ``client_secret``) sends
  its secret with each grant; a public one sends only its ``client_id``.
* :func:`save_tokens`, :func:`keep_answer`, :func:`sign_in_with_password`: what is kept of a
  token answer (:mod:`.token_session` uses it to call the API).
* :class:`AuthorizationFlow`: loopback listener + browser + code exchange + storage, with the
  URL available at once (for "Copier le lien") and cancel.

Token answers are trusted for ``expires_in`` (counted from the local clock when the answer
arrives, so a clock that is a few minutes off does not matter); an answer without it, an HTML
page instead of JSON, ``invalid_grant`` and ``invalid_client`` each become a French error, and
nothing is stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx2
from pydantic import BaseModel, ConfigDict, ValidationError

from meg_inqom_desktop.net.credentials import Authorization, CredentialStore, Secrets
from meg_inqom_desktop.net.errors import (
    AuthorizationCancelled,
    AuthorizationRevoked,
    ClientRejected,
    MalformedResponse,
    NotTheService,
    RequestRejected,
    ServerError,
    WrongCredentials,
)
from meg_inqom_desktop.net.http import HttpCaller, RetryableBody, read_json
from meg_inqom_desktop.net.loopback import LoopbackReceiver, new_state, open_browser

log = logging.getLogger(__name__)

CLIENT_ID = "meg-inqom-desktop"


@dataclass(frozen=True)
class OAuthConfig:
    """One authorization server and the installation's client at it.

    ``client_secret``: given by the environment or a deployment file; else, when
    ``secret_in_keyring``, the one set in Paramètres (read from the credential store when a
    grant needs it); else none (a public client).
    """

    service: str  # "meg" or "inqom" (credential key)
    display_name: str  # "MEG", "Inqom"
    authorize_url: str
    token_url: str
    revoke_url: str | None
    scopes: tuple[str, ...] = ()
    client_id: str = CLIENT_ID
    extra_authorize_params: tuple[tuple[str, str], ...] = ()
    client_secret: str | None = field(default=None, repr=False)
    secret_in_keyring: bool = False
    password_scopes: tuple[str, ...] = ()  # empty: no password grant for this service

    @property
    def host(self) -> str:
        return urlsplit(self.token_url).netloc


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
    """RFC 6749 §5.1 token response (``id_token``: OpenID Connect; ``account``: MEG's login
    of the person, an extra member of its answer)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    access_token: str
    token_type: str
    expires_in: int | None = None
    refresh_token: str | None = None
    scope: str | None = None
    id_token: str | None = None
    account: str | None = None

    def __repr__(self) -> str:  # never show tokens, even in a debugger dump or a traceback
        return f"TokenResponse(token_type={self.token_type!r}, expires_in={self.expires_in!r})"

    __str__ = __repr__


def jwt_claims(token: str | None) -> dict[str, Any]:
    """The claims of a JWT's payload, unverified (for a name to show only); {} if none."""
    if not token or token.count(".") != 2:
        return {}
    payload = token.split(".")[1]
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error):
        return {}
    return data if isinstance(data, dict) else {}


def account_of(tokens: TokenResponse) -> str | None:
    """Whose tokens these are, when the answer says it: MEG's ``account``, else the OpenID
    Connect ``id_token`` (received straight from the token endpoint over TLS, RFC-conformant
    without a signature check, OIDC Core §3.1.3.7), else the claims of a JWT access token."""
    if tokens.account:
        return tokens.account.strip() or None
    for token in (tokens.id_token, tokens.access_token):
        claims = jwt_claims(token)
        for key in ("email", "preferred_username", "name", "sub"):
            value = claims.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def default_account(config: OAuthConfig) -> str:
    """The account name of tokens that do not say whose they are."""
    return f"compte {config.display_name}"


async def client_secret(config: OAuthConfig, store: CredentialStore | None) -> str | None:
    """The installation's client secret for ``config`` (None: a public client)."""
    if config.client_secret:
        return config.client_secret
    if config.secret_in_keyring and store is not None:
        return await store.run(store.client_secret, config.service)
    return None


def _error_of(response: httpx2.Response) -> str | None:
    """The OAuth ``error`` of a JSON body; None when the body is not JSON (an HTML page)."""
    try:
        body = read_json(response)
    except RetryableBody:
        return None
    error = body.get("error", "") if isinstance(body, dict) else ""
    return error if isinstance(error, str) else ""


async def _token_call(
    caller: HttpCaller,
    config: OAuthConfig,
    form: dict[str, str],
    *,
    siret: str = "",
    username: str = "",
) -> TokenResponse:
    name = config.display_name
    grant = form["grant_type"]

    async def consume(response: httpx2.Response) -> TokenResponse:
        status = response.status_code
        error = _error_of(response)
        if error is None:
            raise NotTheService(name, status, config.host)
        if status >= 500:
            raise ServerError(name, status)
        if status >= 400:
            if error == "invalid_client" or error in (
                "unauthorized_client",
                "unsupported_grant_type",
            ):
                raise ClientRejected(name, config.client_id, error=error)
            if error == "invalid_grant" and grant == "password":
                raise WrongCredentials(name, username)
            if error in ("invalid_grant", "invalid_token"):
                raise AuthorizationRevoked(name, siret, error=error, account=username)
            raise RequestRejected(name, status, error or response.reason_phrase or "")
        try:
            tokens = TokenResponse.model_validate(read_json(response))
        except ValidationError as exc:
            raise MalformedResponse(name, "réponse de jeton incomplète") from exc
        if tokens.token_type.lower() != "bearer":
            raise MalformedResponse(name, f"type de jeton inattendu : {tokens.token_type}")
        if not tokens.expires_in or tokens.expires_in <= 0:
            raise MalformedResponse(name, "durée de validité de l'accès (expires_in) absente")
        return tokens

    return await caller.call(
        "POST",
        config.token_url,
        route="POST token",
        consume=consume,
        idempotent=False,  # a code or a rotated refresh token is single use
        accept=tuple(range(400, 600)),
        data=form,
    )


def _client_form(config: OAuthConfig, secret: str | None) -> dict[str, str]:
    form = {"client_id": config.client_id}
    if secret:
        form["client_secret"] = secret
    return form


async def exchange_code(
    caller: HttpCaller,
    config: OAuthConfig,
    *,
    code: str,
    verifier: str,
    redirect_uri: str,
    siret: str = "",
    secret: str | None = None,
) -> TokenResponse:
    """Authorization code + PKCE verifier (+ the client secret when there is one) → tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
        **_client_form(config, secret),
    }
    return await _token_call(caller, config, form, siret=siret)


async def refresh_tokens(
    caller: HttpCaller,
    config: OAuthConfig,
    refresh_token: str,
    siret: str = "",
    *,
    secret: str | None = None,
    account: str = "",
) -> TokenResponse:
    """A refresh token → new tokens (the server may rotate the refresh token)."""
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        **_client_form(config, secret),
    }
    return await _token_call(caller, config, form, siret=siret, username=account)


async def password_grant(
    caller: HttpCaller, config: OAuthConfig, username: str, password: str, secret: str | None
) -> TokenResponse:
    """The password grant of a service account (Inqom's server integrations)."""
    form = {
        "grant_type": "password",
        "username": username,
        "password": password,
        "scope": " ".join(config.password_scopes or config.scopes),
        **_client_form(config, secret),
    }
    return await _token_call(caller, config, form, username=username)


async def revoke_token(
    caller: HttpCaller,
    config: OAuthConfig,
    token: str,
    hint: str = "refresh_token",
    secret: str | None = None,
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
        data={"token": token, "token_type_hint": hint, **_client_form(config, secret)},
    )


def save_tokens(
    store: CredentialStore,
    config: OAuthConfig,
    tokens: TokenResponse,
    account: str,
    *,
    method: str = "browser",
    reaches: tuple[str, ...] = (),
    password: str | None = None,
    now: float | None = None,
) -> Authorization:
    """Keep a token answer as ``account``'s authorization: the access token with its expiry
    (every dossier and process of the account uses it until then), the refresh token when
    there is one, the password only when given."""
    now = time.time() if now is None else now
    previous = store.authorization(config.service, account)
    reach = tuple(dict.fromkeys((*(previous.reaches if previous else ()), *reaches)))
    expires = now + (tokens.expires_in or 0)
    renewable = bool(tokens.refresh_token or password)
    auth = Authorization(config.service, account, method, reach, expires, renewable)
    secrets = Secrets(tokens.refresh_token, tokens.access_token, password)
    return store.save(auth, secrets)


def keep_answer(
    store: CredentialStore,
    config: OAuthConfig,
    tokens: TokenResponse | dict[str, Any],
    reaches: tuple[str, ...] = (),
) -> Authorization:
    """Keep the answer of a browser authorization for the account it names (see
    :func:`account_of`; unnamed: :func:`default_account`)."""
    answer = tokens if isinstance(tokens, TokenResponse) else TokenResponse.model_validate(tokens)
    account = account_of(answer) or default_account(config)
    return save_tokens(store, config, answer, account, reaches=reaches)


async def sign_in_with_password(
    caller: HttpCaller,
    config: OAuthConfig,
    store: CredentialStore,
    username: str,
    password: str,
    *,
    remember: bool = False,
    reaches: tuple[str, ...] = (),
) -> Authorization:
    """Sign a service account in with the password grant and keep the authorization (the
    password too when ``remember``, « Se souvenir sur ce poste »)."""
    if not config.password_scopes:
        raise ValueError(f"{config.display_name} has no password grant")
    await store.acheck()
    tokens = await password_grant(
        caller, config, username, password, await client_secret(config, store)
    )
    return await store.run(
        save_tokens,
        store,
        config,
        tokens,
        username,
        method="password",
        reaches=reaches,
        password=password if remember else None,
    )


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
        siret: str = "",
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

    async def wait(self) -> Authorization:
        """Wait for the redirect, exchange the code, keep the authorization."""
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
            secret=await client_secret(self.config, self.store),
        )
        reaches = (self.siret,) if self.siret else ()
        return await self.store.run(keep_answer, self.store, self.config, tokens, reaches)

    def mark_cancelled(self) -> None:
        """Make a pending :meth:`wait` end with ``AuthorizationCancelled``."""
        self._cancelled = True

    async def cancel(self) -> None:
        self.mark_cancelled()
        await self.receiver.close()
