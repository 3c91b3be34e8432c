"""The sandbox server: both emulators in one Starlette app served by uvicorn on loopback only.

``start_sandbox()`` runs it in a background thread and returns a ``SandboxHandle`` once it
accepts connections; ``run_foreground()`` is what ``meg-inqom sandbox`` uses. Layout:
``/meg/...`` (MEG API and its OAuth under ``/meg/oauth``), ``/inqom/...`` (Inqom API and its
identity server under ``/inqom/identity/connect``), ``/_admin/...`` (faults, link, state
summary, token expiry: for tests and benchmarks driving a sandbox in another process).
A shaped link (``sandbox/link.py``: latency and bandwidth of a firm's internet access) can sit
in front of both emulators; it is off unless asked for.
"""

from __future__ import annotations

import html
import ipaddress
import json
import re
import secrets
import socket
import threading
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx2 as httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from meg_inqom_desktop.errors import FatalError
from meg_inqom_desktop.sandbox import inqom_routes, meg_routes
from meg_inqom_desktop.sandbox.faults import FaultMiddleware, FaultSet, FaultSpecError
from meg_inqom_desktop.sandbox.hostile import apply_hostile
from meg_inqom_desktop.sandbox.link import Link, LinkControl, LinkMiddleware, LinkSpecError
from meg_inqom_desktop.sandbox.oauth import CLIENT_ID, DEMO_PASSWORD, s256
from meg_inqom_desktop.sandbox.state import SandboxConfig, SandboxState


class SandboxError(FatalError):
    title = "Bac à sable"
    code = "sandbox"


def check_loopback(host: str) -> None:
    """Refuse anything but a loopback address: the sandbox must never face a network."""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SandboxError(message=f"Le bac à sable n'écoute que sur 127.0.0.1 (reçu : {host}).")


async def _admin_faults(request: Request) -> Response:
    faults: FaultSet = request.app.state.faults
    if request.method in ("PUT", "POST"):
        raw = (await request.body()).decode()
        try:
            spec = json.loads(raw).get("spec", "") if raw.strip().startswith("{") else raw
            faults.set(spec)
        except (FaultSpecError, ValueError, AttributeError) as exc:
            return JSONResponse({"code": "invalid_faults", "message": str(exc)}, 400)
    elif request.method == "DELETE":
        faults.set(None)
    return JSONResponse({"spec": faults.spec, "fired": len(faults.fired)})


async def _admin_link(request: Request) -> Response:
    link: LinkControl = request.app.state.link
    if request.method in ("PUT", "POST"):
        raw = (await request.body()).decode()
        try:
            spec = json.loads(raw).get("spec", "") if raw.strip().startswith("{") else raw
            link.set(spec)
        except (LinkSpecError, ValueError, AttributeError) as exc:
            return JSONResponse({"code": "invalid_link", "message": str(exc)}, 400)
    elif request.method == "DELETE":
        link.set(None)
    return JSONResponse({"spec": link.spec})


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _admin_state(request: Request) -> Response:
    return JSONResponse(request.app.state.sandbox.summary())


async def _admin_expire(request: Request) -> Response:
    request.app.state.sandbox.expire_access_tokens()
    return JSONResponse({"expired": True})


