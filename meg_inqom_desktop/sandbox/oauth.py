"""OAuth 2 authorization server of both emulators: authorization code, refresh, password grant.

One client, ``meg-inqom-desktop``: confidential with the secret ``sandbox-secret`` (sent as
``client_secret`` in the form, or with HTTP Basic), or public with PKCE. Redirect URIs:
loopback only, any port (RFC 8252 §7.3). ``state`` echoed; French sign-in and consent page
(the demo users of :data:`USERS`; a browser that posts no login is the demo firm's
administrator, already signed in). Refresh tokens rotate on every use and a retired one
presented again revokes its whole family (RFC 9700 §4.14.2). Revocation per RFC 7009.

MEG: PKCE S256 required, opaque tokens, its answer names the ``account``. Inqom, as Inqom
does: PKCE optional when the secret is sent, JWT-shaped access tokens (and an OpenID Connect
``id_token`` when ``openid`` is granted), a refresh token only with ``offline_access`` (and
never while :attr:`OAuthStore.refresh_tokens` is off), the password grant (``scope=openid
apidata``, no refresh token, ``expires_in`` :attr:`OAuthStore.password_ttl`, 31,104,000 s by
default). Errors are JSON ``{"error", "error_description"}`` with HTTP 400. ``clock_skew``
moves the server's clock (the tokens' ``iat``/``exp``) without changing how long they last.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "meg-inqom-desktop"
CLIENT_SECRET = "sandbox-secret"
DEMO_USER = "comptable@cabinet-demo.fr"  # the demo firm's administrator
COLLABORATOR = "collaborateur@cabinet-demo.fr"  # a collaborator with three folders
DEMO_PASSWORD = "demo"
USERS = {DEMO_USER: DEMO_PASSWORD, COLLABORATOR: DEMO_PASSWORD}
USER_IDS = {DEMO_USER: "u-1001", COLLABORATOR: "u-1002"}
PASSWORD_TTL = 31_104_000  # ~360 days, as Inqom answers its password grant
CODE_TTL = 120.0
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


@dataclass
class Token:
    value: str
    kind: str  # "access" | "refresh"
    family: str
    client_id: str
    user: str
    scope: str
    issued_at: float
    expires_at: float | None
    revoked: bool = False
    rotated: bool = False  # refresh token already exchanged

    def active(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return not self.revoked and (self.expires_at is None or now < self.expires_at)


@dataclass
class AuthRequest:
    id: str
    client_id: str
    redirect_uri: str
    challenge: str  # "" when the client sent no PKCE challenge
    state: str
    scope: str
    used: bool = False


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str
    expires_at: float
    family: str
    user: str = DEMO_USER
    used: bool = False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class OAuthStore:
    """Issued codes and tokens of one service (``meg`` or ``inqom``) and its knobs."""

    service: str
    access_ttl: int = 3600
    password_ttl: int = PASSWORD_TTL
    refresh_tokens: bool = True  # False: the code flow withholds refresh tokens too
    clock_skew: float = 0.0  # seconds the server's clock is ahead of the machine's
    jwt: bool = False  # JWT-shaped access tokens (Inqom)
    users: dict[str, str] = field(default_factory=lambda: dict(USERS))
    leave_out: frozenset[str] = frozenset()  # fields left out of token answers (tests)
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    requests: dict[str, AuthRequest] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    id_tokens: list[str] = field(default_factory=list)  # issued (tests look for leaks)

    def now(self) -> float:
        """The server's clock."""
        return time.time() + self.clock_skew

    def _jwt(self, claims: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "sandbox"}).encode())
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        mac = hmac.new(self.key, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(mac)}"

    def _claims(self, user: str, ttl: int, now: float) -> dict[str, Any]:
        return {
            "iss": f"sandbox/{self.service}",
            "sub": USER_IDS.get(user, user),
            "iat": int(now),
            "nbf": int(now),
            "exp": int(now + ttl),
            "client_id": CLIENT_ID,
        }

    def issue(
        self,
        family: str,
        scope: str,
        refresh: bool,
        *,
        user: str = DEMO_USER,
        ttl: int | None = None,
        account: bool = False,
    ) -> dict[str, Any]:
        """A token answer for ``user`` (``account``: name the user in it, as MEG does)."""
        now = self.now()
        ttl = self.access_ttl if ttl is None else ttl
        prefix = "meg" if self.service == "meg" else "inq"
        if self.jwt:
            claims = self._claims(user, ttl, now)
            value = self._jwt(claims | {"scope": scope.split(), "jti": secrets.token_hex(8)})
        else:
            value = f"{prefix}_at_{secrets.token_urlsafe(24)}"
        access = Token(value, "access", family, CLIENT_ID, user, scope, now, now + ttl)
        self.tokens[access.value] = access
        body: dict[str, Any] = {
            "access_token": access.value,
            "token_type": "Bearer",
            "expires_in": int(ttl),
            "scope": scope,
        }
        if account:
            body["account"] = user
        if self.jwt and "openid" in scope.split():
            body["id_token"] = self._jwt(
                self._claims(user, 300, now)
                | {"aud": CLIENT_ID, "email": user, "auth_time": int(now)}
            )
            self.id_tokens.append(body["id_token"])
        if refresh:
            rt = Token(
                f"{prefix}_rt_{secrets.token_urlsafe(32)}",
                "refresh",
                family,
                CLIENT_ID,
                user,
                scope,
                now,
                None,
            )
            self.tokens[rt.value] = rt
            body["refresh_token"] = rt.value
        return body

    def revoke_family(self, family: str) -> None:
        for token in self.tokens.values():
            if token.family == family:
                token.revoked = True

    def expire_access_tokens(self) -> None:
        past = self.now() - 1
        for token in self.tokens.values():
            if token.kind == "access":
                token.expires_at = past

    def check_access(self, value: str) -> Token | None:
        token = self.tokens.get(value)
        if token is None or token.kind != "access" or not token.active(self.now()):
            return None
        return token


