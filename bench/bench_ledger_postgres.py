"""Benchmark: Journal, Grand livre and Balance on a 1,000,000-line dossier in PostgreSQL vs raw
psycopg running the same SQL.

Starts a durable throwaway PostgreSQL 16 (``bench/pg_bench.py``: fsync on, default settings,
loopback), seeds one dossier with about ``--lines`` lines through the project's writer
``upsert_entries`` (the SQLite store benchmark's generator and seeding), then ``VACUUM
ANALYZE`` (what autovacuum does after a big load; ``--no-analyze`` measures before it).

Each case is a call of the app's front door (``app.connector.Connector`` on the firm
database), as the GUI makes it: the Journal's first page, a first page after each kind of
filter change (provenance, journal, period, account prefix narrow and wide, text rare and
common), a deep page by keyset, a Grand livre first page with its opening balance and a
middle page, the accounts list, the totals of a filter, the Balance. The baseline is the
very statements that call ran (recorded from the ``DB`` proxy), with the same parameters,
run on a separate raw ``psycopg`` connection with the app's driver options (no server-side
prepared statements: ``store/postgres.py``), rows fetched as tuples, nothing built: the ratio
is the cost of the project's Python layer (peewee, Decimal amounts, row objects).
Medians over ``--repeat`` runs, alternating ours and baseline.

Targets (issue 13) for the pages: ratio <= 2 and < 50 ms. Totals and Balance aggregate every
line of the filter (the GUI computes them in a thread): printed without a target.
``EXPLAIN (ANALYZE, BUFFERS)`` of every statement of a case above 50 ms is printed after
the table (``--explain all`` for every case).

    .venv/bin/python bench/bench_ledger_postgres.py [--lines 1000000] [--repeat 20]
        [--no-analyze] [--explain all] [--other-lines 0] [--other-dossiers 9]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pg_bench
from bench_common import alternate_medians_ms
from pg_bench import captured

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.store import ledger_queries as q
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.store.postgres import CONNECT_OPTIONS, driver

BANK = pg_bench.store_bench.BANK
TARGET_MS = 50.0
TARGET_RATIO = 2.0


def _ids(result: Any) -> list[int] | None:
    """Line ids of a page result (None for totals and balances)."""
    if isinstance(result, q.GrandLivrePage):
        return [ln.id for ln in result.lines]
    if isinstance(result, list) and result and isinstance(result[0], q.LedgerLine):
        return [ln.id for ln in result]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-analyze", action="store_true")
    parser.add_argument("--other-lines", type=int, default=0)
    parser.add_argument("--other-dossiers", type=int, default=9)
    parser.add_argument("--explain", choices=("slow", "all"), default="slow")
    args = parser.parse_args()
    print(f"machine: {pg_bench.machine()}")
    cluster = pg_bench.start_cluster()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return run(args, cluster, Path(tmp))
    finally:
        cluster.stop()


def run(args: argparse.Namespace, cluster: Any, tmp: Path) -> int:
    url = pg_bench.password_url(cluster, cluster.new_firm_database())
    connector = Connector(resolve_data_paths(tmp / "data"), database=url).open()
    dossier = DossierRow.create(siret=pg_bench.SIRET, name="Bench SA").id
    others = [
        DossierRow.create(siret=f"{100_000_000 + n:09d}00012", name=f"Autre {n}").id
        for n in range(args.other_dossiers if args.other_lines else 0)
    ]
    t0 = time.perf_counter()
    spent, written = pg_bench.seed(dossier, args.lines, others=others, other_lines=args.other_lines)
    print(
        f"seeded {written:,} lines through upsert_entries in {time.perf_counter() - t0:.0f} s "
        f"(upsert_entries {spent:.0f} s: {written / spent:,.0f} lines/s)"
    )
    raw = driver().connect(url, autocommit=True, **CONNECT_OPTIONS)  # configured as the app's
    if not args.no_analyze:
        t0 = time.perf_counter()
        raw.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - t0:.1f} s")
    size = raw.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
    print(f"database size: {size[0] if size else '?'}")

    def key_at(where: str, params: tuple[Any, ...], offset: int) -> q.LineKey:
        """A line's key at a row number (the benchmark's set-up, not measured)."""
        row = raw.execute(
            f"SELECT date, entry_id, line_no FROM entry_line WHERE {where}"
            " ORDER BY date, entry_id, line_no LIMIT 1 OFFSET %s",
            (*params, offset),
        ).fetchone()
        assert row is not None
        return q.LineKey(row[0], row[1], row[2])

    everything = q.LedgerFilter(dossier)
    n_all = connector.totals(everything).count
    meg_q2 = q.LedgerFilter(
        dossier, provenances=("meg",), date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)
    )
    n_q2 = connector.totals(meg_q2).count
    middle = key_at("dossier_id = %s", (dossier,), n_all // 2)
    deep_q2 = key_at(
        "dossier_id = %s AND provenance = 'meg' AND date BETWEEN '2025-04-01' AND '2025-06-30'",
        (dossier,),
        n_q2 // 2,
    )
    year = q.LedgerFilter(dossier, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    n_bank = connector.totals(replace(everything, account_prefix=BANK)).count
    bank_middle = key_at("dossier_id = %s AND account = %s", (dossier, BANK), n_bank // 2)
    f = everything
    cases: list[tuple[str, Callable[[], Any], bool]] = [
        ("journal first page", lambda: connector.journal_page(f), True),
        (
            "filter: provenance Import FEC",
            lambda: connector.journal_page(replace(f, provenances=("fec",))),
            True,
        ),
        ("filter: journal BQ", lambda: connector.journal_page(replace(f, journals=("BQ",))), True),
        (
            "filter: provenances MEG + FEC, journals VT + AC",
            lambda: connector.journal_page(
                replace(f, provenances=("meg", "fec"), journals=("VT", "AC"))
            ),
            True,
        ),
        ("filter: period 2025-Q2 (MEG)", lambda: connector.journal_page(meg_q2), True),
        (
            "filter: account prefix 411050 (narrow)",
            lambda: connector.journal_page(replace(f, account_prefix="411050")),
            True,
        ),
        (
            "filter: account prefix 6 (wide)",
            lambda: connector.journal_page(replace(f, account_prefix="6")),
            True,
        ),
        (
            "filter: text « P0123456 » (rare)",
            lambda: connector.journal_page(replace(f, text="P0123456")),
            True,
        ),
        (
            "filter: text « salaires » (2 %)",
            lambda: connector.journal_page(replace(f, text="salaires")),
            True,
        ),
        (
            "filter: text « règlement » (common)",
            lambda: connector.journal_page(replace(f, text="règlement")),
            True,
        ),
        (
            "page N by keyset (middle of the dossier)",
            lambda: connector.journal_page(f, after=middle),
            True,
        ),
        (
            "page N by keyset (2025-Q2 MEG, middle)",
            lambda: connector.journal_page(meg_q2, after=deep_q2),
            True,
        ),
        ("accounts list", lambda: connector.accounts(f), True),
        (
            f"grand livre {BANK} 2025, first page + opening",
            lambda: connector.grand_livre_page(year, BANK),
            True,
        ),
        (
            f"grand livre {BANK} middle page, opening by SQL",
            lambda: q.grand_livre_page(f, BANK, after=bank_middle),
            True,
        ),
        (f"totals: everything ({n_all:,} lines)", lambda: connector.totals(f), False),
        (f"totals: 2025-Q2 MEG ({n_q2:,} lines)", lambda: connector.totals(meg_q2), False),
        ("balance: everything", lambda: connector.balance(f), False),
        ("balance: 2025", lambda: connector.balance(year), False),
    ]

    results: list[tuple[str, float, float, bool, list[tuple[str, tuple[Any, ...]]]]] = []
    for name, call, targeted in cases:
        with captured() as statements:
            result = call()
        ids = _ids(result)
        if ids is not None:  # the baseline reads the very rows the app shows
            sql, params = [s for s in statements if s[0].startswith("SELECT l.id,")][-1]
            base_ids = [r[0] for r in raw.execute(sql, params).fetchall()]
            assert base_ids == ids, f"{name}: baseline rows differ"

        def baseline(statements: list[tuple[str, tuple[Any, ...]]] = statements) -> None:
            for sql, params in statements:
                raw.execute(sql, params).fetchall()

        ours, base = alternate_medians_ms(call, baseline, args.repeat)
        results.append((name, ours, base, targeted, statements))
        print(f"  {name}: {ours:.2f} ms", file=sys.stderr)

    besides = f", {written - n_all:,} in {len(others)} other dossiers" if others else ""
    print(f"\n{n_all:,} lines in the dossier{besides}; medians of {args.repeat} runs")
    print(f"{'case':<50} {'ours ms':>9} {'raw ms':>9} {'ratio':>6} {'SQL':>4}  target")
    ok = True
    slow: list[tuple[str, list[tuple[str, tuple[Any, ...]]]]] = []
    for name, ours, base, targeted, statements in results:
        ratio = ours / base if base else float("inf")
        verdict = ""
        if targeted:
            good = ratio <= TARGET_RATIO and ours < TARGET_MS
            ok &= good
            verdict = "ok" if good else f"MISSED (ratio <= {TARGET_RATIO:g}, < {TARGET_MS:g} ms)"
        print(f"{name:<50} {ours:>9.2f} {base:>9.2f} {ratio:>6.2f} {len(statements):>4}  {verdict}")
        if args.explain == "all" or ours >= TARGET_MS:
            slow.append((name, statements))
    for name, statements in slow:
        print(f"\n--- {name}")
        for sql, params in statements:
            print(f"{sql}\n  params: {params}")
            for (line,) in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall():
                print(f"  {line}")
    print(f"\nmachine after the run: {pg_bench.machine()}")
    raw.close()
    connector.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
