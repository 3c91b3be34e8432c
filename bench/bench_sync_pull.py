"""Benchmark: the sync's full pull of a 20,000-entry / 5,000-pièce company into an empty store,
vs raw httpx2 fetching the same pages and pièces, in the same run.

The sandbox runs in a separate process (like the real MEG, it does not share our GIL) with its
``scale`` company. A warm-up walks the feed once with raw httpx2 (it renders every pièce once in
the sandbox and records the page and pièce URLs). Then, ``--repeat`` times, alternating:

* project: ``sync.engine.run_dossier`` on a local-only dossier in a fresh data folder: pages
  parsed and validated, pièces downloaded (size cap, sniffed type, sha256) into the durable
  content store (fsynced, as the product does; ``--no-fsync`` to compare), one SQLite
  transaction per page with the cursor, run record. As in the product, the pages after the
  first few are read and stored by the ledger worker process, which also downloads the
  pièces of half of them (``sync/ledger_worker.py``; ``--in-process`` to compare without);
* baseline: raw ``httpx2.AsyncClient`` GETs of the same page URLs (sequential, as the feed
  is) and the same pièce URLs (same concurrency), bodies read, nothing parsed or stored.

Prints medians and the throughput ratio baseline time / project time (target >= 0.7).

    .venv/bin/python bench/bench_sync_pull.py [--entries 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2
from sandbox_process import Server, consent, sandbox_process

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


@contextlib.asynccontextmanager
async def serve(entries: int) -> AsyncIterator[Server]:
    async with sandbox_process(entries) as info:
        yield Server.biggest(info)


async def walk(
    http: httpx2.AsyncClient, big: Server, page_size: int
) -> tuple[list[str], list[str]]:
    """Warm-up: the page URLs of the whole feed and every pièce URL (renders the pièces)."""
    pages, docs = [], []
    cursor = None
    while True:
        params = {"limit": page_size} | ({"cursor": cursor} if cursor else {})
        url = f"{big.meg_url}/companies/{big.siret}/entries?{urlencode(params)}"
        pages.append(url)
        data = (await http.get(url)).json()
        docs += [d["download_url"] for e in data["entries"] for d in e["documents"]]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            break
    gate = asyncio.Semaphore(8)

    async def render(url: str) -> None:
        async with gate:
            (await http.get(url)).raise_for_status()

    await asyncio.gather(*(render(u) for u in docs))
    return pages, docs


async def baseline_run(
    http: httpx2.AsyncClient, pages: list[str], docs: list[str], concurrency: int
) -> float:
    start = time.perf_counter()
    for url in pages:
        (await http.get(url)).raise_for_status()
    gate = asyncio.Semaphore(concurrency)

    async def one(url: str) -> int:
        async with gate:
            response = await http.get(url)
            response.raise_for_status()
            return len(response.content)

    await asyncio.gather(*(one(u) for u in docs))
    return time.perf_counter() - start


LEFTOVERS: list[Path] = []  # removed at the end: deleting 5,000 files mid-run skews timings


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


async def main(entries: int, repeat: int, options: EngineOptions, durable: bool) -> int:
    print(wait_for_quiet_disk())
    t0 = time.perf_counter()
    async with serve(entries) as big:
        print(
            f"sandbox (process): {big.name}, {big.entries} validated entries "
            f"(started in {time.perf_counter() - t0:.1f} s)"
        )
        store = CredentialStore("bench", backend=EphemeralKeyring())
        ep = Endpoints.from_sandbox(big)
        flow = await setup.authorize("meg", big.siret, open_browser=None, endpoints=ep, store=store)
        await asyncio.gather(consent(flow.url), flow.wait())
        async with MegClient.open(ep, big.siret, store) as meg:
            token = await meg.caller.auth.access_token()
        limits = httpx2.Limits(max_connections=10, max_keepalive_connections=10)
        async with httpx2.AsyncClient(
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
            limits=limits,
            trust_env=False,
        ) as http:
            t0 = time.perf_counter()
            pages, docs = await walk(http, big, options.page_size)
            print(
                f"warm-up: {len(pages)} pages of {options.page_size}, {len(docs)} pièces "
                f"({time.perf_counter() - t0:.1f} s)"
            )
            proj: list[float] = []
            base: list[float] = []
            counts = None
            for i in range(repeat):
                order = ("project", "baseline") if i % 2 == 0 else ("baseline", "project")
                for which in order:
                    if which == "project":
                        elapsed, counts = await project_run(big, store, options)
                        proj.append(elapsed)
                    else:
                        base.append(
                            await baseline_run(http, pages, docs, options.download_concurrency)
                        )
        assert counts is not None
        p, b = statistics.median(proj), statistics.median(base)
        ratio = b / p
        print(
            f"project: {counts.new} entries, {counts.documents} pièces, "
            f"{counts.bytes / 1e6:.1f} MB stored per run; "
            f"{counts.details.get('ledger_worker_pages', 0)} of {len(pages)} pages "
            "read and stored by the ledger worker"
        )
        print(f"{'':<10}{'median (s)':>12}{'entries/s':>12}{'runs':>30}")
        print(
            f"{'project':<10}{p:>12.2f}{counts.new / p:>12.0f}   "
            f"{', '.join(f'{x:.2f}' for x in proj):>27}"
        )
        print(
            f"{'baseline':<10}{b:>12.2f}{counts.new / b:>12.0f}   "
            f"{', '.join(f'{x:.2f}' for x in base):>27}"
        )
        print(
            f"throughput ratio project/baseline = {ratio:.2f} (target >= 0.7: "
            f"{'OK' if ratio >= 0.7 else 'MISSED'})"
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=EngineOptions.page_size)
    parser.add_argument("--concurrency", type=int, default=EngineOptions.download_concurrency)
    parser.add_argument("--no-fsync", action="store_true", help="content store without fsync")
    parser.add_argument(
        "--in-process", action="store_true", help="no ledger worker process (all on one loop)"
    )
    args = parser.parse_args()
    DURABLE = not args.no_fsync
    opts = EngineOptions(
        page_size=args.page_size,
        download_concurrency=args.concurrency,
        ledger_worker="never" if args.in_process else "auto",
    )
    try:
        code = asyncio.run(main(args.entries, args.repeat, opts, DURABLE))
    finally:
        for leftover in LEFTOVERS:
            shutil.rmtree(leftover, ignore_errors=True)
    sys.exit(code)
