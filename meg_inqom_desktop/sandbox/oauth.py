"""OAuth 2 authorization server of both emulators (authorization code + PKCE, refresh rotation).

One public client, ``meg-inqom-desktop`` (no secret). Redirect URIs: loopback only, any port
(RFC 8252 §7.3). PKCE S256 required; ``state`` echoed; French consent page. Refresh tokens
rotate on every use and a retired one presented again revokes its whole family (RFC 9700
§4.14.2). Revocation per RFC 7009. Access tokens are opaque and expire after ``access_ttl``.
"""

from __future__ import annotations

import base64
import hashlib
import html
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
DEMO_USER = "comptable@cabinet-demo.fr"
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
    challenge: str
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
    used: bool = False


@dataclass
class OAuthStore:
    """Issued codes and tokens of one service (``meg`` or ``inqom``)."""

    service: str
    access_ttl: int = 3600
    requests: dict[str, AuthRequest] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)

    def issue(self, family: str, scope: str, refresh: bool) -> dict[str, Any]:
        now = time.time()
        prefix = "meg" if self.service == "meg" else "inq"
        access = Token(
            f"{prefix}_at_{secrets.token_urlsafe(24)}",
            "access",
            family,
            CLIENT_ID,
            DEMO_USER,
            scope,
            now,
            now + self.access_ttl,
        )
        self.tokens[access.value] = access
        body: dict[str, Any] = {
            "access_token": access.value,
            "token_type": "Bearer",
            "expires_in": int(self.access_ttl),
            "scope": scope,
        }
        if refresh:
            rt = Token(
                f"{prefix}_rt_{secrets.token_urlsafe(32)}",
                "refresh",
                family,
                CLIENT_ID,
                DEMO_USER,
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
        past = time.time() - 1
        for token in self.tokens.values():
            if token.kind == "access":
                token.expires_at = past

    def check_access(self, value: str) -> Token | None:
        token = self.tokens.get(value)
        if token is None or token.kind != "access" or not token.active():
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
        if q.get("code_challenge_method") != "S256" or not 43 <= len(challenge) <= 128:
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
        sandbox = request.app.state.sandbox
        with sandbox.lock:
            _store(request, svc).requests[req.id] = req
        scopes = "".join(f"<li>{html.escape(s)}</li>" for s in req.scope.split())
        body = (
            f"<p>{html.escape(svc.consent_text)}</p>"
            f"<p>Application : <strong>{CLIENT_ID}</strong> — utilisateur : {DEMO_USER}</p>"
            f"<ul>{scopes}</ul>"
            f"<form method='post' action='{html.escape(request.url.path)}'>"
            f"<input type='hidden' name='request_id' value='{req.id}'>"
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
            )
            store.codes[code.code] = code
        return _redirect(req.redirect_uri, code=code.code, state=req.state)

    async def token(request: Request) -> Response:
        form = await request.form()
        if form.get("client_id") != CLIENT_ID:
            return _oauth_error("invalid_client", "client inconnu", 401)
        grant = form.get("grant_type")
        store = _store(request, svc)
        with request.app.state.sandbox.lock:
            if grant == "authorization_code":
                return _code_grant(svc, store, {k: str(v) for k, v in form.items()})
            if grant == "refresh_token":
                return _refresh_grant(svc, store, {k: str(v) for k, v in form.items()})
        return _oauth_error("unsupported_grant_type", f"grant_type non pris en charge : {grant}")

    async def revoke(request: Request) -> Response:
        form = await request.form()
        value = str(form.get("token", ""))
        if not value or form.get("client_id") != CLIENT_ID:
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


def _tokens_response(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _wants_refresh(svc: OAuthService, scope: str) -> bool:
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
    verifier = form.get("code_verifier", "")
    if not _VERIFIER.match(verifier):
        return _oauth_error("invalid_request", "code_verifier manquant ou mal formé")
    if s256(verifier) != code.challenge:
        return _oauth_error("invalid_grant", "code_verifier incorrect (PKCE)")
    return _tokens_response(store.issue(code.family, code.scope, _wants_refresh(svc, code.scope)))


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
    return _tokens_response(store.issue(old.family, scope, True))


def bearer_token(request: Request, svc_name: str) -> Token | None:
    """The valid access token of the request for service ``svc_name``, else None."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    store: OAuthStore = getattr(request.app.state.sandbox, f"{svc_name}_oauth")
    return store.check_access(header[7:].strip())
