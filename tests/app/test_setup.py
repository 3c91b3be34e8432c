"""app/setup: the setup services the wizard and the command line share, on the sandbox."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import httpx2
import pytest
from waiting import wait_until_async

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.settings import Settings, save_settings
from meg_inqom_desktop.errors import InvalidSiret
from meg_inqom_desktop.store.paths import resolve_data_paths


def company(sandbox: Any, **flags: bool) -> str:
    return next(
        c.siret
        for c in sandbox.state.meg.companies.values()
        if all(getattr(c, k) == v for k, v in flags.items())
    )


def test_check_siret() -> None:
    assert setup.check_siret("732 829 320 00074").value == "73282932000074"
    with pytest.raises(InvalidSiret) as info:
        setup.check_siret("73282932000075")
    assert "NIC" in info.value.message


def test_sandbox_tokens_live_apart(sandbox: Any) -> None:
    ep = setup.endpoints_from_sandbox(sandbox)
    assert ep.sandbox and ep.meg_url == sandbox.meg_url
    assert setup.credential_store(ep).namespace != setup.credential_store(None).namespace
    assert setup.endpoints_from_sandbox(ep) is ep


def test_proxy_from_the_settings(tmp_path: Path) -> None:
    paths = resolve_data_paths(tmp_path)
    assert setup.http_settings(paths).proxy is None
    save_settings(paths.settings, Settings(proxy="http://proxy.cabinet.local:3128"))
    assert setup.http_settings(paths).proxy == "http://proxy.cabinet.local:3128"


def test_authorize_handle_offers_the_link_when_no_browser(sandbox: Any) -> None:
    siret = company(sandbox, premium_licence=True)

    async def no_browser(url: str) -> bool:
        return False

    async def run() -> None:
        handle = await setup.authorize("meg", siret, open_browser=no_browser, endpoints=sandbox)
        assert handle.browser_opened is False
        assert handle.url.startswith(f"{sandbox.meg_url}/oauth/authorize?")
        waiter = asyncio.ensure_future(handle.wait())
        location = await asyncio.to_thread(sandbox.authorize_as_browser, handle.url)
        async with httpx2.AsyncClient(trust_env=False) as browser:
            await browser.get(location)  # the browser comes back to 127.0.0.1
        assert await waiter is True
        assert handle.account == "comptable@cabinet-demo.fr"
        store = setup.credential_store(setup.endpoints_from_sandbox(sandbox))
        assert store.secrets("meg", handle.account).refresh_token

    asyncio.run(run())


def test_authorize_can_be_cancelled(sandbox: Any) -> None:
    async def run() -> None:
        handle = await setup.authorize(
            "inqom", company(sandbox), open_browser=None, endpoints=sandbox
        )
        waiter = asyncio.ensure_future(handle.wait())
        await wait_until_async(lambda: handle._task is not None, 10, "the handle to wait")
        handle.cancel()  # from a Qt slot: no await
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert waiter.cancelled()
        async with httpx2.AsyncClient(trust_env=False) as browser:
            port = handle._flow.receiver.port
            with pytest.raises(httpx2.ConnectError):
                await browser.get(f"http://127.0.0.1:{port}/callback")

    asyncio.run(run())


def test_meg_status_with_fix_instructions(sandbox: Any) -> None:
    ok = company(sandbox, premium_licence=True, production_software_connection=True)
    no_premium = company(sandbox, premium_licence=False)
    no_link = company(sandbox, production_software_connection=False)

    async def status(siret: str) -> setup.MegStatus:
        await setup.authorize_in_sandbox(sandbox, "meg", siret)
        return await setup.meg_status(siret, endpoints=sandbox)

    async def run() -> None:
        good = await status(ok)
        assert good.ready and good.found and good.fix_steps == {}
        assert good.name == sandbox.state.meg.companies[ok].name
        missing = await status(no_premium)
        assert not missing.premium and missing.connection_enabled
        assert (
            "Supervision > crayon > Accès aux modules MEG Premium" in missing.fix_steps["premium"]
        )
        off = await status(no_link)
        assert off.premium and not off.connection and not off.ready
        assert (
            "engrenage > Cabinets/Sites > Connexion avec votre logiciel de production"
            in off.fix_steps["connection"]
        )
        unknown = await status("73282932000074")
        assert not unknown.found and "73282932000074" in unknown.fix_steps["company_found"]

    asyncio.run(run())


def test_preview_then_validate(fresh_sandbox: Any) -> None:
    siret = company(fresh_sandbox, premium_licence=True, production_software_connection=True)
    state = fresh_sandbox.state.meg.companies[siret]
    month = next(m for m in state.months() if m not in state.validated)
    start = date.fromisoformat(f"{month}-01")
    end = date.fromisoformat(f"{month}-28")

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", siret)
        preview = await setup.preview_period(siret, start, end, endpoints=fresh_sandbox)
        assert preview.months == [month] and preview.already_validated == []
        assert preview.start == start and preview.end.month == start.month
        per_journal = {t.journal: t for t in preview.totals}
        for code, total in per_journal.items():
            lines = [ln for ln in preview.lines if ln.journal == code]
            assert sum(ln.debit for ln in lines) == total.debit == total.credit
        report = await setup.validate_period(siret, start, end, endpoints=fresh_sandbox)
        assert report.count == len(preview.entries) and month in state.validated

    asyncio.run(run())


def test_inqom_folders_then_connect_dossier(sandbox: Any, data_dir: Path) -> None:
    siret = company(sandbox, premium_licence=True, production_software_connection=True)
    connector = Connector(resolve_data_paths(data_dir), sandbox=sandbox)

    async def run() -> None:
        await setup.authorize_in_sandbox(sandbox, "inqom", siret)
        folders = await setup.list_inqom_folders(siret, endpoints=sandbox)
        assert folders[0].matches and (folders[0].siren, folders[0].nic) == (siret[:9], siret[9:])
        linked = await connector.connect_dossier(
            siret, folders[0].id, date(2025, 1, 1), name="Démo"
        )
        assert (linked.inqom_folder_id, linked.local_only) == (folders[0].id, False)
        assert linked.start_date == date(2025, 1, 1) and linked.name == "Démo"
        local = await connector.connect_dossier(siret, None, date(2025, 6, 1))
        assert local.id == linked.id and local.local_only and local.inqom_folder_id is None

    with connector.opened():
        asyncio.run(run())
    with connector.opened():
        saved = connector.dossier(siret)
    assert saved.start_date == date(2025, 6, 1)
