"""One authorization per person and service, through the front door on the sandbox: forty
dossiers added with one sign-in per service, per-SIRET tokens of older versions migrated,
sign-ins due said in « À traiter » and the tray, the firm's service account (password grant)
with and without a remembered password."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop.app.accounts import sign_in_problems
from meg_inqom_desktop.app.clients import ClientTuning
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.context import CliContext
from meg_inqom_desktop.cli.sync_cmd import _say_sign_in_problems
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.sandbox.oauth import DEMO_USER
from meg_inqom_desktop.sandbox.seed import make_siret
from meg_inqom_desktop.sandbox.state import InqomFolder, MegCompany
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths
from meg_inqom_desktop.sync.runs import RunStatus

GARAGE = "33413164600591"  # smallest demo company (seed 42), folder 4506


@pytest.fixture
def sbx() -> Iterator[Any]:
    handle = start_sandbox(rate_limit=None)
    yield handle
    handle.stop()


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return resolve_data_paths(tmp_path / "data").ensure()


def front(paths: DataPaths, sbx: Any, store: CredentialStore | None = None) -> Connector:
    return Connector(
        paths,
        sandbox=sbx,
        open_browser=False,
        store=store,
        tuning=ClientTuning(
            meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
            inqom_policy=RetryPolicy.inqom(scale=0.01),
            limiter=TokenBucket(10_000, 1_000),
        ),
    )


def add_companies(sbx: Any, count: int) -> list[str]:
    """More client companies of the demo firm, in MEG and as Inqom folders."""
    rng = random.Random(7)
    state = sbx.state
    made = []
    with state.lock:
        while len(made) < count:
            siret = make_siret(rng)
            if siret in state.meg.companies:
                continue
            name = f"Société Démo {len(made) + 1:02d}"
            state.meg.companies[siret] = MegCompany(siret, name, True, True)
            fid = 5000 + len(made)
            state.inqom.folders[fid] = InqomFolder(
                fid,
                name.upper(),
                siret[:9],
                siret[9:],
                state.inqom.company_id,
                datetime(2024, 6, 1, tzinfo=UTC),
            )
            made.append(siret)
    return made


async def sign_in(
    sbx: Any, app: Connector, service: str, siret: str, *, reuse: bool = True, **user: str
) -> Any:
    """What the wizard does: reuse the authorization kept, else the browser (played here)."""
    handle = await app.authorize(service, siret, reuse=reuse)
    if handle.existing is None:
        waiter = asyncio.ensure_future(handle.wait())
        await asyncio.to_thread(sbx.authorize_as_browser, handle.url, follow=True, **user)
        await waiter
    else:
        await handle.wait()
    return handle


def test_forty_dossiers_need_one_authorization_per_service(sbx: Any, paths: DataPaths) -> None:
    ready = [
        c.siret
        for c in sbx.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    ]
    sirets = ready + add_companies(sbx, 40 - len(ready))
    app = front(paths, sbx)
    browsers = {"meg": 0, "inqom": 0}

    async def run() -> None:
        for siret in sirets:
            meg = await sign_in(sbx, app, "meg", siret)
            browsers["meg"] += meg.existing is None
            status = await app.meg_status(siret)
            assert status.ready and status.account == DEMO_USER
            inqom = await sign_in(sbx, app, "inqom", siret)
            browsers["inqom"] += inqom.existing is None
            folders = await app.inqom_folders(
                siret, company_name=status.name, account=inqom.account
            )
            (chosen,) = [f for f in folders if f.chosen]
            assert f"{chosen.siren}{chosen.nic}" == siret and chosen.match == "siret"
            await app.connect_dossier(
                siret, chosen.id, date(2025, 1, 1), name=status.name, inqom_account=inqom.account
            )

    with app.opened():
        asyncio.run(run())
        assert app.dossier_count() == 40
        infos = app.authorizations()
    assert browsers == {"meg": 1, "inqom": 1}
    assert len(sbx.state.meg_oauth.codes) == len(sbx.state.inqom_oauth.codes) == 1
    assert [(i.service, i.account) for i in infos] == [("meg", DEMO_USER), ("inqom", DEMO_USER)]
    assert all(set(i.reaches) == set(sirets) for i in infos)


def test_per_siret_tokens_are_migrated_at_first_start_and_named_on_first_use(
    sbx: Any, paths: DataPaths, memory_keyring: Any
) -> None:
    app = front(paths, sbx)
    sirets = [GARAGE, "90265423500982"]
    namespace = app.credential_store().namespace
    for siret in sirets:  # what an older version kept: one refresh token per dossier
        token = sbx.issue_tokens("meg")["refresh_token"]
        memory_keyring.set_password(f"{namespace}/meg", siret, token)
    with app.opened(lock=True):
        for siret in sirets:
            app.add_dossier(siret, local_only=True)
    app = front(paths, sbx)
    with app.opened(lock=True):  # the first start of the new version
        migrated = app.authorizations()
        assert {(i.account, i.reaches) for i in migrated} == {
            (f"dossier {s}", (s,)) for s in sirets
        }
        assert all(i.migrated for i in migrated)
        assert not any(u in sirets for (_, u) in memory_keyring.secrets)
        for siret in sirets:  # each dossier still works, and its account gets its name
            assert asyncio.run(app.meg_status(siret)).ready
        (known,) = app.authorizations()
    assert (known.account, set(known.reaches)) == (DEMO_USER, set(sirets))


def test_a_sign_in_due_is_said_ahead_then_asked_then_resolved(sbx: Any, paths: DataPaths) -> None:
    sbx.state.withhold_refresh_tokens()  # Inqom may give no refresh token
    sbx.state.set_access_token_ttl(3 * 24 * 3600)  # expires within the week
    app = front(paths, sbx, CredentialStore("due", backend=EphemeralKeyring()))
    with app.opened(lock=True):
        folder = sbx.state.inqom_folder(GARAGE)
        record, _ = app.add_dossier(GARAGE, name="Garage", inqom_folder_id=folder.Id)
        asyncio.run(sign_in(sbx, app, "inqom", GARAGE))
        (result,) = asyncio.run(app.sync(record.id))
        assert result.status == RunStatus.SUCCESS and result.counts.pushed
        (line,) = [t for t in app.todo_items() if t.what.startswith("sign_in")]
        assert "expire le" in line.reason and "Se connecter à Inqom" in line.reason
        notice = app.notify_text([result]) or ""
        assert "ne permet pas de la prolonger seule" in notice
        assert app.notify_text([result]) == result.summary  # said once per run
        asyncio.run(app.validate_period(GARAGE, date(2025, 7, 1), date(2025, 7, 31)))
        sbx.state.expire_access_tokens()  # refused: the push stops, the person is asked
        (failed,) = asyncio.run(app.sync(record.id))
        assert failed.status == RunStatus.FAILED
        assert failed.error is not None and failed.error.code == "sign_in_needed"
        (line,) = [t for t in app.todo_items() if t.what.startswith("sign_in")]
        assert "Reconnectez-vous" in line.reason
        sbx.state.set_access_token_ttl(3600 * 24 * 30)  # a month: nothing due any more
        asyncio.run(sign_in(sbx, app, "inqom", "", reuse=False))  # the person signs in again
        assert [t for t in app.todo_items() if t.what.startswith("sign_in")] == []
        (again,) = asyncio.run(app.sync(record.id))
        assert again.status == RunStatus.SUCCESS and again.counts.pushed
        assert [t for t in app.todo_items() if t.what.startswith("sign_in")] == []


@pytest.mark.parametrize("remember", [True, False], ids=["remembered", "not-remembered"])
def test_the_service_account_signs_in_with_its_password(
    sbx: Any, paths: DataPaths, remember: bool, caplog: pytest.LogCaptureFixture
) -> None:
    app = front(paths, sbx, CredentialStore("service", backend=EphemeralKeyring()))
    with app.opened(lock=True):
        folder = sbx.state.inqom_folder(GARAGE)
        record, _ = app.add_dossier(GARAGE, name="Garage", inqom_folder_id=folder.Id)
        auth = asyncio.run(app.sign_in_with_password(DEMO_USER, "demo", remember=remember))
        assert auth.method == "password" and auth.renewable is remember
        asyncio.run(sign_in(sbx, app, "meg", GARAGE))
        (first,) = asyncio.run(app.sync(record.id))
        assert first.status == RunStatus.SUCCESS and first.counts.pushed
        asyncio.run(app.validate_period(GARAGE, date(2025, 7, 1), date(2025, 7, 31)))
        sbx.state.expire_access_tokens()  # months later: Inqom refuses the token
        (later,) = asyncio.run(app.sync(record.id))
        ctx = CliContext(paths=paths, json=True)
        with caplog.at_level(logging.WARNING):
            _say_sign_in_problems(ctx, app)
        needed = {"meg": 1, "inqom": 1}
        problems = sign_in_problems(app.authorizations(), needed)
    if remember:  # the service signed in again by itself
        assert later.status == RunStatus.SUCCESS and later.counts.pushed and problems == []
        assert "sign-in needed" not in caplog.text
    else:  # the log (and doctor) say the service needs a sign-in, and how
        assert later.status == RunStatus.FAILED and later.error is not None
        assert later.error.code == "sign_in_needed"
        ((status, what, fix),) = problems
        assert status == "fail" and what.startswith("connexion Inqom expirée")
        assert f"--password-grant --username {DEMO_USER} --remember" in fix
        assert "sign-in needed (fail): connexion Inqom expirée" in caplog.text
