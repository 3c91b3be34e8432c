"""A shaped network link in front of both emulators: latency per request, bandwidth per response.

Real MEG and Inqom are across a firm's internet access, not on loopback. ``Link`` describes
such a link and ``LinkMiddleware`` (outermost ASGI layer, around the fault middleware) plays
it for every request to ``/meg/...`` and ``/inqom/...``:

- each request waits ``latency_s`` before the emulator sees it (a round trip: the answer of a
  request comes ``latency_s`` later than on loopback);
- each response body is paced so that it never goes faster than ``bits_per_s``: the bytes
  leave in slices, each slice when the link would have finished carrying it; a streamed body
  stays streamed. HTTP/1.1 keep-alive serves one response at a time per connection, so this
  is the bandwidth of one connection;
- request bodies (uploads to Inqom) are paced the same way as the emulator reads them.

Spec: ``30ms,50mbit`` (either part may be left out; units ``ms``/``s`` and ``bit``/``kbit``/
``mbit``/``gbit``, ``/s`` allowed); ``off`` or an empty spec: no shaping. Off by default;
``LinkControl`` lets a test or the admin API (``/_admin/link``) change it while serving.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SHAPED_PREFIXES = ("/meg/", "/inqom/")  # the emulators; /_admin and /health stay direct
SLICE_S = 0.004  # a paced body leaves in slices of about this much link time
_OFF = ("", "off", "none", "aucun")
_RATE_UNITS = {"bit": 1, "kbit": 10**3, "mbit": 10**6, "gbit": 10**9}


class LinkSpecError(ValueError):
    """A link spec that cannot be read."""


@dataclass(frozen=True)
class Link:
    """Latency added per request and bandwidth per connection (``None``: unlimited)."""

    latency_s: float = 0.0
    bits_per_s: float | None = None

    def __post_init__(self) -> None:
        if self.latency_s < 0:
            raise LinkSpecError(f"latence négative : {self.latency_s} s")
        if self.bits_per_s is not None and self.bits_per_s <= 0:
            raise LinkSpecError(f"débit nul ou négatif : {self.bits_per_s} bit/s")

    @property
    def spec(self) -> str:
        """The spec that ``parse_link`` reads back into this link."""
        parts = []
        if self.latency_s:
            parts.append(f"{self.latency_s * 1000:g}ms")
        if self.bits_per_s is not None:
            unit = next(
                (u for u in ("gbit", "mbit", "kbit") if self.bits_per_s >= _RATE_UNITS[u]), "bit"
            )
            parts.append(f"{self.bits_per_s / _RATE_UNITS[unit]:g}{unit}")
        return ",".join(parts) or "off"

    def transfer_s(self, size: int) -> float:
        """Seconds the link needs to carry ``size`` bytes (latency not included)."""
        return 0.0 if self.bits_per_s is None else size * 8 / self.bits_per_s


FIRM_LINK = Link(latency_s=0.030, bits_per_s=50_000_000)  # a firm's internet access


def parse_link(spec: str | None) -> Link | None:
    """The link of ``spec`` (see the module docstring); ``None`` when it says no shaping."""
    text = (spec or "").strip().lower()
    if text in _OFF:
        return None
    latency: float | None = None
    rate: float | None = None
    for raw in text.split(","):
        part = raw.strip().replace(" ", "")
        duration = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", part)
        bandwidth = re.fullmatch(r"(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit)(?:/s)?", part)
        if duration:
            if latency is not None:
                raise LinkSpecError(f"latence donnée deux fois : {spec!r}")
            value = float(duration.group(1))
            latency = value / 1000 if duration.group(2) == "ms" else value
        elif bandwidth:
            if rate is not None:
                raise LinkSpecError(f"débit donné deux fois : {spec!r}")
            rate = float(bandwidth.group(1)) * _RATE_UNITS[bandwidth.group(2)]
            if rate <= 0:
                raise LinkSpecError(f"débit nul : {raw.strip()!r}")
        else:
            raise LinkSpecError(
                f"lien illisible : {raw.strip()!r} (attendu : une latence comme 30ms "
                "et/ou un débit comme 50mbit, séparés par une virgule ; off pour aucun)"
            )
    return Link(latency_s=latency or 0.0, bits_per_s=rate)


def as_link(value: str | Link | None) -> Link | None:
    """A ``Link`` from a spec or a link; ``None`` for no shaping."""
    return value if isinstance(value, Link) or value is None else parse_link(value)


class LinkControl:
    """The link in force, replaceable while serving (thread-safe); a request keeps the link
    that was in force when it arrived."""

    def __init__(self, link: str | Link | None = None) -> None:
        self._lock = threading.Lock()
        self._link = as_link(link)

    @property
    def current(self) -> Link | None:
        with self._lock:
            return self._link

    @property
    def spec(self) -> str:
        link = self.current
        return "" if link is None else link.spec

    def set(self, link: str | Link | None) -> None:
        """Shape with ``link`` from now on (``None``, ``""`` or ``"off"``: stop shaping)."""
        new = as_link(link)
        with self._lock:
            self._link = new


def _client_gone(receive: Receive) -> bool:
    """Whether uvicorn (h11) knows the client has closed the connection."""
    cycle = getattr(inspect.unwrap(receive), "__self__", None)
    return bool(getattr(cycle, "disconnected", False))


class _Pacer:
    """Holds bytes back so that, counted from ``start``, they never beat ``bytes_per_s``."""

    def __init__(self, bits_per_s: float) -> None:
        self.bytes_per_s = bits_per_s / 8
        self.slice = max(1024, int(self.bytes_per_s * SLICE_S))
        self.start = 0.0
        self.carried = 0

    def begin(self) -> None:
        self.start = asyncio.get_running_loop().time()
        self.carried = 0

    async def carry(self, size: int) -> None:
        """Wait until the link has carried ``size`` more bytes."""
        self.carried += size
        loop = asyncio.get_running_loop()
        delay = self.start + self.carried / self.bytes_per_s - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)


class LinkMiddleware:
    """Outermost ASGI layer: plays the link in force on the emulators' requests."""

    def __init__(self, app: Any, control: LinkControl) -> None:
        self.app = app
        self.control = control

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        link = self.control.current
        if link is None or scope["type"] != "http" or not scope["path"].startswith(SHAPED_PREFIXES):
            await self.app(scope, receive, send)
            return
        if link.latency_s:
            await asyncio.sleep(link.latency_s)
        if link.bits_per_s is None:
            await self.app(scope, receive, send)
            return
        await self.app(
            scope,
            _paced_receive(receive, link.bits_per_s),
            _paced_send(send, receive, link.bits_per_s),
        )


