"""What the benchmark scripts share: this process's CPU time and peak memory, a trial run in a
fresh child process, medians and ratios of interleaved trials, alternating timings of two
calls, and the environment of a child that runs on compiled bytecode.

A trial is a ``dict`` of floats: ``seconds`` (wall time), ``cpu`` (user + system CPU time),
``rss_mb`` (peak resident memory of the process that ran it), ``lines`` and any figure a script
adds. Each script keeps its own work and its baseline; the printed lines stay its own too.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Trial = dict[str, float]

PYCACHE = Path(tempfile.gettempdir()) / "meg-inqom-bench-pycache"


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process so far, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Stopwatch:
    """Wall and CPU time of this process from its creation to :meth:`stop`."""

    def __init__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), cpu_seconds()
        self.seconds = self.cpu = 0.0

    def stop(self) -> Stopwatch:
        """Record the time spent since the start."""
        self.seconds = time.perf_counter() - self._wall
        self.cpu = cpu_seconds() - self._cpu
        return self

    def trial(self, lines: float, **figures: float) -> Trial:
        """The trial measured: times, this process's peak memory now, ``lines`` and ``figures``."""
        measured = {"seconds": self.seconds, "cpu": self.cpu, "rss_mb": rss_mb(), "lines": lines}
        return measured | figures


def run_child(script: str, *args: str) -> Trial:
    """Run ``script --child *args`` in a fresh interpreter; the trial its last line prints (as
    JSON)."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


class Trials:
    """Trials per kind (``ours``, ``baseline``...), run interleaved, and their medians."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.by_kind: dict[str, list[Trial]] = {kind: [] for kind in kinds}

    def run(self, runs: int, one: Callable[[str], Trial]) -> Trials:
        """``runs`` rounds of ``one(kind)`` for every kind in turn, so load changes hit all
        alike."""
        for _ in range(runs):
            for kind, trials in self.by_kind.items():
                trials.append(one(kind))
        return self

    def median(self, kind: str, figure: str = "seconds") -> float:
        """The median of ``figure`` over the trials of ``kind``."""
        return statistics.median(t[figure] for t in self.by_kind[kind])

    def peak(self, kind: str, figure: str = "rss_mb") -> float:
        """The largest ``figure`` over the trials of ``kind`` (peak memory by default)."""
        return max(t[figure] for t in self.by_kind[kind])

    def ratio(self, figure: str = "seconds", ours: str = "ours", base: str = "baseline") -> float:
        """Median of ``ours`` over median of ``base``."""
        return self.median(ours, figure) / self.median(base, figure)

    def median_line(self, kind: str, title: str, width: int, digits: int, *more: str) -> str:
        """``<title>: médiane <s> s [each run] ; <more> ; ...``, seconds to ``digits``."""
        runs = [round(t["seconds"], digits) for t in self.by_kind[kind]]
        head = f"{title:<{width}}: médiane {self.median(kind):.{digits}f} s {runs}"
        return " ; ".join((head, *more))


def alternate_medians_ms(
    ours: Callable[[], Any], base: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """Median ms of each, run alternately (load from other processes hits both alike), after
    one uncounted call of each that warms the caches."""
    ours()
    base()
    t_ours: list[float] = []
    t_base: list[float] = []
    for _ in range(repeat):
        for fn, out in ((ours, t_ours), (base, t_base)):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(t_ours), statistics.median(t_base)


def compiled_env() -> dict[str, str]:
    """This environment for a child that runs on compiled bytecode, as an installed app does (an
    installer or a wheel compiles it; a run with PYTHONDONTWRITEBYTECODE would recompile every
    module): bytecode kept under a temporary pycache prefix, outside the source tree."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env
