"""Benchmark: start to first painted window, the app vs a bare PySide6 window (same run).

Each measurement is a fresh subprocess, timed from just before it is spawned to the moment it
prints "painted" (the first paint event of a top-level window):

* baseline: ``QApplication`` + an empty ``QMainWindow`` shown;
* least window: a window of the same size with a one-cell table, after importing the ``Qt``
  namespace (PySide creates its few hundred enums at that import, ~20 ms; every real window
  needs it, for alignments, flags and model roles). No window of this app can paint in less,
  whatever it reads and however it is written: it shows the floor of the 1.5 target itself;
* floor: what any window that shows the ledger's dossiers pays on this stack, and nothing
  more: PySide6 with its ``Qt`` namespace (whose enums PySide creates at first use),
  ``asyncio`` (qasync's), peewee over sqlite3, one query of the dossiers, a table of them in a
  window of the same size. No window with its data can paint in less; the app's ratio to the
  floor is what its own code adds;
* app, first window: ``python -m meg_inqom_desktop --data-dir D`` on a data folder holding one
  dossier of a few thousand lines, up to its first painted window (the splash shown while the
  rest loads);
* app, main window painted: the same, up to the main window's first paint (Journal page);
* app, wizard painted: an empty data folder (first start), up to the wizard's first paint.

The app reports its first paint through ``MEG_INQOM_BENCH_FIRST_PAINT`` (see
``ui/application.py``). Both sides use compiled bytecode (kept under a temporary
``PYTHONPYCACHEPREFIX``), as an installed app does. Medians of ``--repeat`` runs, interleaved,
after one uncounted warm-up round. Target: ratio <= 1.5.

    .venv/bin/python bench/bench_gui_startup.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import compiled_env

# Both scripts below start with this: a QApplication that prints "painted" and exits at the
# first paint of a top-level window.
FIRST_PAINT = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and getattr(obj, "isWindow", lambda: False)():
            sys.stdout.write("painted\\n"); sys.stdout.flush()
            import os; os._exit(0)
        return False

app = QApplication(sys.argv)
watch = FirstPaint(); app.installEventFilter(watch)
"""

BASELINE = (
    FIRST_PAINT
    + """
from PySide6.QtWidgets import QMainWindow
window = QMainWindow(); window.resize(1280, 800); window.setWindowTitle("bare"); window.show()
app.exec()
"""
)

SEED = """
import sys
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.store.db import DB, utcnow
paths = resolve_data_paths(sys.argv[1]).ensure()
open_database(paths)
now = utcnow().isoformat()
cur = DB.execute_sql("INSERT INTO dossier (siret, name, created_at, local_only, "
    "inqom_folder_name, meg_company_id, active) VALUES ('73282932000074', 'ACME SARL', ?, 1, "
    "'', '', 1)", [now])
dossier = cur.lastrowid
with DB.atomic():
    for i in range(2000):
        day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        e = DB.execute_sql("INSERT INTO entry (dossier_id, provenance, source_id, journal_code, "
            "journal_label, number, date, piece_ref, label, total_cents, fingerprint, "
            "created_at) VALUES (?, 'meg', ?, 'VT', '', ?, ?, ?, 'Vente', 1000, 'f', ?)",
            [dossier, f"s{i}", str(i), day, f"P{i}", now]).lastrowid
        for n, (acc, d, c) in enumerate((("411000", 1000, 0), ("706000", 0, 1000)), 1):
            DB.execute_sql("INSERT INTO entry_line (entry_id, line_no, dossier_id, provenance, "
                "journal_code, date, piece_ref, account, account_label, aux_account, aux_label, "
                "label, debit_cents, credit_cents, lettering, currency, source_id) VALUES "
                "(?, ?, ?, 'meg', 'VT', ?, ?, ?, '', '', '', 'Vente', ?, ?, '', '', '')",
                [e, n, dossier, day, f"P{i}", acc, d, c])
close_database()
"""


LEAST_WINDOW = (
    FIRST_PAINT
    + """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem
window = QMainWindow(); window.resize(1280, 800); window.setWindowTitle("least")
table = QTableWidget(1, 1)
table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
table.setItem(0, 0, QTableWidgetItem("ACME SARL"))
window.setCentralWidget(table); window.show()
app.exec()
"""
)

FLOOR = (
    FIRST_PAINT
    + """
sys.modules.setdefault("psycopg", None)  # as the package does: no PostgreSQL driver here
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem
import asyncio
import peewee
db = peewee.SqliteDatabase(sys.argv[1]); db.connect()
rows = db.execute_sql("SELECT siret, name FROM dossier").fetchall()
window = QMainWindow(); window.resize(1280, 800); window.setWindowTitle("floor")
table = QTableWidget(len(rows), 2)
table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
for i, (siret, name) in enumerate(rows):
    table.setItem(i, 0, QTableWidgetItem(siret)); table.setItem(i, 1, QTableWidgetItem(name))
window.setCentralWidget(table); window.show()
app.exec()
"""
)


def _env(mode: str = "any") -> dict[str, str]:
    """Both sides run with compiled bytecode (``bench_common.compiled_env``), offscreen unless
    told otherwise, the app reporting its first paint of ``mode``."""
    env = compiled_env()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["MEG_INQOM_BENCH_FIRST_PAINT"] = mode
    return env


def time_to_paint(args: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``args`` to its "painted" line."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait(timeout=30)
    if line.strip() != b"painted":
        raise RuntimeError(f"{args} did not report a first paint: {line!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    opts = parser.parse_args()
    env = _env()
    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="meg-inqom-bench-startup-"))
    try:
        with_dossier = root / "with-dossier"
        subprocess.run([py, "-c", SEED, str(with_dossier)], check=True, env=env)
        app_main = [py, "-m", "meg_inqom_desktop", "--data-dir", str(with_dossier)]
        cases: dict[str, tuple[list[str] | None, dict[str, str]]] = {
            "bare PySide6 window (baseline)": ([py, "-c", BASELINE], env),
            "least window: a table, Qt namespace": ([py, "-c", LEAST_WINDOW], env),
            "floor: a window with the dossiers": (
                [py, "-c", FLOOR, str(with_dossier / "ledger.sqlite3")],
                env,
            ),
            "app, first window (splash)": (app_main, env),
            "app, main window painted": (app_main, _env("main")),
            "app, wizard painted (empty folder)": (None, _env("main")),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(opts.repeat + 1):  # first round warms the disk cache, not counted
            for name, (args, case_env) in cases.items():
                if args is None:
                    empty = Path(tempfile.mkdtemp(dir=root))
                    args = [py, "-m", "meg_inqom_desktop", "--data-dir", str(empty)]
                times[name].append(time_to_paint(args, case_env))
        base = statistics.median(times["bare PySide6 window (baseline)"][1:])
        print(f"start to first painted window, median of {opts.repeat} runs")
        for name, values in times.items():
            median = statistics.median(values[1:])
            print(f"  {name:34s} {median * 1000:7.0f} ms   ratio {median / base:4.2f}")
        floor = statistics.median(times["floor: a window with the dossiers"][1:])
        for name in list(times)[3:]:
            median = statistics.median(times[name][1:])
            verdict = "OK" if median / base <= 1.5 else "NOT MET"
            print(f"target ratio <= 1.5 for {name}: {verdict} ({median / floor:4.2f} x the floor)")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
