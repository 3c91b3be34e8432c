"""The server itself: start time, loopback only, the ``meg-inqom sandbox`` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx2 as httpx
import pytest
from waiting import wait_until

from meg_inqom_desktop.errors import FatalError
from meg_inqom_desktop.sandbox import check_loopback, start_sandbox


def test_start_time_is_printed_and_the_server_answers() -> None:
    start = time.perf_counter()
    handle = start_sandbox(seed=1)
    elapsed = time.perf_counter() - start
    print(f"sandbox start: {elapsed * 1000:.0f} ms (target < 3000 ms)")
    try:
        assert httpx.get(f"{handle.base_url}/health").json() == {"status": "ok"}
        assert handle.meg_url == f"http://127.0.0.1:{handle.port}/meg"
        assert handle.inqom_url == f"http://127.0.0.1:{handle.port}/inqom"
        assert "Bac à sable" in httpx.get(handle.base_url + "/").text
    finally:
        handle.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{handle.base_url}/health", timeout=2)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(FatalError):
        check_loopback(host)
    with pytest.raises(FatalError):
        start_sandbox(host=host)


def test_busy_port_is_a_clear_error() -> None:
    handle = start_sandbox()
    try:
        with pytest.raises(FatalError, match="indisponible"):
            start_sandbox(port=handle.port)
    finally:
        handle.stop()


def test_ipv6_loopback() -> None:
    try:
        handle = start_sandbox(host="::1")
    except FatalError as exc:  # a machine without IPv6: the error must say so plainly
        assert "::1" in exc.message and "indisponible" in exc.message
        return
    try:
        assert handle.base_url.startswith("http://[::1]:")
        assert httpx.get(f"{handle.base_url}/health").status_code == 200
    finally:
        handle.stop()


def test_cli_command_serves_until_interrupted() -> None:
    code = "from meg_inqom_desktop.cli import main; raise SystemExit(main())"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "--json",
            "sandbox",
            "--port",
            "0",
            "--seed",
            "3",
            "--faults",
            "company:503#1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.rstrip() == "}":
                break
        info = json.loads("".join(lines))
        assert info["meg_url"].startswith("http://127.0.0.1:") and info["faults"] == "company:503#1"

        def health() -> int:
            try:
                return httpx.get(info["base_url"] + "/health", timeout=1).status_code
            except httpx.TransportError:
                return 0

        assert wait_until(health, 10, "the sandbox's /health") == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_cli_refuses_a_public_host() -> None:
    code = "from meg_inqom_desktop.cli import main; raise SystemExit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "sandbox", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "127.0.0.1" in done.stderr
