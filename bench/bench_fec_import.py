"""Benchmark: FEC import of a generated 1,000,000-line file into the ledger.

Prints the median of our ``import_fec`` (check pass + import pass into ``entry`` and
``entry_line``), the median of the baseline measured in the same run, their ratio (target:
at most 2) and our peak RSS (target: under 500 MB). Each trial runs in a fresh process on a
fresh database, so memory and caches do not leak from one to the next.

Baseline ("csv module parse + raw sqlite3 executemany in one transaction" of the same rows):
``csv.reader`` parses the file; each row becomes an ``entry_line`` row (amounts to integer
cents, dates to ISO) and each change of journal + EcritureNum an ``entry`` row, inserted with
``executemany`` into the same schema (same tables, same indexes) in one transaction — what a
minimal importer writing the same ledger does, without any check. For information the script
also times the bare variant: the 18 raw text fields into a table without index.

    python bench/bench_fec_import.py [--lines N] [--runs R]
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import Stopwatch, Trial, Trials, run_child
from fec_generate import generate_fec

SIRET = "73282932000074"
NAME = "732829320FEC20251231.txt"


def child_ours(path: Path, data: Path) -> Trial:
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.fec.importer import import_fec
    from meg_inqom_desktop.store.paths import resolve_data_paths

    open_database(resolve_data_paths(data).ensure())
    watch = Stopwatch()
    result = import_fec(path, SIRET, force=True)
    watch.stop()
    close_database()
    assert result.lines_new > 0 and result.lines_rejected == 0, result.as_dict()
    return watch.trial(result.lines_new)


def _open_schema(data: Path) -> sqlite3.Connection:
    """A fresh ledger with the app's schema, then a raw sqlite3 connection on it."""
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.db import SQLITE_PRAGMAS
    from meg_inqom_desktop.store.paths import resolve_data_paths

    paths = resolve_data_paths(data).ensure()
    db = open_database(paths)
    db.execute_sql(
        "INSERT INTO dossier (siret, name, created_at, local_only, inqom_folder_name,"
        " meg_company_id, active) VALUES (?, '', '2025-01-01T00:00:00+00:00', 1, '', '', 1)",
        (SIRET,),
    )
    close_database()
    conn = sqlite3.connect(paths.database, isolation_level=None)
    for key, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {key} = {value}")
    return conn


def _cents(text: str) -> int:
    return int(text.replace(",", "")) if text else 0


def _iso(text: str) -> str | None:
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else None


ENTRY_SQL = (
    'INSERT INTO "entry" (id, dossier_id, provenance, source_id, journal_code, journal_label,'
    " number, date, piece_ref, piece_date, label, validation_date, total_cents, fingerprint,"
    " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
LINE_SQL = (
    'INSERT INTO "entry_line" (entry_id, line_no, dossier_id, provenance, journal_code, date,'
    " piece_ref, account, account_label, aux_account, aux_label, label, debit_cents,"
    " credit_cents, lettering, lettering_date, currency_amount_cents, currency, source_id)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def child_baseline(path: Path, data: Path) -> Trial:
    conn = _open_schema(data)
    watch = Stopwatch()
    entries: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    key = None
    entry_id = line_no = 0
    count = 0
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        conn.execute("BEGIN")
        for r in rows:
            day = _iso(r[3])
            if (r[0], r[2]) != key:
                key = (r[0], r[2])
                entry_id += 1
                line_no = 0
                entries.append(
                    (
                        entry_id,
                        1,
                        "fec",
                        f"{r[0]}:{r[2]}",
                        r[0],
                        r[1],
                        r[2],
                        day,
                        r[8],
                        _iso(r[9]),
                        r[10],
                        _iso(r[15]),
                        0,
                        "",
                        "2025-01-01",
                    )
                )
            line_no += 1
            lines.append(
                (
                    entry_id,
                    line_no,
                    1,
                    "fec",
                    r[0],
                    day,
                    r[8],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[10],
                    _cents(r[11]),
                    _cents(r[12]),
                    r[13],
                    _iso(r[14]),
                    _cents(r[16]) if r[16] else None,
                    r[17],
                    "",
                )
            )
            if len(lines) >= 5000:
                conn.executemany(ENTRY_SQL, entries)
                conn.executemany(LINE_SQL, lines)
                count += len(lines)
                entries.clear()
                lines.clear()
        conn.executemany(ENTRY_SQL, entries)
        conn.executemany(LINE_SQL, lines)
        count += len(lines)
        conn.execute("COMMIT")
    watch.stop()
    conn.close()
    return watch.trial(count)


def child_bare(path: Path, data: Path) -> Trial:
    data.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data / "bare.sqlite3", isolation_level=None)
    for pragma in ("journal_mode = wal", "synchronous = normal", "cache_size = -32000"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE fec_line (" + ", ".join(f"c{i} TEXT" for i in range(18)) + ")")
    watch = Stopwatch()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO fec_line VALUES ({','.join('?' * 18)})", rows)
        conn.execute("COMMIT")
    watch.stop()
    return watch.trial(0)


CHILDREN = {"ours": child_ours, "baseline": child_baseline, "bare": child_bare}


def trial(kind: str, path: Path, folder: Path) -> Trial:
    """One ``kind`` of import in a fresh process, on a fresh data folder under ``folder``."""
    return run_child(__file__, kind, str(path), tempfile.mkdtemp(dir=folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "DATA"))
    args = parser.parse_args()
    if args.child:
        kind, file, data = args.child
        print(json.dumps(CHILDREN[kind](Path(file), Path(data))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = generate_fec(folder / NAME, args.lines)
        print(f"fichier généré : {args.lines:,} lignes, {path.stat().st_size / 1e6:.0f} Mo")
        trials = Trials(CHILDREN).run(args.runs, lambda kind: trial(kind, path, folder))
        for kind, title in (
            ("ours", "import FEC (nous)"),
            ("baseline", "référence csv+executemany"),
        ):
            cpu = trials.median(kind, "cpu")
            print(trials.median_line(kind, title, 26, 2, f"CPU {cpu:.2f} s"))
        print(f"ratio (temps écoulé)      : {trials.ratio():.2f} (objectif <= 2)")
        print(f"ratio (temps CPU)         : {trials.ratio('cpu'):.2f}")
        print(f"pic mémoire (RSS)         : {trials.peak('ours'):.0f} Mo (objectif < 500)")
        print(
            f"info, table nue sans index: médiane {trials.median('bare'):.2f} s, "
            f"ratio {trials.ratio(base='bare'):.2f}"
        )


if __name__ == "__main__":
    main()
