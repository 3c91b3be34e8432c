"""The GUI and the data folder's lock (one process syncs a folder), and crash recovery at start.

* another process holds the lock (the test itself, or a real ``meg-inqom serve`` child): the
  main window opens, the ledger reads, "Synchroniser maintenant" refuses with a French banner,
  the scheduler waits; once the other process is gone the GUI takes the folder over;
* a run left ``running`` and push records left ``sending`` by a crash: at start the run is
  closed and the dossier is synced at once, which reads Inqom back (no second copy there).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qt_helpers import wait_signal, wait_until
from ui_ledger_seed import seed_dossier, seed_entries
from waiting import wait_until as sync_wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.instance_lock import InstanceLock
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.net.oauth import keep_answer
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.models import PushRecord, SyncRun
from meg_inqom_desktop.store.rejections import RejectionItem, record_rejection
from meg_inqom_desktop.ui.controller import AppController
from meg_inqom_desktop.ui.main_window import MainWindow


def _locked_gui(paths: Any, qtbot: Any) -> tuple[AppController, MainWindow]:
    dossier_id = seed_dossier()
    seed_entries(dossier_id, 30)
    # scheduler off: the window's delayed start of it would fire in a later test's loop
    controller = AppController(Connector(paths), start_scheduler=False)
    window = controller.start()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return controller, window


async def _check_refuses_to_sync(controller: AppController, window: MainWindow, pid: int) -> None:
    report = await controller.startup()
    assert not report.lock_held and not controller.connector.lock_held
    banner = window.lock_banner
    assert banner.isVisibleTo(window)
    text = banner.text()
    assert "un autre processus" in text and "meg-inqom serve" in text
    assert f"processus {pid}" in text and "arrêtez l'autre processus" in text
    # the ledger is still readable
    window.journal.model.fetch_all()
    assert window.journal.model.rowCount() == 60  # 30 entries of two lines
    # "Synchroniser maintenant" refuses: no run, the banner stays, nothing else happens
    assert await window.sync_now() == []
    assert SyncRun.select().count() == 0
    assert banner.isVisibleTo(window) and window.sync_button.isEnabled()
    assert window.progress_label.text() == "Synchronisation non lancée."
    assert window.tray.state == "idle"
    with pytest.raises(DataFolderLocked):
        await controller.connector.sync()
    # "Réessayer" on a rejection syncs the dossier shown: refused the same way
    dossier_id = window.dossiers.current_id()
    assert dossier_id is not None
    item = RejectionItem("entry", "m9", "unbalanced", "Écriture déséquilibrée.")
    record_rejection(dossier_id, item, provenance=MEG)
    window.tabs.setCurrentWidget(window.todo)
    window.todo.reload(dossier_id)
    asked: list[int | None] = []
    real_sync = controller.connector.sync

    async def recording_sync(dossier: int | None = None, **kwargs: Any) -> list[Any]:
        asked.append(dossier)
        return await real_sync(dossier, **kwargs)

    controller.connector.sync = recording_sync  # type: ignore[method-assign]
    banner.setVisible(False)
    window.todo.retry.click()
    await wait_until(lambda: banner.isVisibleTo(window), 10, "banner after Réessayer")
    assert asked == [dossier_id] and SyncRun.select().count() == 0
    # the scheduler waits for the folder (the other process syncs at the slots)
    controller.start_scheduler = True
    try:
        controller._start_scheduler()
        assert controller.scheduler is None
    finally:
        controller.start_scheduler = False


def test_gui_refuses_to_sync_while_another_holder_has_the_folder(
    qapp, qtbot, qloop, ledger_paths
) -> None:
    controller, window = _locked_gui(ledger_paths, qtbot)
    other = InstanceLock(ledger_paths.lock).acquire()  # another holder of the data folder
    try:
        qloop.run_until_complete(_check_refuses_to_sync(controller, window, os.getpid()))
    finally:
        other.release()
    # the other holder is gone: the GUI takes the folder (no restart needed)
    assert controller.connector.take_lock() and controller.connector.lock_held
    with pytest.raises(DataFolderLocked):
        InstanceLock(ledger_paths.lock).acquire()
    qloop.run_until_complete(controller.connector.aclose())
    assert not controller.connector.lock_held
    InstanceLock(ledger_paths.lock).acquire().release()  # released on close


def _lock_owner(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


@pytest.fixture
def serve_process(ledger_paths: Any) -> Iterator[subprocess.Popen[str]]:
    """``meg-inqom serve`` on the test's data folder (no dossier yet: it idles, holding it)."""
    cli = Path(sys.executable).with_name("meg-inqom")
    proc = subprocess.Popen(
        [str(cli), "--data-dir", str(ledger_paths.root), "serve"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def holds_the_lock() -> bool:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        return _lock_owner(ledger_paths.lock) == str(proc.pid)

    try:
        sync_wait_until(holds_the_lock, 30, "meg-inqom serve to take the lock")
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def test_gui_next_to_a_running_serve(qapp, qtbot, qloop, ledger_paths, serve_process) -> None:
    controller, window = _locked_gui(ledger_paths, qtbot)
    qloop.run_until_complete(_check_refuses_to_sync(controller, window, serve_process.pid))
    assert controller.connector.locked_owner == str(serve_process.pid)
    serve_process.send_signal(signal.SIGTERM)
    assert serve_process.wait(20) == 0
    assert controller.connector.take_lock()
    qloop.run_until_complete(controller.connector.aclose())


def test_the_app_opens_its_main_window_while_serve_runs(ledger_paths, serve_process) -> None:
    """``meg-inqom-desktop`` on a folder ``serve`` syncs: the main window paints (the GUI no
    longer refuses to start), the process exits 0 at its first paint."""
    from meg_inqom_desktop.ui.application import BENCH_ENV

    seed_entries(seed_dossier(), 5)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{BENCH_ENV: "main"})
    proc = subprocess.run(
        [sys.executable, "-m", "meg_inqom_desktop", "--data-dir", str(ledger_paths.root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "painted"
    # it went past the lock to its event loop (a refusal box would have painted too)
    logs = "".join(p.read_text(encoding="utf-8") for p in (ledger_paths.root / "logs").glob("*"))
    assert "starting: data folder" in logs
    assert serve_process.poll() is None and _lock_owner(ledger_paths.lock) == str(serve_process.pid)


# -- crash recovery at start -------------------------------------------------------------------


def _fast_connector(paths: Any, sandbox: Any) -> Connector:
    from meg_inqom_desktop.app.clients import ClientTuning
    from meg_inqom_desktop.net.http import RetryPolicy
    from meg_inqom_desktop.net.ratelimit import TokenBucket

    tuning = ClientTuning(
        meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
        inqom_policy=RetryPolicy.inqom(scale=0.01),
        limiter=TokenBucket(10_000, 1_000),
    )
    connector = Connector(paths, sandbox=sandbox, open_browser=False, tuning=tuning)
    store = connector.credential_store()
    endpoints = connector.endpoints()
    for siret in [d.siret for d in dossiers.list_dossiers()]:
        for service in ("meg", "inqom"):
            keep_answer(store, endpoints.oauth(service), sandbox.issue_tokens(service), (siret,))
    return connector


def test_start_closes_an_interrupted_run_and_settles_an_interrupted_push(
    qapp, qtbot, qloop, ledger_paths, fast_sandbox
) -> None:
    siret = list(fast_sandbox.state.meg.companies)[5]  # the smallest demo company
    company = fast_sandbox.state.meg.companies[siret]
    record, _ = dossiers.get_or_create_dossier(siret, name=company.name)
    folder = fast_sandbox.state.inqom_folder(siret)
    dossiers.set_inqom_link(siret, folder.Id, folder.Name)
    first = _fast_connector(ledger_paths, fast_sandbox)
    (result,) = qloop.run_until_complete(first.sync(record.id))
    assert result.ok and result.counts.pushed > 0
    qloop.run_until_complete(first.aclose())
    pushed_before = {r.id: r.inqom_entry_id for r in PushRecord.select()}
    # a crash in the middle of a push: a run left running, records left sending
    victims = list(pushed_before)[5:25]
    PushRecord.update(status="sending", inqom_entry_id=None).where(
        PushRecord.id.in_(victims)
    ).execute()
    crashed = SyncRun.create(dossier=record.id, trigger="manual", status="running")

    controller = AppController(_fast_connector(ledger_paths, fast_sandbox), start_scheduler=False)
    window = controller.start()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)

    async def scenario() -> None:
        synced = asyncio.ensure_future(wait_signal(window.sync_finished, 60))
        report = await controller.startup()
        assert report.lock_held and report.closed_runs == 1
        assert report.unsettled_dossiers == (record.id,)
        closed = SyncRun.get_by_id(crashed.id)
        assert closed.status == "failed" and closed.error_title == "Synchronisation interrompue"
        (results,) = await synced
        assert [r.ok for r in results] == [True] and results[0].counts.pushed == 0
        assert results[0].counts.details["push_found_on_read_back"] == len(victims)
        await controller.connector.aclose()

    qloop.run_until_complete(scenario())
    assert PushRecord.select().where(PushRecord.status == "sending").count() == 0
    assert {r.id: r.inqom_entry_id for r in PushRecord.select()} == pushed_before
    posted = Counter(e.ExternalId for e in fast_sandbox.state.inqom_posted_entries(siret))
    assert max(posted.values()) == 1, "an entry was sent twice to Inqom"
    assert SyncRun.select().where(SyncRun.status == "running").count() == 0
    assert SyncRun.get(SyncRun.trigger == "recovery").status == "success"
