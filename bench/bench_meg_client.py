"""Benchmark: MegClient paging a 20,000-entry feed and downloading its pièces, vs raw httpx2.

Starts the sandbox with its ``scale`` company (20,000+ validated entries), by default in a
separate process (``--server process``: like the real MEG, the server does not share this
process's GIL; ``--server thread`` runs it in-process), authorizes MEG through the sandbox's
consent page, renders every pièce once (warm-up, so the sandbox's PDF rendering is in neither
measurement), then alternates, ``--repeat`` times:

* project: ``MegClient.iter_feed`` (strict pydantic parsing, mapping to domain entries,
  validation of every entry) then ``download_document`` of every pièce (streamed, size cap,
  type sniffed, sha256 checked) with ``--concurrency`` downloads in flight;
* baseline: raw ``httpx2.AsyncClient`` GETs of exactly the same URLs (the same page URLs
  with their cursors, the same document URLs, same concurrency), bodies read, nothing parsed.

Prints the medians of each phase and of the whole, and the ratio project / baseline
(target: <= 1.3).

    .venv/bin/python bench/bench_meg_client.py [--entries 20000] [--repeat 5] [--concurrency 8]
        [--server process|thread]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx2
from sandbox_process import Server, consent, sandbox_process

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.domain.entry import Document
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.sandbox import start_sandbox

PAGE = 500  # the contract's maximum, MegClient's default


async def project_run(
    meg: MegClient, concurrency: int
) -> tuple[float, float, list[str], list[tuple[Document, str]]]:
    """Feed then documents through MegClient; returns timings and the URLs it used."""
    page_urls: list[str] = []
    docs: list[tuple[Document, str]] = []
    entries = 0
    start = time.perf_counter()
    cursor: str | None = None
    async for page in meg.iter_feed(limit=PAGE):
        params = f"limit={PAGE}" + (f"&cursor={cursor}" if cursor else "")
        page_urls.append(f"{meg.base_url}/companies/{meg.siret}/entries?{params}")
        cursor = page.next_cursor
        entries += len(page.entries)
        docs += [(d, page.download_urls[d.source_id]) for e in page.entries for d in e.documents]
    feed = time.perf_counter() - start
    gate = asyncio.Semaphore(concurrency)

    async def one(doc: Document, url: str) -> int:
        async with gate:
            return (await meg.download_document(doc, url=url)).size

    start = time.perf_counter()
    sizes = await asyncio.gather(*(one(d, u) for d, u in docs))
    documents = time.perf_counter() - start
    assert entries >= 20_000 or entries > 0, entries
    assert sum(sizes) > 0
    return feed, documents, page_urls, docs


async def baseline_run(
    http: httpx2.AsyncClient, page_urls: list[str], doc_urls: list[str], concurrency: int
) -> tuple[float, float]:
    start = time.perf_counter()
    for url in page_urls:
        response = await http.get(url)
        response.raise_for_status()
    feed = time.perf_counter() - start
    gate = asyncio.Semaphore(concurrency)

    async def one(url: str) -> int:
        async with gate:
            response = await http.get(url)
            response.raise_for_status()
            return len(response.content)

    start = time.perf_counter()
    await asyncio.gather(*(one(u) for u in doc_urls))
    return feed, time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextlib.asynccontextmanager
async def serve(kind: str, entries: int) -> AsyncIterator[tuple[Server, Any]]:
    """The sandbox in a subprocess (default) or a thread; yields it and its in-process handle."""
    if kind == "thread":
        handle = await asyncio.to_thread(start_sandbox, scale=entries, rate_limit=None)
        try:
            big = max(handle.state.meg.companies.values(), key=lambda c: len(c.feed))
            yield (
                Server(handle.meg_url, handle.inqom_url, big.siret, big.name, len(big.feed)),
                handle,
            )
        finally:
            await asyncio.to_thread(handle.stop)
        return
    async with sandbox_process(entries) as info:
        yield Server.biggest(info), None


async def main(entries: int, repeat: int, concurrency: int, server: str) -> int:
    t0 = time.perf_counter()
    async with serve(server, entries) as (big, _handle):
        print(
            f"sandbox ({server}): {big.name}, {big.entries} validated entries "
            f"(started in {time.perf_counter() - t0:.1f} s)"
        )
        store = CredentialStore("bench", backend=EphemeralKeyring())
        ep = Endpoints.from_sandbox(big)
        flow = await setup.authorize("meg", big.siret, open_browser=None, endpoints=ep, store=store)
        await asyncio.gather(consent(flow.url), flow.wait())
        async with MegClient.open(ep, big.siret, store) as meg:
            token = await meg.caller.auth.access_token()
            headers = {"Authorization": f"Bearer {token}"}
            limits = httpx2.Limits(max_connections=10, max_keepalive_connections=10)
            async with httpx2.AsyncClient(
                headers=headers, timeout=30, limits=limits, trust_env=False
            ) as http:
                t0 = time.perf_counter()
                _, _, page_urls, docs = await project_run(meg, concurrency)  # warm-up
                doc_urls = [u for _, u in docs]
                print(
                    f"warm-up (renders {len(docs)} pièces once): "
                    f"{time.perf_counter() - t0:.1f} s; {len(page_urls)} pages of {PAGE}"
                )
                proj: dict[str, list[float]] = {"feed": [], "docs": [], "total": [], "cpu": []}
                base: dict[str, list[float]] = {"feed": [], "docs": [], "total": [], "cpu": []}
                for i in range(repeat):
                    order = ("project", "baseline") if i % 2 == 0 else ("baseline", "project")
                    for which in order:
                        cpu = time.process_time()
                        if which == "project":
                            f, d, _, _ = await project_run(meg, concurrency)
                            target = proj
                        else:
                            f, d = await baseline_run(http, page_urls, doc_urls, concurrency)
                            target = base
                        target["cpu"].append(time.process_time() - cpu)
                        target["feed"].append(f)
                        target["docs"].append(d)
                        target["total"].append(f + d)
        cpu_p, cpu_b = median(proj["cpu"]), median(base["cpu"])
        print(
            f"client process CPU per run (s): project {cpu_p:.2f}, baseline {cpu_b:.2f} "
            + ("(the sandbox runs elsewhere)" if server == "process" else "(sandbox included)")
        )
        print(f"{'phase':<10}{'project (s)':>14}{'baseline (s)':>14}{'ratio':>8}")
        ratio = 0.0
        for phase in ("feed", "docs", "total"):
            p, b = median(proj[phase]), median(base[phase])
            ratio = p / b
            print(f"{phase:<10}{p:>14.3f}{b:>14.3f}{ratio:>8.2f}")
        print(
            f"medians of {repeat} runs; target ratio (total) <= 1.3: "
            f"{'OK' if ratio <= 1.3 else 'MISSED'}"
        )
    return 0


def parse(argv: list[str]) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--page", type=int, default=PAGE, help="entries per feed page (max 500)")
    parser.add_argument("--server", choices=("process", "thread"), default="process")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse(sys.argv[1:])
    PAGE = args.page
    sys.exit(asyncio.run(main(args.entries, args.repeat, args.concurrency, args.server)))
