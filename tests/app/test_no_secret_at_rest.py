"""No password, token or client secret at rest: after syncs with every way of signing in
(browser with the client secret, refresh, password grant remembered and renewed), nothing under
the data folder, in the logs (at DEBUG), in the database's dump or in the support report shows
one. (tests/conftest.py runs the same scan over every data folder of the whole suite.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from secret_scan import leaks, sandbox_secrets

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.logging_setup import setup_logging
from meg_inqom_desktop.app.support_report import build_report
from meg_inqom_desktop.net.errors import WrongCredentials
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.runs import RunStatus

GARAGE = "33413164600591"
SERVICE = "service@cabinet-demo.fr"
PASSWORD = "Tr3s-l0ng-mot-de-passe-du-service"


@pytest.fixture
def sbx() -> Iterator[Any]:
    handle = start_sandbox(rate_limit=None)
    handle.state.inqom_oauth.users[SERVICE] = PASSWORD
    handle.state.inqom.user_folders[SERVICE] = None  # the firm's system account
    yield handle
    handle.stop()


@pytest.fixture
def debug_log() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_no_secret_under_the_data_folder_in_logs_dump_or_report(
    sbx: Any, tmp_path: Path, debug_log: None
) -> None:
    paths = resolve_data_paths(tmp_path / "data").ensure()
    setup_logging(paths, "gui", level=logging.DEBUG)
    app = Connector(paths, sandbox=sbx, open_browser=False)
    with app.opened(lock=True):
        folder = sbx.state.inqom_folder(GARAGE)
        record, _ = app.add_dossier(GARAGE, name="Garage", inqom_folder_id=folder.Id)

        async def run() -> None:
            for service in ("meg", "inqom"):  # the browser; Inqom's code with the secret
                await setup.authorize_in_sandbox(sbx, service, GARAGE, store=app.credential_store())
            (first,) = await app.sync(record.id)
            assert first.status == RunStatus.SUCCESS and first.counts.pushed
            sbx.state.expire_access_tokens()  # refresh tokens at work
            await app.validate_period(GARAGE, date(2025, 7, 1), date(2025, 7, 31))
            await app.logout("inqom")
            await app.sign_in_with_password(SERVICE, PASSWORD, remember=True)
            sbx.state.expire_access_tokens()  # the remembered password at work
            (second,) = await app.sync(record.id)
            assert second.status == RunStatus.SUCCESS and second.counts.pushed
            with pytest.raises(WrongCredentials) as info:  # an error report too
                await app.sign_in_with_password(SERVICE, PASSWORD + "-typo", remember=True)
            report = build_report(paths, error=info.value, process="gui")
            (paths.root / "rapport.txt").write_text(report, encoding="utf-8")

        asyncio.run(run())
    secrets = sandbox_secrets([sbx.state.meg_oauth, sbx.state.inqom_oauth])
    assert len(secrets) > 10 and PASSWORD in secrets
    assert (paths.logs / "gui.log").stat().st_size > 0
    assert leaks(paths.root, secrets) == []
    # the scan finds what it looks for (planted, then removed: the suite's own scan follows)
    planted = [paths.logs / "planted.log", paths.root / "note.txt"]
    planted[0].write_text(next(t for t in secrets if t.startswith("eyJ")))
    planted[1].write_text(f"mot de passe : {PASSWORD}")
    found = leaks(paths.root, secrets)
    for file in planted:
        file.unlink()
    assert sorted(Path(w).name for w in found) == ["note.txt", "planted.log"]
