"""The sandbox in a child process for the network benchmarks, and a scripted consent.

Running the emulators in their own process keeps their CPU off the client's event loop, as a
real MEG or Inqom would be. ``set_link`` shapes the child's traffic through its admin route.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urljoin

import httpx2

_SERVE = (
    "import json, sys\n"
    "from meg_inqom_desktop.sandbox.server import run_foreground\n"
    "def ready(state):\n"
    "    print(json.dumps({'base': state.base_url, **state.summary()}), flush=True)\n"
    "run_foreground(host='127.0.0.1', port=0, seed=42, faults=None, scale=int(sys.argv[1]),\n"
    "               bad_data=False, on_ready=ready, other_connector=sys.argv[2:] == ['other'])\n"
)


@dataclass
class Server:
    """The benchmarked company on the sandbox (the one with the most entries of ``count``)."""

    meg_url: str
    inqom_url: str
    siret: str
    name: str
    entries: int

    @classmethod
    def biggest(cls, info: dict[str, Any], count: str = "entries") -> Server:
        big = max(info["meg_companies"], key=lambda c: c[count])
        base = info["base"]
        return cls(f"{base}/meg", f"{base}/inqom", big["siret"], big["name"], big[count])

    @property
    def base_url(self) -> str:
        return self.meg_url.removesuffix("/meg")


def _start(entries: int, other_connector: bool = False) -> subprocess.Popen[str]:
    extra = ["other"] if other_connector else []
    return subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(entries), *extra], stdout=subprocess.PIPE, text=True
    )


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(10)


@contextlib.contextmanager
def running_sandbox(entries: int) -> Iterator[dict[str, Any]]:
    """The sandbox scaled to ``entries`` in a child process, for benchmarks that run several
    event loops (``asyncio.run``, then a Qt one) against the same server; yields its summary."""
    proc = _start(entries)
    try:
        assert proc.stdout is not None
        yield json.loads(proc.stdout.readline())
    finally:
        _stop(proc)


@contextlib.asynccontextmanager
async def sandbox_process(
    entries: int, *, other_connector: bool = False
) -> AsyncIterator[dict[str, Any]]:
    """Start the sandbox scaled to ``entries`` in a child process (``other_connector``: its
    Inqom already holds the big company's entries); yield its summary."""
    proc = _start(entries, other_connector)
    try:
        assert proc.stdout is not None
        yield json.loads(await asyncio.to_thread(proc.stdout.readline))
    finally:
        _stop(proc)


def set_link(server: Server, spec: str | None) -> str:
    """Shape the sandbox's traffic with ``spec`` (``None``: loopback speed); returns the link
    in force as the sandbox states it."""
    with httpx2.Client(trust_env=False, timeout=30) as admin:
        answer = admin.put(f"{server.base_url}/_admin/link", json={"spec": spec or "off"})
        answer.raise_for_status()
        return str(answer.json()["spec"])


async def consent(url: str) -> None:
    """Play the browser on the sandbox's consent page: Autoriser, then follow the redirect."""
    async with httpx2.AsyncClient(trust_env=False, timeout=30) as browser:
        page = await browser.get(url)
        action = re.search(r"<form[^>]*action='([^']+)'", page.text)
        request_id = re.search(r"name='request_id' value='([^']+)'", page.text)
        assert action and request_id, page.text[:200]
        answer = await browser.post(
            urljoin(url, unescape(action.group(1))),
            data={"request_id": request_id.group(1), "decision": "allow"},
        )
        await browser.get(answer.headers["location"])
