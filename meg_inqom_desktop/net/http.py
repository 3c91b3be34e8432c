"""HTTP plumbing shared by the MEG and Inqom clients.

* :func:`build_client` makes an ``httpx2.AsyncClient`` with a timeout on every call, the
  proxy from the settings (else from the environment), and the app's user agent.
* :class:`RetryPolicy` says how long to wait before each new attempt: exponential backoff
  with jitter, or a fixed schedule (Inqom: 0.5, 1, 2, 4 s), ``Retry-After`` honoured.
* :class:`HttpCaller` sends requests with that policy, counts retries per route
  (:class:`RetryStats`, for the sync run record), adds the bearer token and refreshes it once
  on 401, and converts every httpx error into the app's error root (``net.errors``).
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import json
import logging
import random
import ssl
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import httpx2

from meg_inqom_desktop import __version__
from meg_inqom_desktop.net.errors import (
    AccessDenied,
    AuthorizationRevoked,
    MalformedResponse,
    NetworkUnavailable,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    RequestRejected,
    ServerError,
)
from meg_inqom_desktop.net.ratelimit import TokenBucket

log = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = f"meg-inqom-desktop/{__version__} (+https://github.com/meg-inqom/meg-inqom-desktop)"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class HttpSettings:
    """Connection settings: timeouts in seconds, an optional proxy URL from the app settings."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    write_timeout: float = 30.0
    pool_timeout: float = 10.0
    proxy: str | None = None  # None: use the environment (HTTPS_PROXY, NO_PROXY, ...)
    trust_env: bool = True
    user_agent: str = USER_AGENT
    max_connections: int = 10

    @property
    def timeout(self) -> httpx2.Timeout:
        return httpx2.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )


@functools.lru_cache(maxsize=2)
def _tls_context(trust_env: bool) -> ssl.SSLContext:
    """The certificate store, loaded once per process (~20-50 ms each time otherwise, and a
    client builds up to three transports); an SSL context is safe to share."""
    return httpx2.create_ssl_context(trust_env=trust_env)


