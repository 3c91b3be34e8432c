"""Benchmark: FEC import of a generated 1,000,000-line file into PostgreSQL vs ``COPY`` of the
same rows into the same tables.

Starts a durable throwaway PostgreSQL 16 (``bench/pg_bench.py``: fsync on, default settings,
loopback); each trial runs in a fresh process on a fresh firm database (schema of the app,
one dossier), ours and the baseline alternately, so load changes hit both alike.

* ours: ``store.fec.importer.import_fec`` (check pass and import pass, entries stored by the
  ledger's one writer ``upsert_entries`` in batches, one transaction);
* baseline ("csv module parse + COPY" of the same rows): ``csv.reader`` parses the file; each
  row becomes an ``entry_line`` row (amounts to integer cents, dates to ISO) and each change of
  journal + EcritureNum an ``entry`` row, written with psycopg's ``COPY ... FROM STDIN`` into
  the same tables (same indexes) in one transaction: what a minimal loader writing the same
  ledger does, without any check. The same as ``bench/bench_fec_import.py``'s SQLite baseline
  with ``COPY`` for ``executemany``.

Prints medians, the ratio (target: at most 3), CPU time of the client process and its peak
RSS, the WAL our import wrote and the database's size after it (what a firm's server needs).

    .venv/bin/python bench/bench_fec_import_postgres.py [--lines 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pg_bench
from bench_common import Stopwatch, Trial, Trials, run_child
from bench_fec_import import NAME, SIRET, _cents, _iso
from fec_generate import generate_fec

_LINE_COLUMNS = (
    "entry_id, line_no, dossier_id, provenance, journal_code, date, piece_ref, account,"
    " account_label, aux_account, aux_label, label, debit_cents, credit_cents, lettering,"
    " lettering_date, currency_amount_cents, currency, source_id"
)
BATCH_LINES = 5_000  # as the SQLite baseline and the importer
_ENTRY_COLUMNS = (
    "id, dossier_id, provenance, source_id, journal_code, journal_label, number, date,"
    " piece_ref, piece_date, label, validation_date, total_cents, fingerprint, created_at"
)


def _open(url: str) -> int:
    """The app's schema on the database at ``url`` and the dossier's id (DB left closed)."""
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.dossiers import get_or_create_dossier
    from meg_inqom_desktop.store.paths import resolve_data_paths

    open_database(resolve_data_paths(Path(tempfile.mkdtemp())), url=url)
    dossier_id = get_or_create_dossier(SIRET)[0].id
    close_database()
    return int(dossier_id)


def child_ours(path: Path, url: str) -> Trial:
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.fec.importer import import_fec
    from meg_inqom_desktop.store.paths import resolve_data_paths

    db = open_database(resolve_data_paths(Path(tempfile.mkdtemp())), url=url)
    wal = db.execute_sql("SELECT pg_current_wal_lsn()").fetchone()[0]
    watch = Stopwatch()
    result = import_fec(path, SIRET, force=True)
    watch.stop()
    wal_bytes = db.execute_sql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", (wal,))
    size = db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]
    close_database()
    assert result.lines_new > 0 and result.lines_rejected == 0, result.as_dict()
    return watch.trial(
        result.lines_new, wal_mb=float(wal_bytes.fetchone()[0]) / 1e6, db_mb=size / 1e6
    )


def child_baseline(path: Path, url: str) -> Trial:
    from meg_inqom_desktop.store.postgres import driver

    dossier = _open(url)
    conn = driver().connect(url)
    watch = Stopwatch()
    count = 0
    key = None
    entry_id = line_no = 0
    entries: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []

    def flush(cur: Any) -> None:  # entries first: the lines refer to them
        for table, columns, rows in (("entry", _ENTRY_COLUMNS, entries), ("entry_line",
                                     _LINE_COLUMNS, lines)):  # fmt: skip
            with cur.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            rows.clear()

    with conn.transaction(), conn.cursor() as cur, path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        for r in rows:
            day = _iso(r[3])
            if (r[0], r[2]) != key:
                key = (r[0], r[2])
                entry_id += 1
                line_no = 0
                entries.append(
                    (entry_id, dossier, "fec", f"{r[0]}:{r[2]}", r[0], r[1], r[2], day, r[8],
                     _iso(r[9]), r[10], _iso(r[15]), 0, "", "2025-01-01")
                )  # fmt: skip
            line_no += 1
            lines.append(
                (entry_id, line_no, dossier, "fec", r[0], day, r[8], r[4], r[5], r[6], r[7],
                 r[10], _cents(r[11]), _cents(r[12]), r[13], _iso(r[14]),
                 _cents(r[16]) if r[16] else None, r[17], "")
            )  # fmt: skip
            count += 1
            if len(lines) >= BATCH_LINES:
                flush(cur)
        flush(cur)
    watch.stop()
    conn.close()
    return watch.trial(count)


CHILDREN = {"ours": child_ours, "baseline": child_baseline}


def trial(kind: str, path: Path, cluster: Any) -> Trial:
    """One ``kind`` of import in a fresh process, into a fresh firm database of ``cluster``."""
    url = pg_bench.password_url(cluster, cluster.new_firm_database())
    done = run_child(__file__, kind, str(path), url)
    print(f"  {kind}: {done['seconds']:.1f} s", file=sys.stderr)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "URL"))
    args = parser.parse_args()
    if args.child:
        kind, file, url = args.child
        print(json.dumps(CHILDREN[kind](Path(file), url)))
        return
    print(f"machine: {pg_bench.machine()}")
    cluster = pg_bench.start_cluster()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = generate_fec(Path(tmp) / NAME, args.lines)
            print(f"fichier généré : {args.lines:,} lignes, {path.stat().st_size / 1e6:.0f} Mo")
            trials = Trials(CHILDREN).run(args.runs, lambda kind: trial(kind, path, cluster))
    finally:
        cluster.stop()
    lines = trials.by_kind["ours"][0]["lines"]
    for kind, title in (("ours", "import FEC (nous)"), ("baseline", "référence csv + COPY")):
        rate = f"{lines / trials.median(kind):,.0f} lignes/s"
        cpu = f"CPU client {trials.median(kind, 'cpu'):.1f} s"
        print(trials.median_line(kind, title, 22, 1, rate, cpu))
    print(f"ratio (temps écoulé)  : {trials.ratio():.2f} (objectif <= 3)")
    print(f"pic mémoire (RSS)     : {trials.peak('ours'):.0f} Mo")
    wal, size = trials.median("ours", "wal_mb"), trials.median("ours", "db_mb")
    print(f"WAL écrit (nous)      : {wal:,.0f} Mo ; taille de la base après : {size:,.0f} Mo")
    print(f"machine after the run: {pg_bench.machine()}")


if __name__ == "__main__":
    main()
