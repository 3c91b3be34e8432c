"""The shaped link: its spec, and over real loopback HTTP, latency and bandwidth as lower bounds
(a shaped answer can be slower on a loaded machine, never faster), the admin route, streaming,
faults alongside, and ``meg-inqom sandbox --link``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from meg_inqom_desktop import cli
from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox
from meg_inqom_desktop.sandbox.link import (
    FIRM_LINK,
    Link,
    LinkControl,
    LinkMiddleware,
    LinkSpecError,
    parse_link,
)
from meg_inqom_desktop.sandbox.oauth import CLIENT_ID


@pytest.fixture
def meg(msb: SandboxHandle) -> Iterator[tuple[SandboxHandle, httpx.Client, str]]:
    msb.set_link(None)
    msb.set_faults(None)
    token = msb.issue_tokens("meg")["access_token"]
    client = httpx.Client(
        base_url=msb.meg_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    siret = next(
        c.siret
        for c in msb.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    )
    yield msb, client, siret
    client.close()
    msb.set_link(None)
    msb.set_faults(None)


def timed_get(client: httpx.Client, url: str, **kwargs: Any) -> tuple[httpx.Response, float]:
    start = time.perf_counter()
    answer = client.get(url, **kwargs)
    return answer, time.perf_counter() - start


def floor_s(link: Link, size: int) -> float:
    """The least time a response of ``size`` body bytes can take through ``link``."""
    return link.latency_s + link.transfer_s(size)


def doc_url(client: httpx.Client, siret: str) -> str:
    entries = client.get(f"/companies/{siret}/entries", params={"limit": 20}).json()["entries"]
    return next(d["download_url"] for e in entries for d in e["documents"])


# -- the spec ---------------------------------------------------------------------------------


def test_spec_parsing() -> None:
    assert parse_link("30ms,50mbit") == Link(latency_s=0.030, bits_per_s=50_000_000)
    assert parse_link("30ms,50mbit") == FIRM_LINK
    assert parse_link(" 50Mbit/s , 30 ms ") == FIRM_LINK  # any order, case, spaces, /s
    assert parse_link("1s") == Link(latency_s=1.0)
    assert parse_link("0.5ms") == Link(latency_s=0.0005)
    assert parse_link("2gbit") == Link(bits_per_s=2e9)
    assert parse_link("512kbit") == Link(bits_per_s=512_000)
    assert parse_link("100bit") == Link(bits_per_s=100)
    for off in (None, "", "  ", "off", "OFF", "none"):
        assert parse_link(off) is None
    assert FIRM_LINK.spec == "30ms,50mbit"
    assert Link().spec == "off"
    assert FIRM_LINK.transfer_s(6_250_000) == pytest.approx(1.0)
    assert Link(latency_s=0.03).transfer_s(10**9) == 0


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("30", "lien illisible"),  # a number without unit
        ("fast", "lien illisible"),
        ("30ms;50mbit", "lien illisible"),
        ("50mbps", "lien illisible"),
        ("-5ms", "lien illisible"),
        ("30ms,40ms", "latence donnée deux fois"),
        ("50mbit,1gbit", "débit donné deux fois"),
        ("0mbit", "débit nul"),
        ("30ms,", "lien illisible"),
    ],
)
def test_bad_specs_say_why_in_french(spec: str, says: str) -> None:
    with pytest.raises(LinkSpecError, match=says):
        parse_link(spec)


def test_a_link_cannot_be_negative() -> None:
    with pytest.raises(LinkSpecError, match="latence négative"):
        Link(latency_s=-1)
    with pytest.raises(LinkSpecError, match="débit nul ou négatif"):
        Link(bits_per_s=0)


@given(
    latency_ms=st.integers(min_value=0, max_value=10_000),
    rate=st.one_of(
        st.none(),
        st.builds(
            lambda n, unit: n * unit,
            st.integers(min_value=1, max_value=999),
            st.sampled_from([1, 10**3, 10**6, 10**9]),
        ),
    ),
)
def test_spec_round_trip(latency_ms: int, rate: int | None) -> None:
    link = Link(latency_s=latency_ms / 1000, bits_per_s=rate)
    assert parse_link(link.spec) == (None if link == Link() else link)


def test_control_changes_the_link_in_force() -> None:
    control = LinkControl("30ms,50mbit")
    assert control.current == FIRM_LINK and control.spec == "30ms,50mbit"
    control.set(Link(latency_s=0.1))
    assert control.spec == "100ms"
    control.set("off")
    assert control.current is None and control.spec == ""
    with pytest.raises(LinkSpecError):
        control.set("vite")
    assert control.current is None  # a bad spec changes nothing


# -- over loopback HTTP -----------------------------------------------------------------------


def test_a_response_takes_at_least_latency_plus_transfer(
    meg: tuple[SandboxHandle, httpx.Client, str],
) -> None:
    handle, client, siret = meg
    link = Link(latency_s=0.030, bits_per_s=2_000_000)
    handle.set_link(link)
    page, took = timed_get(client, f"/companies/{siret}/entries", params={"limit": 100})
    assert page.status_code == 200
    size = len(page.content)
    assert size > 50_000  # a page big enough for its transfer time to count
    assert took >= floor_s(link, size), (took, size)
    piece, took = timed_get(client, doc_url(client, siret))
    assert piece.status_code == 200 and piece.content.startswith(b"%PDF")
    assert took >= floor_s(link, len(piece.content)), (took, len(piece.content))


def test_latency_alone_and_bandwidth_alone(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_link("200ms")
    answer, took = timed_get(client, f"/companies/{siret}")
    assert answer.status_code == 200 and took >= 0.2
    handle.set_link("2mbit")
    answer, took = timed_get(client, f"/companies/{siret}/entries", params={"limit": 50})
    assert answer.status_code == 200
    assert took >= len(answer.content) * 8 / 2_000_000


def test_request_bodies_are_paced(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    """An upload goes no faster than the link either (the token endpoint reads the form)."""
    handle, client, _ = meg
    link = Link(bits_per_s=2_000_000)
    handle.set_link(link)
    form = {"client_id": CLIENT_ID, "grant_type": "password", "padding": "x" * 60_000}
    start = time.perf_counter()
    answer = client.post("/oauth/token", data=form)
    took = time.perf_counter() - start
    assert answer.status_code == 400  # the grant is refused, after the whole form was read
    sent = len(answer.request.content)
    assert sent > 60_000
    assert took >= link.transfer_s(sent + len(answer.content)), (took, sent)


def test_admin_route_turns_the_link_on_and_off(
    meg: tuple[SandboxHandle, httpx.Client, str],
) -> None:
    handle, client, siret = meg
    with httpx.Client(base_url=handle.base_url, timeout=30) as admin:
        assert admin.get("/_admin/link").json() == {"spec": ""}
        answer = admin.put("/_admin/link", content="300ms,8mbit")
        assert answer.status_code == 200 and answer.json() == {"spec": "300ms,8mbit"}
        assert handle.link.current == Link(latency_s=0.3, bits_per_s=8_000_000)
        page, took = timed_get(client, f"/companies/{siret}/entries", params={"limit": 50})
        assert took >= floor_s(handle.link.current, len(page.content))

        refused = admin.put("/_admin/link", content="rapide")
        assert refused.status_code == 400
        assert refused.json()["code"] == "invalid_link"
        assert "lien illisible" in refused.json()["message"]
        assert admin.get("/_admin/link").json() == {"spec": "300ms,8mbit"}  # unchanged

        assert admin.delete("/_admin/link").json() == {"spec": ""}
        assert handle.link.current is None
        assert admin.post("/_admin/link", json={"spec": "1s"}).json() == {"spec": "1000ms"}
        assert admin.put("/_admin/link", json={"spec": "off"}).json() == {"spec": ""}
        assert handle.link.current is None


def test_a_piece_still_streams(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    url = doc_url(client, siret)
    handle.set_link(FIRM_LINK)
    piece = client.get(url)
    assert piece.status_code == 200
    assert piece.headers["etag"] == f'"{hashlib.sha256(piece.content).hexdigest()}"'
    assert int(piece.headers["content-length"]) == len(piece.content)
    # a large body leaves in many paced slices, every byte announced arrives
    handle.set_faults("meg.documents:oversize=2MB")
    chunks, received = 0, 0
    with client.stream("GET", url) as answer:
        assert int(answer.headers["content-length"]) == 2 * 1024 * 1024
        for chunk in answer.iter_raw():
            chunks += 1
            received += len(chunk)
    assert received == 2 * 1024 * 1024
    assert chunks > 1


def test_faults_still_apply_behind_the_link(
    meg: tuple[SandboxHandle, httpx.Client, str],
) -> None:
    handle, client, siret = meg
    handle.set_link("30ms,8mbit")
    handle.set_faults("company:latency=200ms")
    answer, took = timed_get(client, f"/companies/{siret}")
    assert answer.status_code == 200 and took >= 0.2 + 0.03
    handle.set_faults("entries:503#1")
    assert client.get(f"/companies/{siret}/entries").status_code == 503
    assert client.get(f"/companies/{siret}/entries").status_code == 200
    for kind in ("drop", "truncate"):
        handle.set_faults(f"entries:{kind}")
        with pytest.raises(httpx.TransportError):
            client.get(f"/companies/{siret}/entries", params={"limit": 100})
    handle.set_faults("inqom.token:drop")  # a POST with a body, through the paced receive
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{handle.inqom_url}/identity/connect/token", data={"a": "b"}, timeout=30)
    handle.set_faults(None)
    assert client.get(f"/companies/{siret}").status_code == 200


def test_start_sandbox_takes_a_link() -> None:
    with start_sandbox(link="30ms,50mbit", rate_limit=None) as handle:
        assert handle.link.current == FIRM_LINK
        assert httpx.get(f"{handle.base_url}/_admin/link").json() == {"spec": "30ms,50mbit"}
    with pytest.raises(LinkSpecError):
        start_sandbox(link="30 secondes")


# -- streaming is not buffered: a body whose end waits for the client to read its start ------


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", http="h11", ws="none", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    return server, thread, sock.getsockname()[1]


def test_a_streamed_body_is_passed_on_as_it_comes() -> None:
    """The second half of this body is produced only once the client has received the first
    half: a link that waited for the whole body before pacing it would never finish."""
    first_seen = threading.Event()
    half = b"a" * 100_000

    async def body() -> Any:
        yield half
        assert await asyncio.to_thread(first_seen.wait, 20), "the first half never arrived"
        yield b"b" * 100_000

    async def stream(request: Request) -> StreamingResponse:
        return StreamingResponse(body(), media_type="application/pdf")

    app = Starlette(routes=[Route("/meg/documents/slow", stream)])
    server, thread, port = _serve(LinkMiddleware(app, LinkControl("10ms,8mbit")))
    try:
        received = b""
        with httpx.stream("GET", f"http://127.0.0.1:{port}/meg/documents/slow", timeout=30) as r:
            for chunk in r.iter_raw():
                received += chunk
                if len(received) >= len(half):
                    first_seen.set()
        assert received == half + b"b" * 100_000
    finally:
        first_seen.set()
        server.should_exit = True
        thread.join(10)


# -- the command line -------------------------------------------------------------------------


def test_cli_refuses_a_bad_link(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("meg_inqom_desktop.cli.sandbox_cmd",))
    assert cli.main(["sandbox", "--port", "0", "--link", "fast"]) == 2
    assert "lien illisible" in capsys.readouterr().err


def test_cli_serves_through_the_link() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from meg_inqom_desktop.cli import main; sys.exit(main(sys.argv[1:]))",
            "--json",
            "sandbox",
            "--port",
            "0",
            "--link",
            "250ms,50mbit",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        text = ""
        while True:  # the JSON summary, printed once the server listens
            line = proc.stdout.readline()
            assert line, "the sandbox command ended before it was ready"
            text += line
            try:
                info = json.loads(text)
                break
            except json.JSONDecodeError:
                continue
        assert info["link"] == "250ms,50mbit"
        with httpx.Client(timeout=30) as client:
            admin = client.get(f"{info['base_url']}/_admin/link")  # the socket listens
            assert admin.json() == {"spec": "250ms,50mbit"}
            _, took = timed_get(client, f"{info['meg_url']}/oauth/authorize")
            assert took >= 0.25
    finally:
        proc.terminate()
        proc.wait(10)
