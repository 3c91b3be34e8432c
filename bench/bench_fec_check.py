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
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import Stopwatch, Trial, Trials, run_child
from fec_generate import generate_fec

NAME = "732829320FEC20251231.txt"
DGFIP_US_PER_LINE = 200.0  # Test Compta Demat, measured on this machine class
GOAL_FACTOR = 30


def child_ours(path: Path, regime: str) -> Trial:
    from meg_inqom_desktop.domain.fec.regime import Activity, FecRegime
    from meg_inqom_desktop.store.fec.check import check_fec

    chosen = FecRegime(Activity(regime))
    watch = Stopwatch()
    report = check_fec(path, regime=chosen).report
    watch.stop()
    assert report.conforming and report.rows > 0, report.as_dict()["counts"]
    return watch.trial(report.rows)


def _cents(text: str) -> int:
    return int(text.replace(",", "")) if text else 0


def child_baseline(path: Path, regime: str) -> Trial:
    del regime
    watch = Stopwatch()
    count = total = 0
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        for r in rows:
            total += _cents(r[11]) - _cents(r[12])
            count += 1
    watch.stop()
    assert total == 0
    return watch.trial(count)


CHILDREN = {"ours": child_ours, "baseline": child_baseline}


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
        trials = Trials(CHILDREN).run(
            args.runs, lambda kind: run_child(__file__, kind, str(path), args.regime)
        )
    lines = trials.by_kind["ours"][0]["lines"]
    for kind, title in (("ours", "fec check (nous)"), ("baseline", "référence csv.reader")):
        us = trials.median(kind) / lines * 1e6
        cpu = trials.median(kind, "cpu")
        print(trials.median_line(kind, title, 22, 2, f"{us:.2f} µs/ligne", f"CPU {cpu:.2f} s"))
    ours_us = trials.median("ours") / lines * 1e6
    print(f"ratio nous / référence : {trials.ratio():.2f} (temps écoulé)")
    print(f"ratio nous / référence : {trials.ratio('cpu'):.2f} (temps CPU)")
    print(
        f"Test Compta Demat ≈ {DGFIP_US_PER_LINE:.0f} µs/ligne : nous sommes "
        f"{DGFIP_US_PER_LINE / ours_us:.0f} fois plus rapides (objectif >= {GOAL_FACTOR})"
    )
    print(f"pic mémoire (RSS)      : {trials.peak('ours'):.0f} Mo")
    print(f"pic mémoire référence  : {trials.peak('baseline'):.0f} Mo")


if __name__ == "__main__":
    main()