async def _index(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    rows = "".join(
        f"<li>{html.escape(c.name)} — SIRET {c.siret} — premium {c.premium_licence} — "
        f"connexion {c.production_software_connection} — {len(c.entries)} écritures</li>"
        for c in state.meg.companies.values()
    )
    return HTMLResponse(
        "<!DOCTYPE html><html lang='fr'><meta charset='utf-8'><title>Bac à sable</title>"
        f"<h1>Bac à sable MEG / Inqom</h1><p>MEG : {request.base_url}meg — Inqom : "
        f"{request.base_url}inqom</p><ul>{rows}</ul></html>"
    )


def build_app(state: SandboxState, faults: FaultSet, link: LinkControl | None = None) -> Any:
    """The ASGI app: Starlette routes wrapped in the fault middleware, then in the link."""
    link = link or LinkControl()
    app = Starlette(
        routes=[
            Route("/", _index),
            Route("/health", _health),
            Route("/_admin/faults", _admin_faults, methods=["GET", "PUT", "POST", "DELETE"]),
            Route("/_admin/link", _admin_link, methods=["GET", "PUT", "POST", "DELETE"]),
            Route("/_admin/state", _admin_state),
            Route("/_admin/expire-tokens", _admin_expire, methods=["POST"]),
            Mount("/meg", routes=meg_routes.routes()),
            Mount("/inqom", routes=inqom_routes.routes()),
        ]
    )
    app.state.sandbox = state
    app.state.faults = faults
    app.state.link = link
    return LinkMiddleware(FaultMiddleware(app, faults), link)


def _config(host: str, app: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        log_level="warning",
        access_log=False,
        http="h11",
        ws="none",
        lifespan="off",
        timeout_keep_alive=30,
    )


class SandboxHandle:
    """A running sandbox. ``state`` gives in-process access for assertions."""

    def __init__(
        self,
        server: uvicorn.Server,
        thread: threading.Thread,
        host: str,
        port: int,
        state: SandboxState,
        faults: FaultSet,
        link: LinkControl,
    ) -> None:
        self._server = server
        self._thread = thread
        self.host, self.port = host, port
        self.state = state
        self.faults = faults
        self.link = link
        netloc = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{netloc}:{port}"
        self.meg_url = f"{self.base_url}/meg"
        self.inqom_url = f"{self.base_url}/inqom"
        state.base_url = self.base_url

    @property
    def instance_id(self) -> str:
        """This emulator's identity: its Inqom starts empty, another instance's ids mean nothing."""
        return self.state.instance_id

    @property
    def meg_authorize_url(self) -> str:
        return f"{self.meg_url}/oauth/authorize"

    @property
    def inqom_authorize_url(self) -> str:
        return f"{self.inqom_url}/identity/connect/authorize"

    def demo_dossiers(self) -> list[tuple[str, str, bool, int | None, str]]:
        """(SIRET, name, can be synced, Inqom folder id, folder name) of each demo company."""
        out = []
        with self.state.lock:
            for siret, company in self.state.meg.companies.items():
                folder = self.state.inqom.folder_by_siret(siret)
                out.append(
                    (
                        siret,
                        company.name,
                        company.premium_licence and company.production_software_connection,
                        folder.Id if folder else None,
                        folder.Name if folder else "",
                    )
                )
        return out

    def set_faults(self, spec: str | None) -> None:
        """Replace the active fault rules (``None`` or ``""`` clears them)."""
        self.faults.set(spec)

    def set_link(self, link: str | Link | None) -> None:
        """Shape the emulators' traffic with ``link`` (a ``Link`` or a spec such as
        ``30ms,50mbit``) from the next request on; ``None``, ``""`` or ``"off"``: loopback speed."""
        self.link.set(link)

    def authorize_as_browser(
        self,
        authorize_url: str,
        *,
        decision: str = "allow",
        follow: bool = False,
        username: str | None = None,
        password: str = DEMO_PASSWORD,
    ) -> str:
        """Play the user on the consent page: load it, click Autoriser (or Refuser).

        ``username``: sign in as this demo user first (default: the browser is already
        signed in as the firm's administrator). Returns the redirect URL (the client's
        loopback URI with ``code``/``error`` and ``state``). With ``follow=True`` the browser
        also GETs that URL, as a real browser would, so a one-shot loopback listener
        receives it.
        """
        with httpx.Client(timeout=10, follow_redirects=False) as client:
            page = client.get(authorize_url)
            if page.status_code == 302:
                location = page.headers["location"]
            else:
                if page.status_code != 200:
                    raise SandboxError(message=f"page de consentement : HTTP {page.status_code}")
                action = re.search(r"<form method='post' action='([^']+)'", page.text)
                request_id = re.search(r"name='request_id' value='([^']+)'", page.text)
                if not action or not request_id:
                    raise SandboxError(message="formulaire de consentement introuvable")
                target = urljoin(authorize_url, html.unescape(action.group(1)))
                form = {"request_id": request_id.group(1), "decision": decision}
                if username:
                    form |= {"username": username, "password": password}
                answer = client.post(target, data=form)
                if answer.status_code != 302:
                    raise SandboxError(message=f"consentement : HTTP {answer.status_code}")
                location = answer.headers["location"]
            if follow:
                client.get(location)
        return location

    def issue_tokens(
        self, service: str = "meg", *, scope: str | None = None, username: str | None = None
    ) -> dict[str, Any]:
        """Run the whole authorization-code + PKCE dance over HTTP (as the public client, or
        ``username``, default the firm's administrator); returns the token answer.

        For tests that need a valid token without exercising the flow themselves.
        """
        verifier = secrets.token_urlsafe(48)
        redirect = "http://127.0.0.1:9/callback"
        if service == "meg":
            base, token_url = self.meg_authorize_url, f"{self.meg_url}/oauth/token"
            scope = scope or "accounting.read accounting.validate"
        else:
            base = self.inqom_authorize_url
            token_url = f"{self.inqom_url}/identity/connect/token"
            scope = scope or "openid email offline_access apidata accountingdocumentsapi"
        query = urlencode(
            {
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": redirect,
                "code_challenge": s256(verifier),
                "code_challenge_method": "S256",
                "state": "st",
                "scope": scope,
            }
        )
        location = self.authorize_as_browser(f"{base}?{query}", username=username)
        code = parse_qs(urlsplit(location).query)["code"][0]
        answer = httpx.post(
            token_url,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "client_id": CLIENT_ID,
                "code_verifier": verifier,
            },
            timeout=10,
        )
        answer.raise_for_status()
        tokens: dict[str, Any] = answer.json()
        return tokens

    def stop(self) -> None:
        """Stop serving: requests under way get a moment to end, then the server closes
        (a client that stopped reading, a cancelled sync, must not hold the app's exit)."""
        self._server.should_exit = True
        self._thread.join(timeout=0.5)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout=5)

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms Nagle stalls
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SandboxError(message=f"port {port} indisponible sur {host} : {exc}") from exc
    sock.listen(128)
    return sock


