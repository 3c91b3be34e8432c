"""Benchmark: the sync's full pull of a big company into an empty store vs raw httpx2 fetching
the same pages and pièces, in the same run, on two links: loopback, and a link the sandbox
shapes like a firm's internet access (30 ms added per request, 50 Mbit/s per connection);
plus the worst stall of a GUI event loop during the pull.

For each link the sandbox runs in a separate process (like the real MEG, it does not share
our GIL) with its ``scale`` company. A warm-up walks the feed once with raw httpx2 on loopback
speed (it renders every pièce once in the sandbox and records the page and pièce URLs); then
the link is switched on through the sandbox's admin route and, ``--repeat`` times,
alternating:

* project: ``sync.engine.run_dossier`` on a local-only dossier in a fresh data folder: pages
  parsed and validated, pièces downloaded (size cap, sniffed type, sha256) into the durable
  content store (fsynced, as the product does; ``--no-fsync`` to compare), one SQLite
  transaction per page with the cursor, run record;
* baseline: the best a raw ``httpx2.AsyncClient`` does for the same work: the page URLs one
  after the other (the feed is a cursor chain), and the pièces of each page downloaded as
  soon as that page has arrived, with the project's concurrency (pages and pièces overlap),
  bodies read, nothing parsed or stored.

Then one more project run under a ``qasync.QEventLoop`` over an offscreen ``QApplication``,
as in the GUI, with a probe task that sleeps 5 ms in a loop and records how late it wakes:
the worst and the 99th percentile of that lateness are the stalls the accountant would feel.

Prints, per link, medians and the ratio baseline time / project time. Targets: >= 0.6 on
loopback, >= 0.9 on the shaped link, worst stall <= 100 ms.

Sizes: loopback pulls the 20,000-entry / ~5,000-pièce company (``--entries``). On the shaped
link a run costs about pièces x 30 ms / concurrency (~25 s for 5,000 pièces), so it pulls
10,000 entries by default (``--shaped-entries``): 50 pages of 200, three times the pull's
read-ahead window of 16 pages, so the steady state dominates, with ~2,500 pièces, in about
half the time.

    .venv/bin/python bench/bench_sync_pull.py [--entries 20000] [--shaped-entries 10000]
        [--link 30ms,50mbit] [--repeat 3] [--only loopback,shaped] [--baseline-concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx2
from sandbox_process import Server, consent, running_sandbox, set_link

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.engine import EngineOptions, run_dossier

DURABLE = True  # the product's setting: each pièce is fsynced before it takes its name
PROBE_S = 0.005  # the GUI probe's sleep
TARGETS = {"loopback": 0.6, "shaped": 0.9}
STALL_TARGET_S = 0.100
Plan = list[tuple[str, list[str]]]  # (page URL, its pièce URLs), in feed order


@dataclass
class GuiRun:
    elapsed: float
    lateness: list[float]  # seconds late, one per probe
    crash: str  # empty unless the child process died


@dataclass
class LinkResult:
    name: str
    link: str
    entries: int
    pages: int
    pieces: int
    project: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    counts: Any = None
    gui: GuiRun | None = None

    @property
    def ratio(self) -> float:
        return statistics.median(self.baseline) / statistics.median(self.project)


# -- the work ------------------------------------------------------------------------------


async def walk(http: httpx2.AsyncClient, big: Server, page_size: int) -> Plan:
    """Warm-up: every page URL of the feed with its pièce URLs (renders the pièces)."""
    plan: Plan = []
    cursor = None
    while True:
        params = {"limit": page_size} | ({"cursor": cursor} if cursor else {})
        url = f"{big.meg_url}/companies/{big.siret}/entries?{urlencode(params)}"
        data = (await http.get(url)).json()
        plan.append((url, [d["download_url"] for e in data["entries"] for d in e["documents"]]))
        cursor = data["next_cursor"]
        if not data["has_more"]:
            break
    gate = asyncio.Semaphore(8)

    async def render(url: str) -> None:
        async with gate:
            (await http.get(url)).raise_for_status()

    await asyncio.gather(*(render(u) for _, docs in plan for u in docs))
    return plan


async def baseline_run(http: httpx2.AsyncClient, plan: Plan, concurrency: int) -> float:
    """Raw pipeline: pages in order; each page's pièces queued for download on its arrival."""
    gate = asyncio.Semaphore(concurrency)

    async def piece(url: str) -> int:
        async with gate:
            response = await http.get(url)
            response.raise_for_status()
            return len(response.content)

    start = time.perf_counter()
    downloads: list[asyncio.Task[int]] = []
    for page_url, docs in plan:
        (await http.get(page_url)).raise_for_status()
        downloads += [asyncio.create_task(piece(u)) for u in docs]
    await asyncio.gather(*downloads)
    return time.perf_counter() - start


