"""Benchmark: 8 workstations reading the firm's PostgreSQL ledger while a sync writes to it.

Starts a durable throwaway PostgreSQL 16 (``bench/pg_bench.py``: fsync on, default settings,
loopback: the server, the readers and the writer share the machine's cores), seeds one dossier
with about ``--lines`` lines through ``upsert_entries``, ``VACUUM ANALYZE``, then runs rounds
of two phases of ``--seconds`` each, alternately (so load changes hit both alike):

* without the writer: ``--readers`` processes, each an app (``Connector`` on the firm
  database, its own connection) doing what an accountant does in the Journal and the Grand
  livre, back to back (``--think-ms`` between actions, 0 by default: the worst case): a filter
  change (provenance, journal, period, account prefix or a common word, at random) with its
  first page, then the totals of that filter (as the GUI computes them, in the background),
  three next pages by keyset, then a Grand livre first page of an account of the dossier for a
  year, with its opening balance, and its next page;
* with the writer: the same readers, plus one process writing like a sync into the same
  dossier: for each page of ``--page-entries`` entries, their pièces (one entry in four, as
  the sandbox's big company; 5,273 random bytes each, the sandbox's mean pièce size) stored
  by ``ContentStore.add`` (the firm database's ``piece_data``), then the entries with their
  lines by ``upsert_entries`` with the feed's cursor, one transaction, continuously.

Prints, per phase, the page times of the readers (every first page, next page and Grand
livre page; totals apart): count, median, p99 and worst; and the writer's pages per second
and its page transaction times. The baseline of the "with" phase is the "without" phase
measured in the same run. The readers' words are common ones (a rare word is a scan of the
whole dossier: see ``bench_ledger_postgres.py``).

    .venv/bin/python bench/bench_firm_readers.py [--lines 1000000] [--readers 8]
        [--seconds 30] [--rounds 2] [--think-ms 0] [--page-entries 200]
"""

from __future__ import annotations

import argparse
import calendar
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pg_bench

PAGE_KINDS = ("filter change", "next page", "grand livre")
WORDS = ("salaires", "règlement", "fournisseur", "vente")
PREFIXES = ("411", "401", "512", "6", "7", "445")
PIECE_BYTES = 5_273  # mean size of the sandbox's pièces (sandbox/pdfs.py, seed 7)


