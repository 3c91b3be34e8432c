"""Benchmark: the sync's push to the Inqom emulator limited at 15 requests/s (sliding window).

The sandbox runs in a separate process with its ``scale`` company (``--entries``, about one
entry in four with a pièce) and Inqom's rate limit on (15 requests per second per client and
user, 429 beyond). The company is first pulled into an empty store (not timed), then pushed:
``sync.engine.run_dossier`` (feed checked, nothing new) posts every entry in batches of 50,
creates the missing accounts and attaches every pièce, ``--repeat`` times on fresh Inqom data
(a new sandbox each time). Prints the median push time, the Inqom requests sent, the rate
achieved against the 15 requests/s allowed (target >= 90 %) and the 429 answers received
(target: no storm, i.e. almost none).

    .venv/bin/python bench/bench_sync_push.py [--entries 2000] [--repeat 3]
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

from sandbox_process import Server, consent, sandbox_process

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.engine import EngineOptions, run_dossier

LIMIT = 15.0  # the emulator's (and Inqom's) requests per second


@contextlib.asynccontextmanager
async def serve(entries: int) -> AsyncIterator[tuple[Server, int]]:
    async with sandbox_process(entries) as info:
        big = Server.biggest(info, "validated_entries")
        folder = next(
            f["Id"] for f in info["inqom_folders"] if f"{f['Siren']}{f['Nic']}" == big.siret
        )
        yield big, folder


async def authorize(big: Server, store: CredentialStore) -> None:
    ep = Endpoints.from_sandbox(big)
    for service in ("meg", "inqom"):
        flow = await setup.authorize(
            service, big.siret, open_browser=None, endpoints=ep, store=store
        )
        await asyncio.gather(consent(flow.url), flow.wait())


async def one_run(entries: int) -> dict[str, Any]:
    async with serve(entries) as (big, folder_id):
        store = CredentialStore("bench-push", backend=EphemeralKeyring())
        await authorize(big, store)
        folder = Path(tempfile.mkdtemp(prefix="bench-push-"))
        try:
            paths = resolve_data_paths(folder).ensure()
            open_database(paths)
            rec, _ = dossiers.get_or_create_dossier(big.siret, name=big.name)
            content = ContentStore(paths.documents)
            ep = Endpoints.from_sandbox(big)
            provider = client_provider(paths, endpoints=ep, store=store)
            pulled = await run_dossier(rec.id, provider, content, options=EngineOptions(push=False))
            assert pulled.ok, pulled.error
            dossiers.set_inqom_link(big.siret, folder_id)
            provider = client_provider(paths, endpoints=ep, store=store)
            start = time.perf_counter()
            result = await run_dossier(rec.id, provider, content)
            elapsed = time.perf_counter() - start
            assert result.status == "success", (result.error, result.counts)
            http = result.counts.details["http"]["inqom"]
            requests = sum(http["requests"].values()) + sum(http["retries"].values())
            throttled = sum(n for k, n in http["reasons"].items() if k.endswith(": 429"))
            return {
                "seconds": elapsed,
                "pushed": result.counts.pushed,
                "documents": result.counts.details.get("documents_attached", 0),
                "requests": requests,
                "rate": requests / elapsed,
                "throttled": throttled,
            }
        finally:
            close_database()
            shutil.rmtree(folder, ignore_errors=True)


async def main(entries: int, repeat: int) -> int:
    runs = []
    for i in range(repeat):
        run = await one_run(entries)
        runs.append(run)
        print(
            f"run {i + 1}: {run['pushed']} entries + {run['documents']} pièces in "
            f"{run['seconds']:.1f} s, {run['requests']} Inqom requests, "
            f"{run['rate']:.2f} req/s, {run['throttled']} × 429"
        )
    rate = statistics.median(r["rate"] for r in runs)
    seconds = statistics.median(r["seconds"] for r in runs)
    share = rate / LIMIT
    print(
        f"median push: {seconds:.1f} s; rate {rate:.2f} req/s of {LIMIT:.0f} allowed = "
        f"{share:.0%} (target >= 90 %: {'OK' if share >= 0.9 else 'MISSED'}); "
        f"429 answers: {max(r['throttled'] for r in runs)} at most per run"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.entries, args.repeat)))
