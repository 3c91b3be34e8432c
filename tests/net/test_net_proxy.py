"""Proxy from the settings or the environment; loopback always direct; timeouts everywhere."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest

from meg_inqom_desktop.net.errors import NetworkUnavailable
from meg_inqom_desktop.net.http import (
    USER_AGENT,
    HttpCaller,
    HttpSettings,
    RetryPolicy,
    build_client,
)

DEAD_PROXY = "http://127.0.0.1:9"  # discard port: nothing listens there
ONE_TRY = RetryPolicy(max_attempts=1)


async def _get(settings: HttpSettings, url: str) -> httpx2.Response:
    async with build_client(settings) as http:

        async def consume(response: httpx2.Response) -> httpx2.Response:
            return response

        return await HttpCaller(http, "Test", ONE_TRY).call(
            "GET", url, route="GET", consume=consume
        )


def test_settings_proxy_used_for_remote_hosts_not_for_loopback(sandbox: Any) -> None:
    settings = HttpSettings(proxy=DEAD_PROXY, connect_timeout=2)
    response = asyncio.run(_get(settings, sandbox.base_url + "/health"))
    assert response.status_code == 200  # reached the sandbox directly
    with pytest.raises(NetworkUnavailable) as info:
        asyncio.run(_get(settings, "http://meg.example.invalid/"))
    assert info.value.context["detail"] in ("ProxyError", "ConnectError")


def test_environment_proxy_used_when_no_setting(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, DEAD_PROXY)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    settings = HttpSettings(connect_timeout=2)
    assert asyncio.run(_get(settings, sandbox.base_url + "/health")).status_code == 200
    with pytest.raises(NetworkUnavailable):
        asyncio.run(_get(settings, "http://meg.example.invalid/"))


def test_every_call_has_a_timeout_and_the_user_agent() -> None:
    client = build_client(HttpSettings(read_timeout=7))
    try:
        assert client.timeout.read == 7 and client.timeout.connect == 10
        assert client.headers["User-Agent"] == USER_AGENT
    finally:
        asyncio.run(client.aclose())