def build_client(settings: HttpSettings | None = None, base_url: str = "") -> httpx2.AsyncClient:
    """An ``AsyncClient`` with timeouts, proxy and user agent; loopback bypasses any proxy."""
    s = settings or HttpSettings()
    limits = httpx2.Limits(max_connections=s.max_connections, max_keepalive_connections=10)
    trust_env = s.trust_env and not s.proxy
    tls = _tls_context(trust_env)
    # Loopback (the sandbox, the OAuth redirect) never goes through a proxy, whatever the
    # settings or the environment say.
    direct = httpx2.AsyncHTTPTransport(limits=limits, verify=tls)
    mounts: dict[str, httpx2.AsyncBaseTransport | None] = {
        f"all://{host}": direct for host in LOOPBACK_HOSTS
    }
    if s.proxy:
        mounts["all://"] = httpx2.AsyncHTTPTransport(proxy=s.proxy, limits=limits, verify=tls)
    return httpx2.AsyncClient(
        base_url=base_url,
        timeout=s.timeout,
        headers={"User-Agent": s.user_agent},
        limits=limits,
        mounts=mounts,
        trust_env=trust_env,
        verify=tls,
        follow_redirects=False,
    )


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again and how long to wait.

    ``schedule`` (if given) lists the waits before retry 1, 2, ...; else waits grow as
    ``base * factor ** (n - 1)`` up to ``max_delay``. ``jitter`` spreads each wait by up to
    that fraction (upwards, so a documented minimum such as Inqom's is never undercut).
    ``Retry-After`` replaces the computed wait when larger, up to ``max_retry_after``.
    """

    max_attempts: int = 4
    base: float = 0.5
    factor: float = 2.0
    max_delay: float = 20.0
    jitter: float = 0.2
    schedule: tuple[float, ...] | None = None
    max_retry_after: float = 60.0

    @classmethod
    def inqom(cls, scale: float = 1.0) -> RetryPolicy:
        """Inqom's documented backoff: 0.5, 1, 2, 4 s, then stop (``scale`` for tests)."""
        return cls(
            max_attempts=5,
            schedule=tuple(scale * d for d in (0.5, 1.0, 2.0, 4.0)),
            jitter=0.1,
            max_retry_after=60.0 * scale,
        )

    def base_delay(self, retry: int) -> float:
        """Wait before retry number ``retry`` (1-based), without jitter."""
        if self.schedule is not None:
            return self.schedule[min(retry, len(self.schedule)) - 1]
        return min(self.max_delay, self.base * self.factor ** (retry - 1))

    def delay(
        self, retry: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Wait before retry ``retry``, with jitter, honouring ``Retry-After`` when larger."""
        r = rng or random
        wait = self.base_delay(retry) * (1 + self.jitter * r.random())
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


@dataclass
class RetryStats:
    """Retries per route (``"GET /feed"``) and per reason, for the sync run record."""

    retries: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)

    def record_retry(self, route: str, reason: str) -> None:
        self.retries[route] += 1
        self.reasons[f"{route}: {reason}"] += 1

    @property
    def total_retries(self) -> int:
        return sum(self.retries.values())

    def snapshot(self) -> dict[str, Any]:
        """Plain data for a run record: ``{"retries": {...}, "reasons": {...}}``."""
        return {
            "requests": dict(self.requests),
            "retries": dict(self.retries),
            "reasons": dict(self.reasons),
        }


class BearerAuth(Protocol):
    """What :class:`HttpCaller` needs from a token session."""

    async def access_token(self) -> str: ...

    async def invalidate(self, stale: str) -> None:
        """The server refused ``stale``: refresh (once) so the next ``access_token`` differs."""
        ...


class RetryableBody(Exception):
    """Raised by a response consumer when the body was unreadable and a new attempt may help."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _is_json(response: httpx2.Response) -> bool:
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def read_json(response: httpx2.Response, body: bytes | bytearray | None = None) -> Any:
    """The JSON body (``body`` when the response was streamed), or :class:`RetryableBody` for a
    wrong content type or malformed JSON."""
    if not _is_json(response):
        ctype = response.headers.get("content-type", "aucun")
        raise RetryableBody(f"type de contenu inattendu : {ctype}")
    try:
        # Numbers with a fraction become Decimal: money never passes through float.
        return json.loads(response.content if body is None else body, parse_float=Decimal)
    except ValueError as exc:
        raise RetryableBody(f"JSON malformé : {exc.__class__.__name__}") from exc


@dataclass
class HttpCaller:
    """Sends requests for one service with retries, rate limiting, auth and error conversion.

    ``service`` is the name shown in messages ("MEG", "Inqom"). ``idempotent=False`` calls are
    retried only when the request certainly did not reach the server (connection refused,
    429); otherwise their failure is :class:`OutcomeUnknown` so the caller reads back first.
    """

    client: httpx2.AsyncClient
    service: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    auth: BearerAuth | None = None
    limiter: TokenBucket | None = None
    stats: RetryStats = field(default_factory=RetryStats)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    siret: str = ""
    rng: random.Random = field(default_factory=random.Random)
    # Service-specific reading of a 4xx body (e.g. MEG's ``not_premium``); None: generic.
    error_mapper: Callable[[httpx2.Response, str], Exception | None] | None = None

    async def _headers(self, extra: Mapping[str, str] | None) -> tuple[dict[str, str], str]:
        headers = dict(extra or {})
        token = ""
        if self.auth is not None:
            token = await self.auth.access_token()
            headers["Authorization"] = f"Bearer {token}"
        return headers, token

    async def _wait(self, route: str, retry: int, reason: str, retry_after: float | None) -> None:
        self.stats.record_retry(route, reason)
        delay = self.policy.delay(retry, retry_after, self.rng)
        log.info("%s %s: %s, retry %d in %.2f s", self.service, route, reason, retry, delay)
        await self.sleep(delay)

    def _status_error(self, response: httpx2.Response, route: str) -> Exception:
        if self.error_mapper is not None:
            mapped = self.error_mapper(response, route)
            if mapped is not None:
                return mapped
        status = response.status_code
        detail = _short_detail(response)
        if status == 403:
            return AccessDenied(self.service, status, detail, route=route)
        if status == 404:
            return NotFound(self.service, status, detail, route=route)
        return RequestRejected(self.service, status, detail, route=route)

    async def call(
        self,
        method: str,
        url: str,
        *,
        route: str,
        consume: Callable[[httpx2.Response], Awaitable[T]],
        idempotent: bool = True,
        stream: bool = False,
        accept: tuple[int, ...] = (),
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> T:
        """Send until success or give up; ``consume`` turns a 2xx (or accepted) response into T.

        ``consume`` may raise :class:`RetryableBody` (unreadable body: a new attempt is made for
        idempotent calls) or an app error (passed through). Statuses in ``accept`` are handed to
        ``consume`` too (e.g. 404 meaning "not found" as data).
        """
        self.stats.requests[route] += 1
        refreshed = False
        retry = 0
        while True:
            attempt_headers, token = await self._headers(headers)
            if self.limiter is not None:
                await self.limiter.acquire()
            reason: str
            retry_after: float | None = None
            try:
                async with self._send(method, url, attempt_headers, stream, kwargs) as response:
                    status = response.status_code
                    if status == 401 and self.auth is not None:
                        if refreshed:
                            raise AuthorizationRevoked(self.service, self.siret, route=route)
                        refreshed = True
                        await self.auth.invalidate(token)
                        continue
                    if status == 429:
                        reason = "429"
                        retry_after = parse_retry_after(response.headers.get("retry-after"))
                    elif status >= 500:
                        if not idempotent:
                            raise OutcomeUnknown(self.service, route=route, status=status)
                        reason = str(status)
                    elif 200 <= status < 300 or status in accept:
                        return await consume(response)
                    else:
                        if stream:
                            await response.aread()
                        raise self._status_error(response, route)
            except RetryableBody as exc:
                if not idempotent:
                    raise MalformedResponse(self.service, exc.detail, route=route) from exc
                reason = exc.detail
                if retry + 1 >= self.policy.max_attempts:
                    raise MalformedResponse(self.service, exc.detail, route=route) from exc
            except (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout) as exc:
                reason = type(exc).__name__
                if retry + 1 >= self.policy.max_attempts:
                    raise NetworkUnavailable(self.service, reason, route=route) from exc
            except httpx2.InvalidURL as exc:
                raise RequestRejected(self.service, 0, f"adresse invalide : {exc}") from exc
            except (httpx2.TransportError, httpx2.DecodingError) as exc:
                # The request may have reached the server (read error, truncated body).
                reason = type(exc).__name__
                if not idempotent:
                    raise OutcomeUnknown(self.service, route=route, detail=reason) from exc
                if retry + 1 >= self.policy.max_attempts:
                    raise NetworkUnavailable(self.service, reason, route=route) from exc
            else:  # a 429 or 5xx answer
                if retry + 1 >= self.policy.max_attempts:
                    if reason == "429":
                        raise RateLimited(self.service, route=route)
                    raise ServerError(self.service, int(reason), route=route)
            retry += 1
            await self._wait(route, retry, reason, retry_after)

    @asynccontextmanager
    async def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        stream: bool,
        kwargs: dict[str, Any],
    ) -> AsyncIterator[httpx2.Response]:
        if stream:
            async with self.client.stream(method, url, headers=headers, **kwargs) as response:
                yield response
        else:
            yield await self.client.request(method, url, headers=headers, **kwargs)


def _short_detail(response: httpx2.Response) -> str:
    """A short, token-free description of an error body for messages."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or ""
    if isinstance(body, dict):
        for key in ("error_description", "message", "Message", "detail", "title", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value[:300]
    return response.reason_phrase or ""