LEFTOVERS: list[Path] = []  # removed at the end: deleting 5,000 files mid-run skews timings


async def project_run(
    big: Server, store: CredentialStore, options: EngineOptions
) -> tuple[float, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-pull-"))
    LEFTOVERS.append(folder)
    try:
        paths = resolve_data_paths(folder).ensure()
        open_database(paths)
        rec, _ = dossiers.get_or_create_dossier(big.siret, name=big.name)  # local only
        provider = client_provider(paths, endpoints=Endpoints.from_sandbox(big), store=store)
        start = time.perf_counter()
        result = await run_dossier(
            rec.id,
            provider,
            ContentStore(paths.documents, durable=DURABLE),
            trigger="cli",
            options=options,
        )
        elapsed = time.perf_counter() - start
        assert result.status == "success", result.error
        return elapsed, result.counts
    finally:
        close_database()


# -- the disk ------------------------------------------------------------------------------


def _probe_file_creation(files: int = 200) -> float:
    """Seconds to create ``files`` small files (then removed), in the temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-probe-"))
    try:
        start = time.perf_counter()
        for i in range(files):
            (folder / f"p{i}").write_bytes(b"x" * 2400)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_quiet_disk(limit: float = 0.03, patience: float = 120.0) -> str:
    """The project writes ~5,000 pièces per run; the baseline writes nothing. On some virtual
    disks (ext4 with online discard), file creation is 10-20x slower for up to a minute after
    many files were deleted (e.g. by a previous benchmark's clean-up). Wait for it to pass."""
    waited = 0.0
    took = _probe_file_creation()
    while took > limit and waited < patience:
        time.sleep(5)
        waited += 5
        took = _probe_file_creation()
    state = "settled" if took <= limit else "STILL SLOW: project figures are pessimistic"
    return f"disk: 200 file creations in {took * 1e3:.0f} ms ({state}, waited {waited:.0f} s)"


# -- one link ------------------------------------------------------------------------------


async def authorize(big: Server, store: CredentialStore) -> str:
    """The project's MEG authorization (consent played over HTTP); the raw client's token."""
    ep = Endpoints.from_sandbox(big)
    flow = await setup.authorize("meg", big.siret, open_browser=None, endpoints=ep, store=store)
    await asyncio.gather(consent(flow.url), flow.wait())
    async with MegClient.open(ep, big.siret, store) as meg:
        return await meg.caller.auth.access_token()


def raw_client(token: str) -> httpx2.AsyncClient:
    limits = httpx2.Limits(max_connections=10, max_keepalive_connections=10)
    return httpx2.AsyncClient(
        headers={"Authorization": f"Bearer {token}"}, timeout=60, limits=limits, trust_env=False
    )


async def prepare(big: Server, store: CredentialStore, page_size: int) -> tuple[str, Plan]:
    token = await authorize(big, store)
    async with raw_client(token) as http:
        return token, await walk(http, big, page_size)


async def alternate(
    result: LinkResult,
    big: Server,
    store: CredentialStore,
    token: str,
    plan: Plan,
    options: EngineOptions,
    repeat: int,
    baseline_concurrency: int,
) -> None:
    async with raw_client(token) as http:
        for i in range(repeat):
            order = ("project", "baseline") if i % 2 == 0 else ("baseline", "project")
            for which in order:
                if which == "project":
                    elapsed, result.counts = await project_run(big, store, options)
                    result.project.append(elapsed)
                else:
                    elapsed = await baseline_run(http, plan, baseline_concurrency)
                    result.baseline.append(elapsed)
                print(f"[{result.name}]   {which}: {elapsed:.2f} s")


async def probed_pull(
    big: Server, store: CredentialStore, options: EngineOptions, samples: TextIO
) -> float:
    """The project's pull with a probe writing how late each 5 ms sleep wakes to ``samples``
    (line by line, so that a crash loses nothing)."""

    async def probe() -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(PROBE_S)
            samples.write(f"{time.perf_counter() - start - PROBE_S:.6f}\n")

    task = asyncio.create_task(probe())
    try:
        elapsed, _ = await project_run(big, store, options)
    finally:
        task.cancel()
    return elapsed


def gui_child(big: Server, options: EngineOptions, samples_path: Path) -> None:
    """In a child process: authorize, then ``probed_pull`` on the GUI's loop (qasync over an
    offscreen ``QApplication``); prints the pull's seconds as JSON."""
    import qasync
    from PySide6.QtWidgets import QApplication

    store = CredentialStore("bench", backend=EphemeralKeyring())
    asyncio.run(authorize(big, store))
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with samples_path.open("w", buffering=1) as samples:
            elapsed = loop.run_until_complete(probed_pull(big, store, options, samples))
    finally:
        for leftover in LEFTOVERS:
            shutil.rmtree(leftover, ignore_errors=True)
    print(json.dumps({"elapsed": elapsed}), flush=True)
    # PySide6 6.12.0's QObject.killTimer drops a reference to None on each call and qasync
    # calls it for every timer: the interpreter's final clean-up would abort. Leave now.
    os._exit(0)


def gui_pull(big: Server, options: EngineOptions, args: argparse.Namespace) -> GuiRun:
    """``gui_child`` in a child process (a crash there is a result, not the end of the bench)."""
    with tempfile.TemporaryDirectory(prefix="bench-gui-", ignore_cleanup_errors=True) as folder:
        samples_path = Path(folder) / "lateness.txt"
        child = [
            *(sys.executable, __file__, "--gui-child", json.dumps(asdict(big)), str(samples_path)),
            *("--page-size", str(options.page_size)),
            *("--concurrency", str(options.download_concurrency)),
            *(("--no-fsync",) if args.no_fsync else ()),
        ]
        start = time.perf_counter()
        # the child's data folders go in ``folder`` too: removed with it, whatever happens there
        env = {**os.environ, "TMPDIR": folder}
        done = subprocess.run(child, capture_output=True, text=True, check=False, env=env)
        wall = time.perf_counter() - start
        lines = samples_path.read_text().split() if samples_path.exists() else []
    lateness = [float(x) for x in lines]
    if done.returncode == 0:
        return GuiRun(json.loads(done.stdout.splitlines()[-1])["elapsed"], lateness, "")
    first = " | ".join(done.stderr.strip().splitlines()[:2])
    return GuiRun(wall, lateness, f"exit code {done.returncode} after {wall:.1f} s: {first}")


def measure_link(
    name: str, spec: str | None, entries: int, options: EngineOptions, args: argparse.Namespace
) -> LinkResult:
    t0 = time.perf_counter()
    with running_sandbox(entries) as info:
        big = Server.biggest(info)
        print(
            f"[{name}] sandbox (process): {big.name}, {big.entries} validated entries "
            f"(started in {time.perf_counter() - t0:.1f} s)"
        )
        store = CredentialStore("bench", backend=EphemeralKeyring())
        t0 = time.perf_counter()
        token, plan = asyncio.run(prepare(big, store, options.page_size))
        pieces = sum(len(docs) for _, docs in plan)
        print(
            f"[{name}] warm-up: {len(plan)} pages of {options.page_size}, {pieces} pièces "
            f"({time.perf_counter() - t0:.1f} s)"
        )
        link = set_link(big, spec)
        print(f"[{name}] link in force: {link or 'none (loopback)'}")
        result = LinkResult(name, link or "loopback", big.entries, len(plan), pieces)
        baseline_concurrency = args.baseline_concurrency or options.download_concurrency
        print(
            f"[{name}] pièces at once: project {options.download_concurrency} "
            f"(download_concurrency), baseline {baseline_concurrency}"
        )
        work = alternate(
            result, big, store, token, plan, options, args.repeat, baseline_concurrency
        )
        asyncio.run(work)
        result.gui = gui_pull(big, options, args)
        print(f"[{name}]   project under qasync: {result.gui.elapsed:.2f} s {result.gui.crash}")
    return result


# -- report --------------------------------------------------------------------------------


def report(results: list[LinkResult]) -> None:
    for r in results:
        c = r.counts
        p, b = statistics.median(r.project), statistics.median(r.baseline)
        target = TARGETS[r.name]
        print(
            f"\n{r.name} ({r.link}): {r.pages} pages, project stored {c.new} entries, "
            f"{c.documents} pièces, {c.bytes / 1e6:.1f} MB per run"
        )
        print(f"{'':<10}{'median (s)':>12}{'entries/s':>12}   runs")
        for label, runs, med in (("project", r.project, p), ("baseline", r.baseline, b)):
            print(
                f"{label:<10}{med:>12.2f}{r.entries / med:>12.0f}   "
                f"{', '.join(f'{x:.2f}' for x in runs)}"
            )
        verdict = "OK" if r.ratio >= target else "MISSED"
        print(f"ratio baseline/project = {r.ratio:.2f} (target >= {target}: {verdict})")
        gui = r.gui
        assert gui is not None
        if gui.crash:
            print(f"GUI loop (qasync): the pull CRASHED ({gui.crash})")
        if len(gui.lateness) >= 2:
            worst = max(gui.lateness)
            p99 = statistics.quantiles(gui.lateness, n=100)[98]
            verdict = "OK" if worst <= STALL_TARGET_S and not gui.crash else "MISSED"
            print(
                f"GUI loop (qasync, {len(gui.lateness)} probes of {PROBE_S * 1e3:.0f} ms over "
                f"{gui.elapsed:.1f} s): worst stall {worst * 1e3:.0f} ms (target <= "
                f"{STALL_TARGET_S * 1e3:.0f} ms: {verdict}), p99 {p99 * 1e3:.1f} ms"
            )


def main(args: argparse.Namespace) -> int:
    options = EngineOptions(page_size=args.page_size, download_concurrency=args.concurrency)
    print(wait_for_quiet_disk())
    links = {
        "loopback": (None, args.entries),
        "shaped": (args.link, args.shaped_entries),
    }
    results = [
        measure_link(name, spec, entries, options, args)
        for name, (spec, entries) in links.items()
        if name in args.only.split(",")
    ]
    report(results)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000, help="loopback company size")
    parser.add_argument("--shaped-entries", type=int, default=10_000, help="on the shaped link")
    parser.add_argument("--link", default="30ms,50mbit", help="the shaped link's spec")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=EngineOptions.page_size)
    parser.add_argument("--concurrency", type=int, default=EngineOptions.download_concurrency)
    parser.add_argument(
        "--baseline-concurrency",
        type=int,
        default=0,
        help="the baseline's pièce downloads at once (default: the project's --concurrency)",
    )
    parser.add_argument("--only", default="loopback,shaped", help="links to measure")
    parser.add_argument("--no-fsync", action="store_true", help="content store without fsync")
    parser.add_argument("--gui-child", nargs=2, help=argparse.SUPPRESS)  # SERVER_JSON SAMPLES
    arguments = parser.parse_args()
    DURABLE = not arguments.no_fsync
    if arguments.gui_child:
        server_json, samples_file = arguments.gui_child
        gui_child(
            Server(**json.loads(server_json)),
            EngineOptions(
                page_size=arguments.page_size, download_concurrency=arguments.concurrency
            ),
            Path(samples_file),
        )
    try:
        code = main(arguments)
    finally:
        for leftover in LEFTOVERS:
            shutil.rmtree(leftover, ignore_errors=True)
    sys.exit(code)
