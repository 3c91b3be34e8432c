"""A whole authorization, refresh and API session logged at DEBUG shows no token."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.redact import install_redaction


def test_debug_logs_never_show_a_token(
    fresh_sandbox: Any, caplog: pytest.LogCaptureFixture
) -> None:
    siret = next(iter(fresh_sandbox.state.meg.companies))
    ep = Endpoints.from_sandbox(fresh_sandbox)
    store = setup.credential_store(ep)
    seen: list[str] = []
    install_redaction([caplog.handler])

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", siret)
        account = store.account_for("meg", siret) or ""
        seen.append(store.secrets("meg", account).refresh_token or "")
        async with MegClient.open(ep, siret, store) as meg:
            await meg.company()
            seen.append(await meg.caller.auth.access_token())
            fresh_sandbox.state.expire_access_tokens()
            await meg.periods()  # 401, refresh, retry
            seen.append(await meg.caller.auth.access_token())
            seen.append(store.secrets("meg", account).refresh_token or "")

    with caplog.at_level(logging.DEBUG):
        asyncio.run(run())
    assert all(seen) and len(set(seen)) == 4
    text = caplog.text
    assert "renewed" in text  # our own lines are there
    for token in seen:
        assert token not in text
