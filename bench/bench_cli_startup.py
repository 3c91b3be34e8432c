"""Benchmark: the command line as whole processes, against the least a process can do.

* ``meg-inqom --version`` vs ``python -c pass`` (same interpreter). Target: ratio <= 5.
* each ``meg-inqom ledger`` command on a 1,000,000-line store (the store of
  ``bench_ledger_queries.py``, built once and cached) vs a raw ``sqlite3`` script running the
  very same SELECT statements: they are recorded from one run of the command (sqlite's trace
  callback), then replayed by a script that imports only ``sqlite3``. Output goes to a pipe,
  as with ``> file``. Target: ratio <= 2 for each.
* the floor of each ``ledger`` command on this stack: the same statements through peewee
  (over sqlite3), after importing argparse, and nothing more. No command built on argparse
  and peewee can take less; ours / floor is what the rest of the command adds.

Each measurement is a fresh process; both sides alternate, after one uncounted warm-up round;
medians of ``--repeat`` runs; compiled bytecode on both sides (a temporary pycache prefix).

    .venv/bin/python bench/bench_cli_startup.py [--lines 1000000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import atexit
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_ledger_queries as store_bench  # noqa: E402 (the store builder beside this file)
from bench_common import compiled_env  # noqa: E402

COMMANDS = {
    "ledger journal": ["ledger", "journal"],
    "ledger journal --account 6 --from 2025-01-01": [
        "ledger",
        "journal",
        "--account",
        "6",
        "--from",
        "2025-01-01",
    ],
    "ledger grand-livre --account 411": ["ledger", "grand-livre", "--account", "411"],
    "ledger balance": ["ledger", "balance"],
}


def _run(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def record_statements(data_dir: Path, argv: list[str]) -> list[str]:
    """The SELECT statements one run of the command sends to sqlite (parameters inlined)."""
    import peewee

    from meg_inqom_desktop import cli

    seen: list[str] = []
    real_connect = peewee.SqliteDatabase._connect

    def traced(self: peewee.SqliteDatabase) -> object:
        connection = real_connect(self)
        connection.set_trace_callback(seen.append)
        return connection

    peewee.SqliteDatabase._connect = traced  # type: ignore[method-assign]
    try:
        with redirect_stdout(io.StringIO()):
            code = cli.main(["--data-dir", str(data_dir), *argv])
    finally:
        peewee.SqliteDatabase._connect = real_connect  # type: ignore[method-assign]
    if code != 0:
        raise RuntimeError(f"meg-inqom {' '.join(argv)} exited with {code}")
    return [
        s
        for s in seen
        if s.lstrip().upper().startswith("SELECT")
        and "schema_version" not in s
        and "sqlite_master" not in s
    ]


def replay_script(
    database: Path, statements: list[str], folder: Path, name: str, *, stack: bool = False
) -> Path:
    """A script that runs ``statements`` and prints the row count: with nothing but sqlite3
    (the baseline), or, with ``stack``, through what the command line's stack needs, argparse
    and peewee (the floor)."""
    if stack:
        prelude = (
            "import sys\n"
            "sys.modules.setdefault('psycopg', None)  # as the package does\n"
            "import argparse\n"
            "import peewee\n"
            f"db = peewee.SqliteDatabase({str(database)!r})\n"
            "run = db.execute_sql\n"
        )
    else:
        prelude = f"import sqlite3\nrun = sqlite3.connect({str(database)!r}).execute\n"
    script = folder / f"{'floor' if stack else 'raw'}_{name}.py"
    script.write_text(
        prelude + f"statements = {statements!r}\n"
        "rows = 0\n"
        "for sql in statements:\n"
        "    rows += len(run(sql).fetchall())\n"
        "print(rows)\n",
        encoding="utf-8",
    )
    return script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cache", type=Path, default=store_bench.CACHE)
    opts = parser.parse_args()
    data_dir = opts.cache / f"{opts.lines}-{store_bench._schema_tag()}"
    from meg_inqom_desktop.store.paths import resolve_data_paths

    paths = resolve_data_paths(data_dir)
    if not paths.database.exists():
        print(f"building a {opts.lines:,}-line store in {data_dir} ...", file=sys.stderr)
        store_bench.build(data_dir, opts.lines)
    env = compiled_env()
    py = sys.executable
    meg_inqom = str(Path(py).with_name("meg-inqom"))
    folder = Path(tempfile.mkdtemp(prefix="meg-inqom-bench-cli-"))  # the raw scripts
    atexit.register(shutil.rmtree, folder, True)
    # per case: ours, the baseline, the floor (none for --version)
    cases: dict[str, list[list[str]]] = {
        "--version": [[meg_inqom, "--version"], [py, "-c", "pass"]]
    }
    siret = store_bench.SIRET
    for name, argv in COMMANDS.items():
        full = [*argv, "--dossier", siret]
        statements = record_statements(data_dir, full)
        tag = str(len(cases))
        cases[name] = [
            [meg_inqom, "--data-dir", str(data_dir), *full],
            [py, str(replay_script(paths.database, statements, folder, tag))],
            [py, str(replay_script(paths.database, statements, folder, tag, stack=True))],
        ]
    times: dict[str, list[list[float]]] = {n: [[] for _ in runs] for n, runs in cases.items()}
    for round_ in range(opts.repeat + 1):  # round 0 warms the page cache, not counted
        for name, runs in cases.items():
            for kind, args in enumerate(runs):
                elapsed = _run(args, env)
                if round_:
                    times[name][kind].append(elapsed)
    print(f"whole processes, output to a pipe, median of {opts.repeat} runs")
    print(
        f"  {'command':46s} {'ours':>8s} {'baseline':>9s} {'ratio':>6s}  target"
        f"{'floor':>16s} {'ours/floor':>10s}"
    )
    for name, measured in times.items():
        ours_ms, base_ms, *floor_ms = (statistics.median(t) * 1000 for t in measured)
        target = 5.0 if name == "--version" else 2.0
        ratio = ours_ms / base_ms
        verdict = "OK" if ratio <= target else "NOT MET"
        floor = f"{floor_ms[0]:6.0f} ms {ours_ms / floor_ms[0]:10.2f}" if floor_ms else ""
        print(
            f"  {name:46s} {ours_ms:6.0f} ms {base_ms:6.0f} ms {ratio:6.2f}  <= {target:g} "
            f"{verdict:7s} {floor}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
