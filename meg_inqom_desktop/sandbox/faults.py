"""Fault injection per route: latency, 5xx, 429, dropped connection, broken bodies, bad pièces.

Spec: comma-separated rules ``SELECTOR:KIND[=ARG][@PROBABILITY][#COUNT]``.

- SELECTOR: a route name (``meg.entries``, ``inqom.entries``...), a short name matching both
  services (``entries``, ``documents``, ``token``), a glob (``meg.*``) or ``*``.
  Routes: meg.{authorize,token,revoke,company,periods,preview,validations,entries,documents};
  inqom.{authorize,token,revoke,internal_access,folders,periods,journals,accounts,entries,
  entry_lines,entry_lines_count,entry_lines_changes,documents,files}.
- KIND: ``500`` (any 5xx status), ``429[=RETRY_AFTER_S]``, ``latency=50ms`` (or ``=1s``),
  ``drop`` (connection closed, no response), ``truncate`` (headers announce the full length,
  half the body is sent, then the connection closes), ``malformed`` (200, JSON cut short),
  ``wrongtype`` (200, ``text/html`` body), ``oversize[=30MB]`` (a PDF-looking body of that
  size, default 64MB), ``notpdf`` (PNG bytes served as ``application/pdf``).
- ``@P``: probability (default 1); ``#N``: only the first N matching requests.

Example: ``entries:500@0.2,documents:drop@0.1,*:latency=50ms,inqom.entries:429=2#3``.
Faults other than latency are applied before the route runs (no side effect) except
``truncate``, ``malformed`` and ``wrongtype``, which spoil the real response (the side effect,
e.g. a posted entry, has happened: the client cannot know).
"""

from __future__ import annotations

import asyncio
import fnmatch
import inspect
import json
import random
import re
import threading
from dataclasses import dataclass
from typing import Any

from meg_inqom_desktop.sandbox.pdfs import PNG_BYTES

ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), n)
    for p, n in [
        (r"^/meg/oauth/authorize$", "meg.authorize"),
        (r"^/meg/oauth/token$", "meg.token"),
        (r"^/meg/oauth/revoke$", "meg.revoke"),
        (r"^/meg/companies/[^/]+$", "meg.company"),
        (r"^/meg/companies/[^/]+/periods$", "meg.periods"),
        (r"^/meg/companies/[^/]+/exports/preview$", "meg.preview"),
        (r"^/meg/companies/[^/]+/validations$", "meg.validations"),
        (r"^/meg/companies/[^/]+/entries$", "meg.entries"),
        (r"^/meg/documents/[^/]+$", "meg.documents"),
        (r"^/inqom/identity/connect/authorize$", "inqom.authorize"),
        (r"^/inqom/identity/connect/token$", "inqom.token"),
        (r"^/inqom/identity/connect/revocation$", "inqom.revoke"),
        (r"^/inqom/provisioning/users/internal-access$", "inqom.internal_access"),
        (r"^/inqom/provisioning/companies/[^/]+/accounting-folders$", "inqom.folders"),
        (r"^/inqom/v1/dossiers/[^/]+/accounting-periods$", "inqom.periods"),
        (r"^/inqom/v1/dossiers/[^/]+/journals$", "inqom.journals"),
        (r"^/inqom/v1/dossiers/[^/]+/accounts$", "inqom.accounts"),
        (r"^/inqom/v1/dossiers/[^/]+/entries$", "inqom.entries"),
        (r"^/inqom/v1/dossiers/[^/]+/entry-lines$", "inqom.entry_lines"),
        (r"^/inqom/v1/dossiers/[^/]+/entry-lines/count$", "inqom.entry_lines_count"),
        (r"^/inqom/v1/dossiers/[^/]+/entry-lines/changes$", "inqom.entry_lines_changes"),
        (r"^/inqom/v1/dossiers/[^/]+/accounting-documents(/[^/]+)?$", "inqom.documents"),
        (r"^/inqom/files/[^/]+$", "inqom.files"),
    ]
]
KINDS = (
    "status",
    "429",
    "latency",
    "drop",
    "truncate",
    "malformed",
    "wrongtype",
    "oversize",
    "notpdf",
)


class FaultSpecError(ValueError):
    """A fault spec that cannot be read."""


def route_name(path: str) -> str | None:
    for pattern, name in ROUTES:
        if pattern.match(path):
            return name
    return None