def make_state(
    *,
    seed: int = 42,
    scale: int | None = None,
    bad_data: bool = False,
    access_token_ttl: int = 3600,
    rate_limit: int | None = 15,
    hostile: str | None = None,
    other_connector: bool = False,
    firm: int = 0,
) -> SandboxState:
    state = SandboxState(
        SandboxConfig(
            seed=seed,
            scale=scale,
            bad_data=bad_data,
            access_token_ttl=access_token_ttl,
            inqom_rate_limit=rate_limit,
            other_connector=other_connector,
            firm=firm,
        )
    )
    apply_hostile(state.meg, hostile)  # a hostile MEG for one company (sandbox/hostile.py)
    return state


def start_sandbox(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    seed: int = 42,
    faults: str | None = None,
    scale: int | None = None,
    bad_data: bool = False,
    access_token_ttl: int = 3600,
    rate_limit: int | None = 15,
    link: str | Link | None = None,
    hostile: str | None = None,
    other_connector: bool = False,
    firm: int = 0,
) -> SandboxHandle:
    """Start the sandbox in a background thread; returns once it accepts connections.

    ``link``: a shaped link in front of both emulators (``Link`` or a spec such as
    ``30ms,50mbit``); ``None``: loopback speed. ``hostile``: modes of a hostile MEG
    (``sandbox/hostile.py``), e.g. ``"amount,piece-status"``. ``other_connector``: Inqom
    entries another connector booked (``sandbox/other_connector.py``). ``firm``: that many
    small client companies more (a firm's forty dossiers)."""
    check_loopback(host)
    fault_set = FaultSet(faults, seed=seed)
    link_control = LinkControl(link)
    state = make_state(
        seed=seed,
        scale=scale,
        bad_data=bad_data,
        access_token_ttl=access_token_ttl,
        rate_limit=rate_limit,
        hostile=hostile,
        other_connector=other_connector,
        firm=firm,
    )
    sock = _bind(host, port)
    server = uvicorn.Server(_config(host, build_app(state, fault_set, link_control)))
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"sandbox-{sock.getsockname()[1]}",
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SandboxError(message="le serveur du bac à sable n'a pas démarré")
        time.sleep(0.005)
    port = sock.getsockname()[1]
    return SandboxHandle(server, thread, host, port, state, fault_set, link_control)


def run_foreground(
    *,
    host: str,
    port: int,
    seed: int,
    faults: str | None,
    scale: int | None,
    bad_data: bool,
    on_ready: Any,
    link: str | Link | None = None,
    hostile: str | None = None,
    other_connector: bool = False,
    firm: int = 0,
) -> None:
    """Serve in the calling thread until Ctrl+C (the ``meg-inqom sandbox`` command)."""
    check_loopback(host)
    fault_set = FaultSet(faults, seed=seed)
    link_control = LinkControl(link)
    state = make_state(
        seed=seed,
        scale=scale,
        bad_data=bad_data,
        hostile=hostile,
        other_connector=other_connector,
        firm=firm,
    )
    sock = _bind(host, port)
    actual = sock.getsockname()[1]
    netloc = f"[{host}]" if ":" in host else host
    state.base_url = f"http://{netloc}:{actual}"
    on_ready(state)
    app = build_app(state, fault_set, link_control)
    uvicorn.Server(_config(host, app)).run(sockets=[sock])
