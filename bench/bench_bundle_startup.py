"""Benchmark: start-up of the bundled app vs the same code run from the source tree.

Measures, each as a median over ``--repeat`` cold starts, bundle against the baseline of the
same command run by the venv's Python from the source tree:

* ``meg-inqom --version`` (command line: interpreter start, imports, argparse);
* the GUI with ``--sandbox`` on a fresh data folder until its first window is on screen
  (under Xvfb, found with ``xdotool search --sync``) or, without Xvfb/xdotool, until it has
  opened its database (offscreen).

Needs a bundle (``python packaging/build.py``; ``--bundle`` to point elsewhere).

    .venv/bin/python bench/bench_bundle_startup.py [--bundle dist/meg-inqom-desktop] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if sys.platform.startswith("win") else ""


def time_command(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def _visible_windows(pid: int, env: dict[str, str]) -> list[tuple[int, int]]:
    """(width, height) of the visible windows of ``pid``."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    sizes = []
    for window in found:
        out = subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", window],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        if "WIDTH" in values:
            sizes.append((int(values["WIDTH"]), int(values["HEIGHT"])))
    return sizes


def wait_window(pid: int, display: str, timeout: float) -> None:
    """Until the wizard or main window is shown (Qt maps a small helper window first)."""
    env = {**os.environ, "DISPLAY": display}
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if any(w >= 400 and h >= 300 for w, h in _visible_windows(pid, env)):
            return
        time.sleep(0.02)
    raise RuntimeError("no window appeared")


def time_gui(cmd: list[str], env: dict[str, str], display: str | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, "--sandbox", "--data-dir", str(data)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if display:
                wait_window(proc.pid, display, 60)
            else:
                wal = data / "ledger.sqlite3-wal"
                while not wal.exists():
                    if proc.poll() is not None or time.perf_counter() - started > 60:
                        raise RuntimeError("the GUI did not start")
                    time.sleep(0.01)
            return time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def start_xvfb() -> tuple[subprocess.Popen[bytes] | None, str | None]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        return None, None
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24"])
    time.sleep(1.0)
    return proc, display


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "meg-inqom-desktop")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    if not (bundle / f"meg-inqom{EXE}").exists():
        print(f"no bundle in {bundle}: run python packaging/build.py first", file=sys.stderr)
        return 2

    env = {k: v for k, v in os.environ.items() if not k.startswith("MEG_INQOM_")}
    cli_bundle = [str(bundle / f"meg-inqom{EXE}"), "--version"]
    cli_source = [
        sys.executable,
        "-c",
        "import sys; from meg_inqom_desktop.cli import main; sys.exit(main(['--version']))",
    ]
    gui_bundle = [str(bundle / f"meg-inqom-desktop{EXE}")]
    gui_source = [sys.executable, "-m", "meg_inqom_desktop"]

    xvfb, display = start_xvfb()
    gui_env = dict(env)
    if display:
        gui_env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        what = "first window on screen (Xvfb)"
    else:
        gui_env["QT_QPA_PLATFORM"] = "offscreen"
        what = "database opened (offscreen)"
    try:
        for cmd in (cli_bundle, cli_source):  # warm the page cache once
            subprocess.run(cmd, env=env, capture_output=True, check=False)
        rows = []
        for label, bundled, source, run in (
            ("meg-inqom --version", cli_bundle, cli_source, lambda c: time_command(c, env)),
            (
                f"GUI --sandbox: {what}",
                gui_bundle,
                gui_source,
                lambda c: time_gui(c, gui_env, display),
            ),
        ):
            b = [run(bundled) for _ in range(args.repeat)]
            s = [run(source) for _ in range(args.repeat)]
            rows.append((label, statistics.median(b), statistics.median(s)))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()

    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle: {bundle} ({size / 1024 / 1024:.1f} MiB), {args.repeat} runs each, medians")
    print(f"{'measure':<50} {'bundle':>9} {'source':>9} {'ratio':>7}")
    for label, b, s in rows:
        print(f"{label:<50} {b:>8.2f}s {s:>8.2f}s {b / s:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
