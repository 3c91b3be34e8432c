"""Benchmark: Journal and Grand livre pages on a 1,000,000-line ledger vs the same raw SQL.

Builds (once, cached under /tmp) a store of about 1,000,000 lines through the project's own
``upsert_entries``, then measures, each against a baseline of equivalent raw SQL through the
``sqlite3`` module on a separate connection (rows fetched as tuples, nothing built):

* a Journal page of 200 lines, provenance + period filter, deep inside the period;
* a Grand livre page of 200 lines of one big account, deep inside it, with its running
  balance (the opening balance summed by SQL, as a model jumping there would need);
* the first Journal page, the last Journal page ("before" paging) and a row count.

Targets (issue 2 point 8): ratio <= 2 and < 50 ms each for the two first.

    .venv/bin/python bench/bench_ledger_queries.py [--lines 1000000] [--rebuild] [--repeat 30]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench_common import alternate_medians_ms

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import FEC_IMPORT, MEG
from meg_inqom_desktop.store import ledger_queries as q
from meg_inqom_desktop.store import migrations
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.store.schema_v1 import V1_DDL

CACHE = Path("/tmp/meg-inqom-bench/ledger-queries")
SIRET = "73282932000074"
BANK = "512000"
START = date(2024, 1, 1)
DAYS = 3 * 365

_CHARGES = [f"6{n:05d}" for n in range(60, 260, 2)]
_PRODUCTS = [f"70{n:04d}" for n in range(60, 120, 3)]
_CUSTOMERS = [f"411{n:03d}" for n in range(150)]
_SUPPLIERS = [f"401{n:03d}" for n in range(150)]


def _entries(n_lines: int, seed: int = 7) -> Iterator[tuple[str, Entry]]:
    """(provenance code, entry) until about ``n_lines`` lines, realistic spread of accounts."""
    rng = random.Random(seed)
    made = 0
    i = 0
    while made < n_lines:
        i += 1
        day = START + timedelta(days=rng.randrange(DAYS))
        kind = rng.random()
        amount = Decimal(rng.randrange(100, 500_000)).scaleb(-2)
        vat = (amount * Decimal("0.2")).quantize(Decimal("0.01"))
        if kind < 0.35:  # sale
            journal, lines = (
                "VT",
                [
                    EntryLine(rng.choice(_CUSTOMERS), "Facture client", debit=amount + vat),
                    EntryLine(rng.choice(_PRODUCTS), "Vente", credit=amount),
                    EntryLine("445710", "TVA collectée", credit=vat),
                ],
            )
        elif kind < 0.70:  # purchase
            journal, lines = (
                "AC",
                [
                    EntryLine(rng.choice(_CHARGES), "Achat", debit=amount),
                    EntryLine("445660", "TVA déductible", debit=vat),
                    EntryLine(rng.choice(_SUPPLIERS), "Facture fournisseur", credit=amount + vat),
                ],
            )
        elif kind < 0.95:  # bank
            third = rng.choice(_CUSTOMERS + _SUPPLIERS)
            journal = "BQ"
            if third.startswith("411"):
                lines = [
                    EntryLine(BANK, "Encaissement", debit=amount),
                    EntryLine(third, "Règlement client", credit=amount),
                ]
            else:
                lines = [
                    EntryLine(third, "Règlement fournisseur", debit=amount),
                    EntryLine(BANK, "Décaissement", credit=amount),
                ]
        else:
            journal, lines = (
                "OD",
                [
                    EntryLine("641000", "Salaires", debit=amount),
                    EntryLine("421000", "Net à payer", credit=amount),
                ],
            )
        provenance = MEG.code if rng.random() < 0.6 else FEC_IMPORT.code
        made += len(lines)
        yield (
            provenance,
            Entry(
                source_id=f"s{i}",
                journal=Journal(journal),
                date=day,
                piece_ref=f"P{i:07d}",
                label=lines[0].label,
                number=str(i),
                lines=tuple(lines),
            ),
        )


def build(data_dir: Path, n_lines: int) -> float:
    """Fill a fresh store; returns seconds spent in upsert_entries."""
    shutil.rmtree(data_dir, ignore_errors=True)
    paths = resolve_data_paths(data_dir)
    open_database(paths)
    dossier = DossierRow.create(siret=SIRET, name="Bench SA").id
    spent = 0.0
    batch: dict[str, list[Entry]] = {MEG.code: [], FEC_IMPORT.code: []}
    done = 0

    def flush() -> float:
        t0 = time.perf_counter()
        for code, items in batch.items():
            if items:
                upsert_entries(dossier, items, provenance=code)
                items.clear()
        return time.perf_counter() - t0

    for code, entry in _entries(n_lines):
        batch[code].append(entry)
        done += len(entry.lines)
        if sum(map(len, batch.values())) >= 5000:
            spent += flush()
            print(f"\r  {done:,} lines", end="", file=sys.stderr)
    spent += flush()
    DB.execute_sql("ANALYZE")
    close_database()
    print(file=sys.stderr)
    return spent


def _schema_tag() -> str:
    """Short hash of the schema the store is built with (frozen DDL + migrations)."""
    text = "\n".join(V1_DDL) + f"\n{migrations.latest_version()}"
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args()
    data_dir = args.cache / f"{args.lines}-{_schema_tag()}"  # a schema change rebuilds
    paths = resolve_data_paths(data_dir)
    if args.rebuild or not paths.database.exists():
        print(f"building a {args.lines:,}-line store in {data_dir} ...", file=sys.stderr)
        t0 = time.perf_counter()
        spent = build(data_dir, args.lines)
        print(
            f"built in {time.perf_counter() - t0:.1f} s "
            f"(upsert_entries: {spent:.1f} s, {args.lines / spent:,.0f} lines/s)"
        )
    open_database(paths)
    dossier = DossierRow.get(DossierRow.siret == SIRET).id
    raw = sqlite3.connect(paths.database)
    raw.execute("PRAGMA cache_size=-32000")
    total = q.journal_totals(q.LedgerFilter(dossier)).count
    print(f"store: {total:,} lines")

    def key_at(where: str, params: tuple[object, ...], offset: int) -> q.LineKey:
        """A line's key at a row number (the benchmark's own set-up, not measured)."""
        day, entry_id, line_no = raw.execute(
            f"SELECT date, entry_id, line_no FROM entry_line WHERE {where}"
            " ORDER BY date, entry_id, line_no LIMIT 1 OFFSET ?",
            (*params, offset),
        ).fetchone()
        return q.LineKey(date.fromisoformat(day), entry_id, line_no)

    results: list[tuple[str, float, float, bool]] = []

    # Journal: provenance MEG, second quarter of 2025, a page deep inside the period
    jf = q.LedgerFilter(
        dossier, provenances=("meg",), date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)
    )
    n_period = q.journal_totals(jf).count
    period = "dossier_id = ? AND provenance = ? AND date >= ? AND date <= ?"
    deep = key_at(period, (dossier, "meg", "2025-04-01", "2025-06-30"), n_period // 2)
    page = q.journal_page(jf, after=deep)
    journal_sql = (
        "SELECT l.id, l.entry_id, l.line_no, l.date, l.provenance, l.journal_code, e.number,"
        " l.piece_ref, l.account, l.account_label, l.aux_account, l.aux_label, l.label,"
        " l.debit_cents, l.credit_cents, l.lettering FROM entry_line l"
        " JOIN entry e ON e.id = l.entry_id"
        " WHERE l.dossier_id = ? AND l.provenance = ? AND l.date <= ?"
        " AND (l.date, l.entry_id, l.line_no) > (?, ?, ?)"
        " ORDER BY l.date, l.entry_id, l.line_no LIMIT 200"
    )  # the key is past the period start: the best hand-written query bounds by it alone
    jparams = (dossier, "meg", "2025-06-30", *deep.params())
    base_rows = raw.execute(journal_sql, jparams).fetchall()
    assert [r[0] for r in base_rows] == [ln.id for ln in page], "same rows as the baseline"
    ours, base = alternate_medians_ms(
        lambda: q.journal_page(jf, after=deep),
        lambda: raw.execute(journal_sql, jparams).fetchall(),
        args.repeat,
    )
    results.append(("journal page (provenance + period, deep)", ours, base, True))

    # Grand livre: the bank account, a page in the middle, opening balance by SQL
    gf = q.LedgerFilter(dossier)
    n_bank = q.journal_totals(gf, account=BANK).count
    gkey = key_at("dossier_id = ? AND account = ?", (dossier, BANK), n_bank // 2)
    gpage = q.grand_livre_page(gf, BANK, after=gkey)
    gl_sql = (
        "SELECT l.id, l.entry_id, l.line_no, l.date, l.provenance, l.journal_code, e.number,"
        " l.piece_ref, l.account, l.account_label, l.aux_account, l.aux_label, l.label,"
        " l.debit_cents, l.credit_cents, l.lettering FROM entry_line l"
        " JOIN entry e ON e.id = l.entry_id WHERE l.dossier_id = ? AND l.account = ?"
        " AND (l.date, l.entry_id, l.line_no) > (?, ?, ?)"
        " ORDER BY l.date, l.entry_id, l.line_no LIMIT 200"
    )
    open_sql = (
        "SELECT SUM(debit_cents - credit_cents) FROM entry_line WHERE dossier_id = ?"
        " AND account = ? AND (date, entry_id, line_no) <= (?, ?, ?)"
    )
    gparams = (dossier, BANK, *gkey.params())

    def gl_baseline() -> None:
        raw.execute(open_sql, gparams).fetchone()
        raw.execute(gl_sql, gparams).fetchall()

    opening = raw.execute(open_sql, gparams).fetchone()[0]
    assert Decimal(opening).scaleb(-2) == gpage.opening
    ours, base = alternate_medians_ms(
        lambda: q.grand_livre_page(gf, BANK, after=gkey), gl_baseline, args.repeat
    )
    results.append((f"grand livre page ({BANK}, {n_bank:,} lines, middle)", ours, base, True))

    # Extras (no target): first page, last page, counts
    first_sql = journal_sql.replace(
        " AND (l.date, l.entry_id, l.line_no) > (?, ?, ?)", " AND l.date >= ?"
    )
    fparams = (dossier, "meg", "2025-06-30", "2025-04-01")
    ours, base = alternate_medians_ms(
        lambda: q.journal_page(jf), lambda: raw.execute(first_sql, fparams).fetchall(), args.repeat
    )
    results.append(("journal first page (provenance + period)", ours, base, False))
    totals_sql = (
        "SELECT SUM(debit_cents), SUM(credit_cents), COUNT(*) FROM entry_line"
        " WHERE dossier_id = ? AND provenance = ? AND date <= ? AND date >= ?"
    )
    ours, base = alternate_medians_ms(
        lambda: q.journal_totals(jf),
        lambda: raw.execute(totals_sql, fparams).fetchone(),
        args.repeat,
    )
    results.append((f"totals (provenance + period: {n_period:,})", ours, base, False))

    print(f"\n{'query':<52} {'ours ms':>9} {'raw ms':>9} {'ratio':>7}  target")
    ok = True
    for name, ours, base, targeted in results:
        ratio = ours / base if base else float("inf")
        verdict = ""
        if targeted:
            good = ratio <= 2 and ours < 50
            ok &= good
            verdict = "ok" if good else "MISSED (ratio <= 2, < 50 ms)"
        print(f"{name:<52} {ours:>9.2f} {base:>9.2f} {ratio:>7.2f}  {verdict}")
    raw.close()
    close_database()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
