"""RFC 8252 loopback redirect: a one-shot HTTP listener on 127.0.0.1 and the system browser.

:class:`LoopbackReceiver` listens on a random port of 127.0.0.1, waits for the browser to come
back to ``/callback?code=...&state=...``, checks ``state``, answers a French page ("Vous pouvez
fermer cet onglet") and closes. Other paths (``/favicon.ico``) get a 404 and do not end the
wait; a wrong ``state`` is answered 400 and ignored (it cannot come from our request).
:func:`open_browser` reports whether a browser could be opened, so the UI can offer
"Copier le lien" otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import secrets
import webbrowser
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from meg_inqom_desktop.net.errors import (
    AuthorizationCancelled,
    AuthorizationDenied,
    AuthorizationTimeout,
)

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
MAX_HEAD = 16 * 1024

_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;color:#222}}
h1{{font-size:1.4em}}</style></head>
<body><h1>{title}</h1><p>{message}</p></body></html>
"""

SUCCESS_TITLE = "Autorisation reçue"
SUCCESS_MESSAGE = (
    "L'application meg-inqom-desktop a bien reçu l'autorisation. "
    "Vous pouvez fermer cet onglet et revenir à l'application."
)


def new_state() -> str:
    """An unguessable ``state`` value (CSRF protection of the redirect)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class CallbackResult:
    code: str
    state: str


def _page(title: str, message: str) -> bytes:
    return _PAGE.format(title=html.escape(title), message=html.escape(message)).encode("utf-8")


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class LoopbackReceiver:
    """One-shot listener for the authorization redirect; use as an async context manager."""

    def __init__(self, state: str, service: str = "", host: str = "127.0.0.1") -> None:
        self.state = state
        self.service = service
        self.host = host
        self.port = 0
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[CallbackResult] | None = None

    @property
    def redirect_uri(self) -> str:
        return f"http://{self.host}:{self.port}{CALLBACK_PATH}"

    async def start(self) -> LoopbackReceiver:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        if self._result is not None and not self._result.done():
            self._result.set_exception(AuthorizationCancelled(self.service))
            self._result.exception()  # mark retrieved

    async def __aenter__(self) -> LoopbackReceiver:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def wait(self, timeout: float | None = 300.0) -> CallbackResult:
        """The code from the redirect; AuthorizationTimeout / Denied / Cancelled otherwise."""
        if self._result is None:
            raise RuntimeError("receiver not started")
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except TimeoutError as exc:
            raise AuthorizationTimeout(self.service) from exc
        finally:
            if self._result.done():
                await self.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, OSError):
            writer.close()
            return
        status, body = self._dispatch(head[:MAX_HEAD])
        try:
            writer.write(_response(status, body))
            await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _dispatch(self, head: bytes) -> tuple[str, bytes]:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or parts[0] != "GET":
            return "405 Method Not Allowed", _page("Requête refusée", "Méthode refusée.")
        url = urlsplit(parts[1])
        if url.path != CALLBACK_PATH:
            return "404 Not Found", _page("Page introuvable", "Cette adresse n'existe pas.")
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if not secrets.compare_digest(query.get("state", ""), self.state):
            log.warning("loopback redirect with a wrong state ignored")
            return "400 Bad Request", _page(
                "Requête inattendue",
                "Cette réponse ne correspond pas à la demande d'autorisation en cours.",
            )
        assert self._result is not None
        if self._result.done():
            return "200 OK", _page(SUCCESS_TITLE, SUCCESS_MESSAGE)
        if "error" in query:
            detail = query.get("error_description") or query["error"]
            self._result.set_exception(AuthorizationDenied(self.service, detail))
            return "200 OK", _page(
                "Autorisation refusée",
                "L'autorisation n'a pas été accordée. Vous pouvez fermer cet onglet.",
            )
        code = query.get("code", "")
        if not code:
            return "400 Bad Request", _page("Requête incomplète", "Le code d'autorisation manque.")
        self._result.set_result(CallbackResult(code=code, state=query["state"]))
        return "200 OK", _page(SUCCESS_TITLE, SUCCESS_MESSAGE)


def open_browser_sync(url: str) -> bool:
    """Open ``url`` in the system browser; False when no browser could be launched."""
    try:
        return bool(webbrowser.open(url, new=1, autoraise=True))
    except webbrowser.Error:
        return False
    except Exception:  # some platform launchers raise OSError and friends
        log.info("no browser could be opened", exc_info=True)
        return False


async def open_browser(url: str) -> bool:
    """:func:`open_browser_sync` in a worker thread (launchers may block briefly)."""
    return await asyncio.to_thread(open_browser_sync, url)
