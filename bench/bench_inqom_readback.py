"""Benchmark: reading a dossier back from the Inqom emulator limited at 15 requests/s.

The sandbox runs in a separate process with its ``scale`` company (``--entries``), whose
entries another connector already booked in Inqom (no ``ExternalId``): the situation of a
reset ledger, a second workstation or Inqom's own MEG connector. The company is first pulled
into an empty store (not timed); then ``sync.relink.relink`` (dry run) reads every month back
per journal (``entry-lines``, pages of 100 lines, until an empty page) and matches each MEG
entry by content, as the push's look does before a first post. ``--repeat`` times, each
interleaved with a baseline: raw httpx2 reading the same pages one after the other, paced at
one request every 1/14.5 s (at 15, timing jitter meets 429s), no parsing, no matching.

Prints the median time, the requests, the time the limit allows for them (requests ÷ 15 per
second) and the ratio of the measured time to it (target: close to 15 / 13.8 ≈ 1.09, the
client's own pace), and the ratio to the baseline.

    .venv/bin/python bench/bench_inqom_readback.py [--entries 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from calendar import monthrange
from pathlib import Path
from typing import Any

import httpx2
from sandbox_process import Server, consent, sandbox_process

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.engine import EngineOptions, load_dossier, run_dossier
from meg_inqom_desktop.sync.relink import relink

LIMIT = 15.0  # the emulator's (and Inqom's) requests per second
BASELINE_RATE = 14.5  # the baseline's pace (one request every 1/14.5 s): at 15 jitter meets 429


async def authorize(big: Server, store: CredentialStore) -> None:
    ep = Endpoints.from_sandbox(big)
    for service in ("meg", "inqom"):
        flow = await setup.authorize(
            service, big.siret, open_browser=None, endpoints=ep, store=store
        )
        await asyncio.gather(consent(flow.url), flow.wait())


async def project(big: Server, dossier_id: int, paths: Any, store: CredentialStore) -> dict:
    provider = client_provider(paths, endpoints=Endpoints.from_sandbox(big), store=store)
    dossier = load_dossier(dossier_id)
    conns = await provider.connect(dossier)
    try:
        assert conns.inqom is not None
        start = time.perf_counter()
        report = await relink(dossier, conns.inqom, ContentStore(paths.documents), apply=False)
        elapsed = time.perf_counter() - start
        http = conns.inqom.stats.snapshot()
    finally:
        await conns.aclose()
    assert report.linked == report.entries - report.skipped, report
    throttled = sum(n for k, n in http["reasons"].items() if k.endswith(": 429"))
    return {
        "seconds": elapsed,
        "requests": report.requests,
        "entries": report.linked,
        "throttled": throttled,
    }


async def baseline(big: Server, folder: int, months: list[tuple[int, int]], token: str) -> dict:
    """The same pages with raw httpx2, paced at BASELINE_RATE requests per second."""
    journals_url = f"{big.inqom_url}/v1/dossiers/{folder}/journals"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(trust_env=False, timeout=60, headers=headers) as client:
        wanted = {"VT", "HA", "NDF", "BQ"}  # where the demo's entries go
        journals = [j["Id"] for j in (await client.get(journals_url)).json() if j["Name"] in wanted]
        await asyncio.sleep(1.0)  # a fresh one-second window
        start = last_sent = time.perf_counter() - 1
        requests = 0
        for year, month in months:
            first, last = (
                f"{year}-{month:02d}-01",
                f"{year}-{month:02d}-{monthrange(year, month)[1]}",
            )
            for journal in journals:
                page = 1
                while True:
                    wait = last_sent + 1 / BASELINE_RATE - time.perf_counter()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    last_sent = time.perf_counter()
                    answer = await client.get(
                        f"{big.inqom_url}/v1/dossiers/{folder}/entry-lines",
                        params={
                            "startDate": first,
                            "endDate": last,
                            "journalId": journal,
                            "pageNumber": page,
                        },
                    )
                    requests += 1
                    answer.raise_for_status()
                    if not answer.json()["EntryLines"]:
                        break
                    page += 1
        return {"seconds": time.perf_counter() - start - 1, "requests": requests}


async def main(entries: int, repeat: int) -> int:
    async with sandbox_process(entries, other_connector=True) as info:
        big = Server.biggest(info, "validated_entries")
        folder = next(
            f["Id"] for f in info["inqom_folders"] if f"{f['Siren']}{f['Nic']}" == big.siret
        )
        store = CredentialStore("bench-readback", backend=EphemeralKeyring())
        await authorize(big, store)
        tmp = Path(tempfile.mkdtemp(prefix="bench-readback-"))
        try:
            paths = resolve_data_paths(tmp).ensure()
            open_database(paths)
            rec, _ = dossiers.get_or_create_dossier(big.siret, name=big.name)
            provider = client_provider(paths, endpoints=Endpoints.from_sandbox(big), store=store)
            pulled = await run_dossier(
                rec.id, provider, ContentStore(paths.documents), options=EngineOptions(push=False)
            )
            assert pulled.ok, pulled.error
            dossiers.set_inqom_link(big.siret, folder)
            months = sorted({(y, m) for y in (2025, 2026) for m in range(1, 13)})[:15]
            token = await asyncio.to_thread(_token, big)
            runs, bases = [], []
            for i in range(repeat):
                run = await project(big, rec.id, paths, store)
                base = await baseline(big, folder, months, token)
                runs.append(run)
                bases.append(base)
                print(
                    f"run {i + 1}: {run['entries']} entries read back in {run['seconds']:.1f} s, "
                    f"{run['requests']} requests ({run['throttled']} × 429); baseline "
                    f"{base['requests']} requests in {base['seconds']:.1f} s"
                )
        finally:
            close_database()
            shutil.rmtree(tmp, ignore_errors=True)
    seconds = statistics.median(r["seconds"] for r in runs)
    requests = statistics.median(r["requests"] for r in runs)
    floor = requests / LIMIT
    base_seconds = statistics.median(b["seconds"] for b in bases)
    print(
        f"median read-back of {runs[0]['entries']} entries: {seconds:.1f} s for {requests:.0f} "
        f"requests; the limit allows them in {floor:.1f} s (requests ÷ {LIMIT:.0f}/s): ratio "
        f"{seconds / floor:.2f}; baseline (raw httpx2 at {BASELINE_RATE}/s) {base_seconds:.1f} s, "
        f"ratio to it {seconds / base_seconds:.2f}"
    )
    return 0


def _token(big: Server) -> str:
    """An Inqom access token for the baseline (the sandbox's demo consent, over HTTP)."""
    from meg_inqom_desktop.sandbox.remote import RemoteSandbox

    return str(RemoteSandbox(big.base_url).issue_tokens("inqom")["access_token"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.entries, args.repeat)))