@dataclass(frozen=True)
class OAuthService:
    """What differs between MEG's and Inqom's authorization servers."""

    name: str  # attribute of SandboxState: f"{name}_oauth"
    authorize_path: str
    token_path: str
    revoke_path: str
    consent_title: str
    consent_text: str
    allowed_scopes: frozenset[str]
    default_scope: str | None  # None: scope required
    refresh_needs: str | None  # scope that grants a refresh token (None: always)
    pkce_required: bool = True  # False: a confidential client may go without PKCE
    password_grant: bool = False
    password_scope: str = "openid apidata"
    account_in_answer: bool = True  # the token answer names the user (MEG)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def is_loopback_redirect(uri: str) -> bool:
    """``http://127.0.0.1:PORT/path`` or ``http://[::1]:PORT/path`` (RFC 8252 §7.3)."""
    try:
        parts = urlsplit(uri)
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "::1") and not parts.fragment


def _redirect(uri: str, **params: str) -> RedirectResponse:
    sep = "&" if urlsplit(uri).query else "?"
    return RedirectResponse(uri + sep + urlencode(params), status_code=302)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto}"
        "button{font-size:1.1em;margin-right:1em;padding:.4em 1.2em}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(doc, status_code=status, headers={"Cache-Control": "no-store"})


def _oauth_error(error: str, description: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _store(request: Request, svc: OAuthService) -> OAuthStore:
    store: OAuthStore = getattr(request.app.state.sandbox, f"{svc.name}_oauth")
    return store


def _client_error(form: dict[str, str], header: str) -> str | None:
    """Client authentication: None when the client is known and its secret (if sent) right;
    else the OAuth error code. Sets ``form["client_secret"]`` from HTTP Basic when used."""
    if header.lower().startswith("basic "):
        try:
            pair = base64.b64decode(header[6:].strip()).decode()
            client, _, secret = pair.partition(":")
        except (ValueError, UnicodeDecodeError):
            return "invalid_client"
        form.setdefault("client_id", client)
        form["client_secret"] = secret
    if form.get("client_id") != CLIENT_ID:
        return "invalid_client"
    if "client_secret" in form and form["client_secret"] != CLIENT_SECRET:
        return "invalid_client"
    return None


def _login_form(store: OAuthStore) -> str:
    users = "".join(f"<li>{html.escape(u)}</li>" for u in store.users)
    return (
        "<fieldset><legend>Connexion</legend>"
        f"<label>Adresse e-mail <input name='username' value='{html.escape(DEMO_USER)}'></label> "
        "<label>Mot de passe <input type='password' name='password' "
        "autocomplete='current-password'></label>"
        f"<p>Comptes de démonstration (mot de passe « demo ») :</p><ul>{users}</ul></fieldset>"
    )


def make_routes(svc: OAuthService) -> list[Route]:
    """The authorize (GET page, POST decision), token and revoke routes of ``svc``."""

    async def authorize_get(request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != CLIENT_ID:
            return _page(
                "Application inconnue", "<p>Ce client OAuth n'est pas enregistré.</p>", 400
            )
        redirect_uri = q.get("redirect_uri", "")
        if not is_loopback_redirect(redirect_uri):
            return _page(
                "Adresse de retour refusée",
                "<p>L'adresse de retour doit être http://127.0.0.1:PORT/…</p>",
                400,
            )
        state = q.get("state")
        if not state:
            return _redirect(
                redirect_uri, error="invalid_request", error_description="state manquant"
            )
        if q.get("response_type") != "code":
            return _redirect(redirect_uri, error="unsupported_response_type", state=state)
        challenge = q.get("code_challenge", "")
        pkce_ok = q.get("code_challenge_method") == "S256" and 43 <= len(challenge) <= 128
        if (challenge or svc.pkce_required) and not pkce_ok:
            return _redirect(
                redirect_uri,
                error="invalid_request",
                error_description="PKCE S256 requis",
                state=state,
            )
        scope = q.get("scope") or svc.default_scope
        if not scope or not set(scope.split()) <= svc.allowed_scopes:
            return _redirect(redirect_uri, error="invalid_scope", state=state)
        req = AuthRequest(
            secrets.token_urlsafe(16),
            CLIENT_ID,
            redirect_uri,
            challenge,
            state,
            " ".join(scope.split()),
        )
        store = _store(request, svc)
        with request.app.state.sandbox.lock:
            store.requests[req.id] = req
        scopes = "".join(f"<li>{html.escape(s)}</li>" for s in req.scope.split())
        body = (
            f"<p>{html.escape(svc.consent_text)}</p>"
            f"<p>Application : <strong>{CLIENT_ID}</strong></p>"
            f"<ul>{scopes}</ul>"
            f"<form method='post' action='{html.escape(request.url.path)}'>"
            f"<input type='hidden' name='request_id' value='{req.id}'>"
            f"{_login_form(store)}"
            "<button type='submit' name='decision' value='allow'>Autoriser</button>"
            "<button type='submit' name='decision' value='deny'>Refuser</button>"
            "</form>"
        )
        return _page(svc.consent_title, body)

    async def authorize_post(request: Request) -> Response:
        form = await request.form()
        store = _store(request, svc)
        with request.app.state.sandbox.lock:
            req = store.requests.get(str(form.get("request_id", "")))
            if req is None or req.used:
                return _page("Demande expirée", "<p>Recommencez depuis l'application.</p>", 400)
            user = str(form.get("username") or "").strip()
            signing_in = form.get("decision") == "allow" and user
            if signing_in and store.users.get(user) != str(form.get("password") or ""):
                return _page(
                    "Connexion refusée",
                    "<p>Adresse e-mail ou mot de passe incorrect. Revenez en arrière et "
                    "recommencez.</p>",
                    200,
                )
            req.used = True
            if form.get("decision") != "allow":
                return _redirect(req.redirect_uri, error="access_denied", state=req.state)
            code = AuthCode(
                secrets.token_urlsafe(24),
                req.client_id,
                req.redirect_uri,
                req.challenge,
                req.scope,
                time.time() + CODE_TTL,
                family=secrets.token_hex(8),
                user=user or DEMO_USER,
            )
            store.codes[code.code] = code
        return _redirect(req.redirect_uri, code=code.code, state=req.state)

    async def token(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        error = _client_error(form, request.headers.get("authorization", ""))
        if error:
            return _oauth_error(error, "client inconnu ou secret incorrect")
        grant = form.get("grant_type")
        store = _store(request, svc)
        with request.app.state.sandbox.lock:
            if grant == "authorization_code":
                return _code_grant(svc, store, form)
            if grant == "refresh_token":
                return _refresh_grant(svc, store, form)
            if grant == "password" and svc.password_grant:
                return _password_grant(svc, store, form)
        return _oauth_error("unsupported_grant_type", f"grant_type non pris en charge : {grant}")

    async def revoke(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        value = form.get("token", "")
        if not value or _client_error(form, request.headers.get("authorization", "")):
            return _oauth_error("invalid_request", "token et client_id requis")
        store = _store(request, svc)
        with request.app.state.sandbox.lock:
            tok = store.tokens.get(value)
            if tok is not None:
                if tok.kind == "refresh":
                    store.revoke_family(tok.family)
                else:
                    tok.revoked = True
        return Response(status_code=200)

    return [
        Route(svc.authorize_path, authorize_get, methods=["GET"]),
        Route(svc.authorize_path, authorize_post, methods=["POST"]),
        Route(svc.token_path, token, methods=["POST"]),
        Route(svc.revoke_path, revoke, methods=["POST"]),
    ]


def _tokens_response(body: dict[str, Any], store: OAuthStore) -> JSONResponse:
    answer = {k: v for k, v in body.items() if k not in store.leave_out}
    return JSONResponse(answer, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _wants_refresh(svc: OAuthService, store: OAuthStore, scope: str) -> bool:
    if not store.refresh_tokens:
        return False
    return svc.refresh_needs is None or svc.refresh_needs in scope.split()


def _code_grant(svc: OAuthService, store: OAuthStore, form: dict[str, str]) -> Response:
    code = store.codes.get(form.get("code", ""))
    if code is None:
        return _oauth_error("invalid_grant", "code inconnu")
    if code.used:
        store.revoke_family(code.family)  # RFC 6749 §4.1.2: code replay
        return _oauth_error("invalid_grant", "code déjà utilisé")
    code.used = True
    if time.time() > code.expires_at:
        return _oauth_error("invalid_grant", "code expiré")
    if form.get("redirect_uri") != code.redirect_uri:
        return _oauth_error("invalid_grant", "redirect_uri différente")
    if code.challenge:
        verifier = form.get("code_verifier", "")
        if not _VERIFIER.match(verifier):
            return _oauth_error("invalid_request", "code_verifier manquant ou mal formé")
        if s256(verifier) != code.challenge:
            return _oauth_error("invalid_grant", "code_verifier incorrect (PKCE)")
    elif "client_secret" not in form:  # neither PKCE nor a secret: nothing proves the client
        return _oauth_error("invalid_client", "client_secret requis sans PKCE")
    refresh = _wants_refresh(svc, store, code.scope)
    body = store.issue(
        code.family, code.scope, refresh, user=code.user, account=svc.account_in_answer
    )
    return _tokens_response(body, store)


def _refresh_grant(svc: OAuthService, store: OAuthStore, form: dict[str, str]) -> Response:
    old = store.tokens.get(form.get("refresh_token", ""))
    if old is None or old.kind != "refresh" or old.revoked:
        return _oauth_error("invalid_grant", "refresh token inconnu ou révoqué")
    if old.rotated:
        store.revoke_family(old.family)  # reuse detected: the family is compromised
        return _oauth_error("invalid_grant", "refresh token déjà utilisé : accès révoqué")
    scope = form.get("scope") or old.scope
    if not set(scope.split()) <= set(old.scope.split()):
        return _oauth_error("invalid_scope", "portée plus large que l'autorisation")
    old.rotated = True
    body = store.issue(old.family, scope, True, user=old.user, account=svc.account_in_answer)
    return _tokens_response(body, store)


def _password_grant(svc: OAuthService, store: OAuthStore, form: dict[str, str]) -> Response:
    if "client_secret" not in form:
        return _oauth_error("invalid_client", "client_secret requis pour ce grant_type")
    user = form.get("username", "")
    if not user or store.users.get(user) != form.get("password"):
        return _oauth_error("invalid_grant", "invalid_username_or_password")
    scope = " ".join((form.get("scope") or svc.password_scope).split())
    if not set(scope.split()) <= svc.allowed_scopes:
        return _oauth_error("invalid_scope", "portée inconnue")
    body = store.issue(
        secrets.token_hex(8), scope, False, user=user, ttl=store.password_ttl, account=False
    )
    body.pop("id_token", None)  # no OpenID Connect answer for the password grant
    return _tokens_response(body, store)


def bearer_token(request: Request, svc_name: str) -> Token | None:
    """The valid access token of the request for service ``svc_name``, else None."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    store: OAuthStore = getattr(request.app.state.sandbox, f"{svc_name}_oauth")
    return store.check_access(header[7:].strip())
