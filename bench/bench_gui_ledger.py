"""Benchmark: the Journal tab on a 1,000,000-line store (first page painted, provenance filter
change, resident memory), each against a baseline measured in the same run.

The store is built once (cached under /tmp, rebuilt when the schema changes) with the store
bench's generator (``bench/bench_ledger_queries.py``: the project's own ``upsert_entries``).

* first Journal page painted: a fresh ``LedgerView`` gets the dossier (filter choices read,
  first page of 200 lines read) and its table is painted. Baseline: the same 200 lines read
  with raw ``sqlite3`` into a bare list-backed table model shown by a ``QTableView``, painted.
* provenance filter change: "MEG" <-> "Import FEC" on that view, until painted. Baseline: the
  raw query with the provenance filter, model rebuilt, painted.
* resident memory (VmRSS) of a process showing the Journal after scrolling 10 pages, with the
  1,000,000-line store vs with an empty store (one dossier, no line): ratio.

Targets (issue 5): first page < 200 ms, filter change < 100 ms, RSS ratio <= 1.5.
Totals are computed in a worker thread by the app and are not part of these GUI-thread times.

    .venv/bin/python bench/bench_gui_ledger.py [--lines 1000000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ledger_queries as store_bench

CACHE = Path("/tmp/meg-inqom-bench/gui-ledger")
RAW_PAGE = (
    "SELECT date, journal_code, piece_ref, account, label, debit_cents, credit_cents, "
    "provenance FROM entry_line WHERE dossier_id = ? {extra} "
    "ORDER BY date, entry_id, line_no LIMIT 200"
)


def store_dir(lines: int) -> Path:
    data_dir = CACHE / f"{lines}-{store_bench._schema_tag()}"
    if not (data_dir / "ledger.sqlite3").exists():
        print(f"building a {lines:,}-line store in {data_dir} ...", file=sys.stderr)
        store_bench.build(data_dir, lines)
    return data_dir


def empty_dir() -> Path:
    from meg_inqom_desktop.store.database import close_database, open_database
    from meg_inqom_desktop.store.models import DossierRow
    from meg_inqom_desktop.store.paths import resolve_data_paths

    data_dir = CACHE / f"empty-{store_bench._schema_tag()}"
    if not (data_dir / "ledger.sqlite3").exists():
        open_database(resolve_data_paths(data_dir).ensure())
        DossierRow.create(siret=store_bench.SIRET, name="Bench SA")
        close_database()
    return data_dir


def _paint(app, view) -> None:  # type: ignore[no-untyped-def]
    view.viewport().repaint()
    app.processEvents()


def measure_times(data_dir: Path, repeat: int) -> None:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from meg_inqom_desktop.domain.money import format_cents
    from meg_inqom_desktop.store.database import open_database
    from meg_inqom_desktop.store.models import DossierRow
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.ui.views.ledger_view import LedgerView

    app = QApplication.instance() or QApplication([])
    paths = resolve_data_paths(data_dir)
    open_database(paths)
    dossier = DossierRow.get(DossierRow.siret == store_bench.SIRET).id
    raw = sqlite3.connect(paths.database)
    raw.execute("PRAGMA cache_size=-32000")
    lines = raw.execute("SELECT COUNT(*) FROM entry_line").fetchone()[0]
    print(f"store: {lines:,} lines")

    base_view = QTableView()
    base_view.resize(1280, 800)
    base_view.show()

    class BareModel(QAbstractTableModel):
        """The least a table model does: rows of text from a list."""

        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[str, ...]] = []

        def set_rows(self, rows: list[tuple[str, ...]]) -> None:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

        def rowCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]
            return 8

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column()]
            return None

    bare = BareModel()
    base_view.setModel(bare)

    def baseline(extra: str = "", params: tuple[object, ...] = ()) -> None:
        rows = raw.execute(RAW_PAGE.format(extra=extra), (dossier, *params)).fetchall()
        bare.set_rows(
            [
                (
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    format_cents(r[5], blank_zero=True),
                    format_cents(r[6], blank_zero=True),
                    r[7],
                )
                for r in rows
            ]
        )
        _paint(app, base_view)

    views: list[LedgerView] = []

    def first_page() -> None:
        view = LedgerView("journal")
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        t0 = time.perf_counter()
        view.set_dossier(dossier)
        _paint(app, view.table)
        first_times.append(time.perf_counter() - t0)
        assert view.model.rowCount() == 200
        views.append(view)

    first_times: list[float] = []
    base_first: list[float] = []
    for _ in range(repeat + 1):
        first_page()
        t0 = time.perf_counter()
        baseline()
        base_first.append(time.perf_counter() - t0)
        views.pop().close()

    view = LedgerView("journal")
    view.resize(1280, 800)
    view.show()
    view.set_dossier(dossier)
    _paint(app, view.table)
    switch: list[float] = []
    base_switch: list[float] = []
    codes = ["fec", "meg"]
    for i in range(2 * repeat + 2):
        code = codes[i % 2]
        t0 = time.perf_counter()
        view.set_provenance(code)
        _paint(app, view.table)
        switch.append(time.perf_counter() - t0)
        assert view.model.rowCount() == 200
        t0 = time.perf_counter()
        baseline("AND provenance = ?", (code,))
        base_switch.append(time.perf_counter() - t0)

    def report(name: str, ours: list[float], base: list[float], target_ms: float) -> None:
        o = statistics.median(ours[2:]) * 1000
        b = statistics.median(base[2:]) * 1000
        verdict = "OK" if o < target_ms else "NOT MET"
        print(
            f"  {name:32s} {o:7.1f} ms   baseline {b:6.1f} ms   ratio {o / b:5.2f}"
            f"   target < {target_ms:.0f} ms: {verdict}"
        )

    print(f"medians of {repeat} runs")
    report("first Journal page painted", first_times, base_first, 200)
    report("provenance filter change", switch, base_switch, 100)


def rss_child(data_dir: Path) -> None:
    """Show the Journal of the store, scroll 10 pages, print VmRSS in kB."""
    from PySide6.QtWidgets import QApplication

    from meg_inqom_desktop.store.database import open_database
    from meg_inqom_desktop.store.models import DossierRow
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.ui.views.ledger_view import LedgerView

    app = QApplication([])
    open_database(resolve_data_paths(data_dir))
    dossier = DossierRow.get(DossierRow.siret == store_bench.SIRET).id
    view = LedgerView("journal")
    view.resize(1280, 800)
    view.show()
    view.set_dossier(dossier)
    for _ in range(10):
        view.model.fetchMore()
        view.table.scrollToBottom()
        _paint(app, view.table)
    status = Path("/proc/self/status").read_text()
    rss = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
    print(rss)


def measure_rss(full: Path, empty: Path) -> None:
    def rss(data_dir: Path) -> int:
        out = subprocess.run(
            [sys.executable, __file__, "--rss-child", str(data_dir)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return int(out.strip().splitlines()[-1])

    runs = 3
    with_store = statistics.median(rss(full) for _ in range(runs))
    without = statistics.median(rss(empty) for _ in range(runs))
    ratio = with_store / without
    verdict = "OK" if ratio <= 1.5 else "NOT MET"
    print(
        f"  resident memory: {with_store / 1024:.0f} MB with the store, "
        f"{without / 1024:.0f} MB with an empty store   ratio {ratio:.2f}"
        f"   target <= 1.5: {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rss-child", type=Path, default=None)
    args = parser.parse_args()
    if args.rss_child is not None:
        rss_child(args.rss_child)
        return 0
    full = store_dir(args.lines)
    empty = empty_dir()
    measure_times(full, args.repeat)
    measure_rss(full, empty)
    return 0


if __name__ == "__main__":
    sys.exit(main())