def _size(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s*(B|KB|MB|GB)?", text.strip(), re.IGNORECASE)
    if not m:
        raise FaultSpecError(f"taille illisible : {text}")
    mult = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[(m.group(2) or "").upper()]
    return int(m.group(1)) * mult


def _duration(text: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(ms|s)?", text.strip())
    if not m:
        raise FaultSpecError(f"durée illisible : {text}")
    value = float(m.group(1))
    return value / 1000 if (m.group(2) or "ms") == "ms" else value


@dataclass
class FaultRule:
    selector: str
    kind: str
    status: int = 500
    arg: float = 0.0  # latency seconds, Retry-After seconds, oversize bytes
    probability: float = 1.0
    remaining: int | None = None

    def matches(self, name: str) -> bool:
        short = name.split(".", 1)[1]
        return self.selector in ("*", name, short) or fnmatch.fnmatchcase(name, self.selector)


def parse_spec(spec: str | None) -> list[FaultRule]:
    """Rules of ``spec`` (see the module docstring); empty or None gives no rule."""
    rules: list[FaultRule] = []
    for raw in (spec or "").split(","):
        item = raw.strip()
        if not item:
            continue
        m = re.fullmatch(r"([\w.*\-]+):([\w]+)(?:=([\w.]+))?(?:@([\d.]+))?(?:#(\d+))?", item)
        if not m:
            raise FaultSpecError(f"règle de panne illisible : {item!r}")
        selector, kind, arg, prob, count = m.groups()
        rule = FaultRule(selector, kind)
        if kind.isdigit():
            code = int(kind)
            if code == 429:
                rule.kind, rule.status, rule.arg = "429", 429, float(arg or 1)
            elif 500 <= code <= 599:
                rule.kind, rule.status = "status", code
            else:
                raise FaultSpecError(f"seuls 429 et 5xx sont injectables : {item!r}")
        elif kind == "latency":
            rule.arg = _duration(arg or "100ms")
        elif kind == "oversize":
            rule.arg = float(_size(arg or "64MB"))
        elif kind not in KINDS:
            raise FaultSpecError(f"panne inconnue {kind!r} (connues : {', '.join(KINDS)})")
        if prob is not None:
            rule.probability = float(prob)
            if not 0 <= rule.probability <= 1:
                raise FaultSpecError(f"probabilité hors de [0, 1] : {item!r}")
        rule.remaining = int(count) if count else None
        rules.append(rule)
    return rules


class FaultSet:
    """The active rules; thread-safe replacement, deterministic draws from ``seed``."""

    def __init__(self, spec: str | None = None, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self.spec = ""
        self.rules: list[FaultRule] = []
        self.fired: list[tuple[str, str]] = []  # (route, kind), for tests
        self.set(spec)

    def set(self, spec: str | None) -> None:
        rules = parse_spec(spec)
        with self._lock:
            self.rules, self.spec = rules, spec or ""

    def draw(self, name: str) -> tuple[float, FaultRule | None]:
        """(latency to add, the fault to apply or None) for one request to ``name``."""
        latency, chosen = 0.0, None
        with self._lock:
            for rule in self.rules:
                if not rule.matches(name) or rule.remaining == 0:
                    continue
                if rule.kind != "latency" and chosen is not None:
                    continue
                if rule.probability < 1 and self._rng.random() >= rule.probability:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                if rule.kind == "latency":
                    latency += rule.arg
                    self.fired.append((name, "latency"))
                else:
                    chosen = rule
                    self.fired.append((name, rule.kind))
        return latency, chosen


def _error_body(name: str, status: int, message: str) -> bytes:
    code = {429: "rate_limited", 503: "unavailable"}.get(status, "server_error")
    if name.startswith("meg."):
        return json.dumps({"code": code, "message": message}).encode()
    return json.dumps({"Message": message}).encode()


def _kill(receive: Any) -> None:
    """Close the client connection under uvicorn (h11), silently."""
    cycle = getattr(inspect.unwrap(receive), "__self__", None)  # under the link's pacing too
    transport = getattr(cycle, "transport", None)
    if cycle is not None and transport is not None:
        cycle.disconnected = True
        transport.close()


class FaultMiddleware:
    """Outermost ASGI layer: names the route, then applies the drawn fault."""

    def __init__(self, app: Any, faults: FaultSet) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        name = route_name(scope["path"]) if scope["type"] == "http" else None
        if name is None:
            await self.app(scope, receive, send)
            return
        latency, rule = self.faults.draw(name)
        if latency:
            await asyncio.sleep(latency)
        if rule is None:
            await self.app(scope, receive, send)
            return
        kind = rule.kind
        if kind in ("status", "429"):
            headers = [(b"content-type", b"application/json")]
            if kind == "429":
                headers.append((b"retry-after", str(int(rule.arg)).encode()))
            body = _error_body(name, rule.status, "Panne simulée par le bac à sable")
            await _send_whole(send, rule.status, headers, body)
        elif kind == "drop":
            _kill(receive)
        elif kind == "oversize":
            await _send_oversize(send, int(rule.arg))
        elif kind == "notpdf":
            headers = [(b"content-type", b"application/pdf")]
            await _send_whole(send, 200, headers, PNG_BYTES)
        else:
            await self._spoil(kind, scope, receive, send)

    async def _spoil(self, kind: str, scope: dict[str, Any], receive: Any, send: Any) -> None:
        captured: dict[str, Any] = {"status": 200, "headers": [], "body": b""}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")

        await self.app(scope, receive, capture)
        body: bytes = captured["body"]
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != b"content-length"]
        if kind == "truncate":
            headers.append((b"content-length", str(max(len(body), 2)).encode()))
            await send(
                {"type": "http.response.start", "status": captured["status"], "headers": headers}
            )
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            _kill(receive)
        elif kind == "malformed":
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"application/json"))
            cut = body[: max(1, len(body) * 2 // 3)] if body else b"{"
            await _send_whole(send, 200, headers, cut + b'",,}{')
        else:  # wrongtype
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"text/html; charset=utf-8"))
            page = b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>"
            await _send_whole(send, 200, headers, page)


async def _send_whole(
    send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_oversize(send: Any, size: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/pdf"),
                (b"content-length", str(size).encode()),
            ],
        }
    )
    head = b"%PDF-1.4\n"[:size]
    await send({"type": "http.response.body", "body": head, "more_body": size > len(head)})
    zeros = b"0" * (1024 * 1024)
    sent = len(head)
    while sent < size:
        part = zeros[: size - sent]
        sent += len(part)
        await send({"type": "http.response.body", "body": part, "more_body": sent < size})
