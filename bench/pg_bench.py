"""What the PostgreSQL benchmarks share: a durable throwaway server, a seeded firm database,
the SQL a call of the project runs.

The server is ``tests/postgres_cluster.py``'s :class:`PostgresCluster` started with
``durable=True`` (fsync, synchronous commit and full-page writes on, as on a firm's server),
PostgreSQL's default settings otherwise (``shared_buffers`` 128 MB, ``work_mem`` 4 MB), on
127.0.0.1: the client and the server share the machine's cores.

The ledger is seeded with the store benchmark's generator (``bench_ledger_queries._entries``:
sales, purchases, bank and payroll entries over three years, 60 % MEG, 40 % Import FEC)
through the project's one writer, ``upsert_entries``, in batches of about 5,000 lines.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ledger_queries as store_bench
from postgres_cluster import FIRM_PASSWORD, FIRM_USER, PostgresCluster

from meg_inqom_desktop.store.db import DB

SIRET = store_bench.SIRET
BATCH_LINES = 5_000


def machine() -> str:
    """Cores and load average, to print with the figures."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} (1 min) {five:.1f} (5 min)"


def start_cluster() -> PostgresCluster:
    """A durable PostgreSQL 16 on a free loopback port, with the firm's role."""
    cluster = PostgresCluster(durable=True).start()
    cluster.create_firm_role()
    version = cluster.sql("SHOW server_version")[0][0]
    print(f"PostgreSQL {version}, durable (fsync on), defaults, 127.0.0.1:{cluster.port}")
    return cluster


def password_url(cluster: PostgresCluster, url: str) -> str:
    """``url`` (as ``new_firm_database`` gives it) with the firm role's password."""
    return url.replace(f"{FIRM_USER}@", f"{FIRM_USER}:{FIRM_PASSWORD}@", 1)


def seed(
    dossier_id: int,
    n_lines: int,
    *,
    seed: int = 7,
    others: Sequence[int] = (),
    other_lines: int = 0,
) -> tuple[float, int]:
    """About ``n_lines`` lines into the dossier through ``upsert_entries`` (open ``DB``), and
    ``other_lines`` more spread over the dossiers ``others``, batch by batch in turn (as the
    syncs of many dossiers fill a firm's database); (seconds spent in upsert_entries, lines
    written in all)."""
    from meg_inqom_desktop.domain.entry import Entry
    from meg_inqom_desktop.store.ledger_writes import upsert_entries

    streams = [(n_lines, store_bench._entries(n_lines, seed))]
    if others and other_lines:
        streams.append((other_lines, store_bench._entries(other_lines, seed + 1)))
    done = [0] * len(streams)
    written = batches = 0
    spent = 0.0
    while True:
        open_streams = [i for i, (size, _) in enumerate(streams) if done[i] < size]
        if not open_streams:
            break
        i = min(open_streams, key=lambda k: done[k] / streams[k][0])
        batch: dict[str, list[Entry]] = {}
        taken = 0
        for code, entry in streams[i][1]:
            batch.setdefault(code, []).append(entry)
            taken += len(entry.lines)
            if taken >= BATCH_LINES:
                break
        done[i] = done[i] + taken if taken else streams[i][0]
        target = dossier_id if i == 0 else others[batches % len(others)]
        batches += i
        t0 = time.perf_counter()
        for code, items in batch.items():
            written += upsert_entries(target, items, provenance=code).new_lines
        spent += time.perf_counter() - t0
        print(f"\r  {written:,} lines", end="", file=sys.stderr)
    print(file=sys.stderr)
    return spent, written


@contextlib.contextmanager
def captured() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The statements (SQL text, parameters) the open ``DB`` runs inside the block."""
    db = DB.obj
    statements: list[tuple[str, tuple[Any, ...]]] = []
    original = db.execute_sql

    def recording(sql: str, params: Any = None) -> Any:
        statements.append((sql, tuple(params or ())))
        return original(sql, params)

    db.execute_sql = recording
    try:
        yield statements
    finally:
        del db.execute_sql  # the class's method again
