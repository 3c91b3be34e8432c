"""Benchmark: ``fec check`` of a generated 1,000,000-line FEC, µs per line and peak memory.

Prints the median of our :func:`check_fec` (what ``meg-inqom fec check`` runs: the DGFiP
checker's rules, our accounting checks, the grouping), the median of a baseline measured in the
same run, their ratio, µs per line, and our peak RSS. Each trial runs in a fresh process, the
kinds interleaved so that load from other programs hits them alike.

Baseline (« csv.reader ») : ``csv.reader`` over the same file, every row read and its two
amounts turned into integer cents — the least a reader of the file does, with no check at all.

For scale, Test Compta Demat (the DGFiP's checker) takes about 200 µs per line on this machine
class; the goal is 30 times faster or better, i.e. at most about 6.7 µs per line.

    python bench/bench_fec_check.py [--lines N] [--runs R] [--regime bic|bnc|ba]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fec_generate import generate_fec

NAME = "732829320FEC20251231.txt"
DGFIP_US_PER_LINE = 200.0  # Test Compta Demat, measured on this machine class
GOAL_FACTOR = 30


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_ours(path: Path, regime: str) -> dict[str, float]:
    from meg_inqom_desktop.domain.fec.regime import Activity, FecRegime
    from meg_inqom_desktop.store.fec.check import check_fec

    chosen = FecRegime(Activity(regime))
    start, cpu = time.perf_counter(), _cpu()
    report = check_fec(path, regime=chosen).report
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    assert report.conforming and report.rows > 0, report.as_dict()["counts"]
    return {"seconds": elapsed, "cpu": cpu, "rss_mb": _rss_mb(), "lines": report.rows}


def _cents(text: str) -> int:
    return int(text.replace(",", "")) if text else 0


def child_baseline(path: Path, regime: str) -> dict[str, float]:
    del regime
    start, cpu = time.perf_counter(), _cpu()
    count = total = 0
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        for r in rows:
            total += _cents(r[11]) - _cents(r[12])
            count += 1
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    assert total == 0
    return {"seconds": elapsed, "cpu": cpu, "rss_mb": _rss_mb(), "lines": count}


CHILDREN = {"ours": child_ours, "baseline": child_baseline}


def trial(kind: str, path: Path, regime: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), regime],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--regime", choices=("bic", "bnc", "ba"), default="bic")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "REGIME"))
    args = parser.parse_args()
    if args.child:
        kind, file, regime = args.child
        print(json.dumps(CHILDREN[kind](Path(file), regime)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = generate_fec(Path(tmp) / NAME, args.lines)
        print(f"fichier généré : {args.lines:,} lignes, {path.stat().st_size / 1e6:.0f} Mo")
        results: dict[str, list[dict[str, float]]] = {k: [] for k in CHILDREN}
        for _ in range(args.runs):
            for kind in CHILDREN:
                results[kind].append(trial(kind, path, args.regime))
    lines = results["ours"][0]["lines"]
    med = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    cpu = {k: statistics.median(r["cpu"] for r in v) for k, v in results.items()}
    for kind, title in (("ours", "fec check (nous)"), ("baseline", "référence csv.reader")):
        runs = [round(r["seconds"], 2) for r in results[kind]]
        us = med[kind] / lines * 1e6
        print(
            f"{title:<22}: médiane {med[kind]:.2f} s {runs} ; {us:.2f} µs/ligne ; "
            f"CPU {cpu[kind]:.2f} s"
        )
    ours_us = med["ours"] / lines * 1e6
    print(f"ratio nous / référence : {med['ours'] / med['baseline']:.2f} (temps écoulé)")
    print(f"ratio nous / référence : {cpu['ours'] / cpu['baseline']:.2f} (temps CPU)")
    print(
        f"Test Compta Demat ≈ {DGFIP_US_PER_LINE:.0f} µs/ligne : nous sommes "
        f"{DGFIP_US_PER_LINE / ours_us:.0f} fois plus rapides (objectif >= {GOAL_FACTOR})"
    )
    print(f"pic mémoire (RSS)      : {max(r['rss_mb'] for r in results['ours']):.0f} Mo")
    print(f"pic mémoire référence  : {max(r['rss_mb'] for r in results['baseline']):.0f} Mo")


if __name__ == "__main__":
    main()
