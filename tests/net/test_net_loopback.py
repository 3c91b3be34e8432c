"""The RFC 8252 one-shot loopback listener, with the test acting as the browser."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from meg_inqom_desktop.net.errors import (
    AuthorizationCancelled,
    AuthorizationDenied,
    AuthorizationTimeout,
)
from meg_inqom_desktop.net.loopback import LoopbackReceiver, open_browser_sync


def test_code_received_state_checked_and_french_page() -> None:
    async def run() -> None:
        async with LoopbackReceiver("good-state", "MEG") as rx:
            assert rx.redirect_uri.startswith("http://127.0.0.1:")
            assert rx.port > 0
            async with httpx2.AsyncClient(trust_env=False) as browser:
                favicon = await browser.get(f"http://127.0.0.1:{rx.port}/favicon.ico")
                assert favicon.status_code == 404
                forged = await browser.get(rx.redirect_uri, params={"code": "x", "state": "bad"})
                assert forged.status_code == 400
                ok = await browser.get(
                    rx.redirect_uri, params={"code": "C0DE", "state": "good-state"}
                )
                assert ok.status_code == 200
                assert "Vous pouvez fermer cet onglet" in ok.text
                assert ok.headers["content-type"].startswith("text/html")
            result = await rx.wait(5)
            assert result.code == "C0DE"
            # One shot: the listener is closed after the redirect.
            async with httpx2.AsyncClient(trust_env=False) as browser:
                with pytest.raises(httpx2.ConnectError):
                    await browser.get(
                        rx.redirect_uri, params={"code": "again", "state": "good-state"}
                    )

    asyncio.run(run())


def test_denied_consent_is_reported() -> None:
    async def run() -> None:
        async with LoopbackReceiver("st", "Inqom") as rx:
            async with httpx2.AsyncClient(trust_env=False) as browser:
                page = await browser.get(
                    rx.redirect_uri, params={"error": "access_denied", "state": "st"}
                )
                assert "refusée" in page.text
            with pytest.raises(AuthorizationDenied) as info:
                await rx.wait(5)
            assert "Inqom" in info.value.message

    asyncio.run(run())


def test_timeout_and_cancel() -> None:
    async def run() -> None:
        async with LoopbackReceiver("st", "MEG") as rx:
            with pytest.raises(AuthorizationTimeout):
                await rx.wait(0.05)
        rx2 = await LoopbackReceiver("st", "MEG").start()
        waiter = asyncio.create_task(rx2.wait(10))
        await asyncio.sleep(0)  # one turn of the loop: the waiter starts waiting
        assert not waiter.done()
        await rx2.close()
        with pytest.raises(AuthorizationCancelled):
            await waiter

    asyncio.run(run())


def test_open_browser_reports_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    def no_browser(url: str, new: int = 0, autoraise: bool = True) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "open", no_browser)
    assert open_browser_sync("http://127.0.0.1:1/") is False
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0, autoraise=True: True)
    assert open_browser_sync("http://127.0.0.1:1/") is True
