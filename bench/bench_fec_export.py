"""Benchmark: FEC export of a dossier of 1,000,000 lines.

Imports a generated 1,000,000-line FEC once, then times, interleaved, our ``export_fec``
and the baseline "raw sqlite3 cursor into csv.writer": the same join of ``entry`` and
``entry_line`` in the same order, its raw values written by ``csv.writer`` (tab-separated),
without FEC formatting or numbering. Prints medians, ratio (target: at most 1.5) and CPU
times.

    python bench/bench_fec_export.py [--lines N] [--runs R]
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import Stopwatch, Trial, Trials
from fec_generate import generate_fec

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.fec.exporter import export_fec
from meg_inqom_desktop.store.fec.importer import import_fec
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"

BASELINE_SQL = """
SELECT e.journal_code, e.journal_label, e.number, l.date, l.account, l.account_label,
       l.aux_account, l.aux_label, l.piece_ref, e.piece_date, l.label, l.debit_cents,
       l.credit_cents, l.lettering, l.lettering_date, e.validation_date,
       l.currency_amount_cents, l.currency
FROM "entry" e JOIN "entry_line" l ON l.entry_id = e.id
WHERE e.dossier_id = ? AND e.date >= ? AND e.date <= ?
ORDER BY COALESCE(e.validation_date, e.date), e.date, e.id, l.line_no
"""


def baseline(db_path: Path, out: Path) -> int:
    conn = sqlite3.connect(db_path)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        cursor = conn.execute(BASELINE_SQL, (1, "2025-01-01", "2025-12-31"))
        while rows := cursor.fetchmany(5000):
            writer.writerows(rows)
            n += len(rows)
    conn.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = generate_fec(folder / "732829320FEC20251231.txt", args.lines)
        paths = resolve_data_paths(folder / "data").ensure()
        open_database(paths)
        start = time.perf_counter()
        imported = import_fec(source, SIRET, force=True)
        print(
            f"dossier préparé : {imported.lines_new:,} lignes importées en "
            f"{time.perf_counter() - start:.1f} s"
        )
        trials = Trials(("ours", "baseline"))

        def one(kind: str) -> Trial:
            i = len(trials.by_kind[kind])
            watch = Stopwatch()
            if kind == "ours":
                lines = export_fec(SIRET, 2025, folder / f"out{i}").lines
            else:
                lines = baseline(paths.database, folder / f"base{i}.txt")
            watch.stop()
            assert lines == imported.lines_new
            return watch.trial(lines)

        trials.run(args.runs, one)
        close_database()
        for kind, title in (("ours", "export FEC (nous)"), ("baseline", "référence curseur+csv")):
            print(trials.median_line(kind, title, 27, 2, f"CPU {trials.median(kind, 'cpu'):.2f} s"))
        print(f"ratio (temps écoulé)       : {trials.ratio():.2f} (objectif <= 1.5)")
        print(f"ratio (temps CPU)          : {trials.ratio('cpu'):.2f}")


if __name__ == "__main__":
    main()