def _paced_receive(receive: Receive, bits_per_s: float) -> Receive:
    """``receive`` handing the request body over no faster than the link carries it."""
    pacer = _Pacer(bits_per_s)
    pacer.begin()

    async def paced() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            await pacer.carry(len(message.get("body", b"")))
        return message

    # the fault middleware finds the connection through ``__wrapped__`` (to drop it)
    return functools.update_wrapper(paced, receive)


def _paced_send(send: Send, receive: Receive, bits_per_s: float) -> Send:
    """``send`` letting each response body out in slices, each when the link has carried it."""
    pacer = _Pacer(bits_per_s)

    async def paced(message: Message) -> None:
        if message["type"] == "http.response.start":
            pacer.begin()
            await send(message)
            return
        body: bytes = message.get("body", b"")
        if message["type"] != "http.response.body" or len(body) <= pacer.slice:
            if body:
                await pacer.carry(len(body))
            await send(message)
            return
        more = bool(message.get("more_body", False))
        view = memoryview(body)
        for offset in range(0, len(body), pacer.slice):
            part = bytes(view[offset : offset + pacer.slice])
            if not _client_gone(receive):
                await pacer.carry(len(part))
            last = offset + pacer.slice >= len(body)
            await send({"type": "http.response.body", "body": part, "more_body": more or not last})

    return paced