def reader(
    url: str, dossier: int, seed: int, think: float, start: Any, stop: Any, out: Any
) -> None:
    """One workstation: GUI actions until ``stop``; puts [(kind, ms), ...] on ``out``."""
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.store.ledger_queries import LedgerFilter
    from meg_inqom_desktop.store.paths import resolve_data_paths

    rng = random.Random(seed)
    connector = Connector(resolve_data_paths(Path(tempfile.mkdtemp())), database=url).open()
    everything = LedgerFilter(dossier)
    accounts = connector.accounts(everything)
    times: list[tuple[str, float]] = []

    def timed(kind: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        result = call(*args, **kwargs)
        times.append((kind, (time.perf_counter() - t0) * 1000))
        if think:
            time.sleep(think)  # the person reading the page: the pause is what is simulated
        return result

    def a_filter() -> LedgerFilter:
        kind = rng.randrange(5)
        if kind == 0:
            return replace(everything, provenances=(rng.choice(("meg", "fec")),))
        if kind == 1:
            return replace(everything, journals=(rng.choice(("VT", "AC", "BQ", "OD")),))
        if kind == 2:
            year, quarter = rng.choice((2024, 2025, 2026)), rng.randrange(4)
            first = date(year, 3 * quarter + 1, 1)
            last = date(year, 3 * quarter + 3, calendar.monthrange(year, 3 * quarter + 3)[1])
            return replace(everything, date_from=first, date_to=last)
        if kind == 3:
            return replace(everything, account_prefix=rng.choice(PREFIXES))
        return replace(everything, text=rng.choice(WORDS))

    start.wait()
    while not stop.is_set():
        flt = a_filter()
        page = timed("filter change", connector.journal_page, flt)
        timed("totals", connector.totals, flt)
        for _ in range(3):
            if page:
                page = timed("next page", connector.journal_page, flt, after=page[-1].key)
        year = rng.choice((2024, 2025, 2026))
        gl_filter = replace(everything, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
        account = rng.choice(accounts)
        gl = timed("grand livre", connector.grand_livre_page, gl_filter, account)
        if gl.lines:
            after, opening = gl.lines[-1].key, gl.closing
            gl_page = connector.grand_livre_page
            timed("grand livre", gl_page, gl_filter, account, after, opening=opening)
    connector.close()
    out.put(times)


def writer(url: str, dossier: int, entries: int, start: Any, stop: Any, out: Any) -> None:
    """A sync: pages of ``entries`` entries, each page's pièces stored first (one entry in
    four has one, of the sandbox's mean size) then the page in one transaction with the
    cursor, until ``stop``; puts ([page ms, ...], lines written, pièce bytes) on ``out``."""
    import asyncio
    import hashlib
    import os

    from meg_inqom_desktop.domain.entry import Document
    from meg_inqom_desktop.domain.provenance import MEG
    from meg_inqom_desktop.store.content_store import ContentStore, Piece
    from meg_inqom_desktop.store.database import open_database
    from meg_inqom_desktop.store.ledger_writes import upsert_entries
    from meg_inqom_desktop.store.paths import resolve_data_paths

    paths = resolve_data_paths(Path(tempfile.mkdtemp())).ensure()
    open_database(paths, url=url)
    store = ContentStore(paths.documents)
    tag = time.time_ns()  # source ids of this phase's entries: all new
    stream = pg_bench.store_bench._entries(10**9, seed=tag)
    times: list[float] = []
    lines = stored_bytes = 0
    page_no = 0
    start.wait()
    while not stop.is_set():
        page_no += 1
        page = []
        pieces = []
        for i, (_code, entry) in zip(range(entries), stream, strict=False):
            entry = entry._replace(source_id=f"w{tag}-{page_no}-{i}")
            if i % 4 == 0:
                data = os.urandom(PIECE_BYTES)  # a PDF compresses about as little
                digest = hashlib.sha256(data).hexdigest()
                pieces.append(Piece(data, digest))
                doc = Document(f"d{i}", "facture.pdf", size=len(data), sha256=digest)
                entry = entry._replace(documents=(doc,))
            page.append(entry)
        t0 = time.perf_counter()
        asyncio.run(store.add(pieces))
        result = upsert_entries(dossier, page, provenance=MEG, cursor=("meg", f"p{page_no}"))
        times.append((time.perf_counter() - t0) * 1000)
        lines += result.new_lines
        stored_bytes += sum(len(p.data) for p in pieces)
    out.put((times, lines, stored_bytes))


def phase(args: argparse.Namespace, url: str, dossier: int, with_writer: bool) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    start, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(
            target=reader,
            args=(url, dossier, n + time.time_ns(), args.think_ms / 1000, start, stop, out),
        )
        for n in range(args.readers)
    ]
    if with_writer:
        procs.append(
            ctx.Process(target=writer, args=(url, dossier, args.page_entries, start, stop, out))
        )
    for p in procs:
        p.start()
    time.sleep(3)  # let the processes import and connect: their start-up is not measured
    start.set()
    time.sleep(args.seconds)  # the phase's duration is what is set
    stop.set()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    pages: list[float] = []
    by_kind: dict[str, list[float]] = {}
    writes: list[float] = []
    lines = piece_bytes = 0
    for item in results:
        if isinstance(item, tuple):
            writes, lines, piece_bytes = item
            continue
        for kind, ms in item:
            by_kind.setdefault(kind, []).append(ms)
            if kind in PAGE_KINDS:
                pages.append(ms)
    return {
        "pages": pages,
        "by_kind": by_kind,
        "writes": writes,
        "lines": lines,
        "piece_bytes": piece_bytes,
    }


def _p99(values: list[float]) -> float:
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def _line(name: str, values: list[float]) -> str:
    return (
        f"{name:<28} {len(values):>7} {statistics.median(values):>9.1f} {_p99(values):>9.1f}"
        f" {max(values):>9.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--think-ms", type=float, default=0)
    parser.add_argument("--page-entries", type=int, default=200)
    args = parser.parse_args()
    print(f"machine: {pg_bench.machine()}")
    cluster = pg_bench.start_cluster()
    try:
        return run(args, cluster)
    finally:
        cluster.stop()


def run(args: argparse.Namespace, cluster: Any) -> int:
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.models import DossierRow
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.store.postgres import driver

    url = pg_bench.password_url(cluster, cluster.new_firm_database())
    open_database(resolve_data_paths(Path(tempfile.mkdtemp())), url=url)
    dossier = int(DossierRow.create(siret=pg_bench.SIRET, name="Bench SA").id)
    spent, written = pg_bench.seed(dossier, args.lines)
    close_database()
    print(f"seeded {written:,} lines through upsert_entries ({written / spent:,.0f} lines/s)")
    with driver().connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    merged: dict[bool, dict[str, Any]] = {
        w: {"pages": [], "by_kind": {}, "writes": [], "lines": 0, "piece_bytes": 0}
        for w in (False, True)
    }
    for n in range(args.rounds):
        for with_writer in (False, True):
            got = phase(args, url, dossier, with_writer)
            into = merged[with_writer]
            into["pages"] += got["pages"]
            into["writes"] += got["writes"]
            into["lines"] += got["lines"]
            into["piece_bytes"] += got["piece_bytes"]
            for kind, values in got["by_kind"].items():
                into["by_kind"].setdefault(kind, []).extend(values)
            label = "with the writer" if with_writer else "without"
            print(f"  round {n + 1}, {label}: {len(got['pages'])} pages", file=sys.stderr)
    print(
        f"\n{args.readers} readers, think time {args.think_ms:g} ms, {args.rounds} x "
        f"{args.seconds:g} s per phase; times in ms"
    )
    print(f"{'':<28} {'count':>7} {'median':>9} {'p99':>9} {'worst':>9}")
    for with_writer in (False, True):
        data = merged[with_writer]
        print("with the writer:" if with_writer else "without the writer:")
        print(_line("  reader pages (all)", data["pages"]))
        for kind in (*PAGE_KINDS, "totals"):
            if data["by_kind"].get(kind):
                print(_line(f"    {kind}", data["by_kind"][kind]))
        if data["writes"]:
            seconds = args.rounds * args.seconds
            print(_line("  writer page transactions", data["writes"]))
            print(
                f"  writer: {len(data['writes']) / seconds:.1f} pages/s of {args.page_entries}"
                f" entries, {data['lines'] / seconds:,.0f} lines/s,"
                f" pièces {data['piece_bytes'] / seconds / 1e6:.2f} MB/s"
            )
    print(f"machine after the run: {pg_bench.machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
