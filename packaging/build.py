"""Build the one-folder app: ``python packaging/build.py`` from a checkout (Windows, macOS, Linux).

What it does:

1. outside a virtual environment, makes ``build/venv`` and runs itself again with it;
2. installs the project (``pip install -e .``) and PyInstaller into that environment if missing;
3. runs ``pyinstaller packaging/meg-inqom-desktop.spec`` into ``dist/meg-inqom-desktop/``
   (on macOS also ``dist/MEG Inqom.app``);
4. checks that the bundled ``meg-inqom --version`` prints the package version, and prints the
   bundle's size;
5. with ``--installer`` on Windows, compiles ``packaging/windows/meg-inqom-desktop.iss`` with
   Inno Setup's ``ISCC.exe`` into ``dist/installer/``.

Options: ``--clean`` (drop PyInstaller's cache first), ``--installer``, ``--iscc PATH``,
``--dist DIR`` and ``--work DIR`` (output and work folders).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "meg-inqom-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUILD_VENV = ROOT / "build" / "venv"
APP_DIR = DIST / "meg-inqom-desktop"
ISS = ROOT / "packaging" / "windows" / "meg-inqom-desktop.iss"
PYINSTALLER_REQ = "pyinstaller>=6.10"
WINDOWS = sys.platform.startswith("win")


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def in_venv() -> bool:
    return sys.prefix != sys.base_prefix


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if WINDOWS else "bin/python")


def ensure_environment() -> None:
    """The project and PyInstaller importable from this interpreter (installed if missing)."""
    try:
        importlib.metadata.version("meg-inqom-desktop")
    except importlib.metadata.PackageNotFoundError:
        _run([sys.executable, "-m", "pip", "install", "-e", str(ROOT)])
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        _run([sys.executable, "-m", "pip", "install", PYINSTALLER_REQ])


def executable(name: str, app_dir: Path = APP_DIR) -> Path:
    return app_dir / (f"{name}.exe" if WINDOWS else name)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def check_bundle(app_dir: Path = APP_DIR) -> str:
    """Run the bundled ``meg-inqom --version``; returns the version it printed."""
    cli = executable("meg-inqom", app_dir)
    gui = executable("meg-inqom-desktop", app_dir)
    for exe in (cli, gui):
        if not exe.exists():
            raise SystemExit(f"missing from the bundle: {exe}")
    out = subprocess.run(
        [str(cli), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"bundled meg-inqom --version failed:\n{out.stdout}{out.stderr}")
    return out.stdout.strip()


def find_iscc(explicit: str | None) -> Path | None:
    candidates = [explicit] if explicit else []
    candidates += [
        shutil.which("ISCC") or "",
        r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
        r"C:\Program Files\Inno Setup 6\ISCC.exe",
        str(Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6" / "ISCC.exe"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def build_installer(version: str, iscc: str | None, app_dir: Path, dist: Path) -> None:
    compiler = find_iscc(iscc)
    if compiler is None:
        raise SystemExit(
            "Inno Setup 6 (ISCC.exe) not found: install it from jrsoftware.org, or pass --iscc"
        )
    # Inno Setup versions must be numeric: 0.1.0+local → 0.1.0
    numeric = version.split("+")[0].split("-")[0]
    _run(
        [
            str(compiler),
            f"/DAppVersion={numeric}",
            f"/DBundleDir={app_dir}",
            f"/O{dist / 'installer'}",
            str(ISS),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument("--installer", action="store_true", help="Windows: run Inno Setup too")
    parser.add_argument("--iscc", help="path of Inno Setup's ISCC.exe")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default: dist)")
    parser.add_argument("--work", type=Path, default=WORK, help="PyInstaller's work folder")
    args = parser.parse_args(argv)

    if not in_venv():
        if not venv_python(BUILD_VENV).exists():
            print(f"No virtual environment active: creating {BUILD_VENV}", flush=True)
            venv.EnvBuilder(with_pip=True).create(BUILD_VENV)
        cmd = [str(venv_python(BUILD_VENV)), str(Path(__file__).resolve()), *(argv or sys.argv[1:])]
        return subprocess.run(cmd, check=False).returncode

    ensure_environment()
    dist, work = args.dist.resolve(), args.work.resolve()
    app_dir = dist / APP_DIR.name
    if args.clean:
        shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=str(ROOT),
    )
    elapsed = time.monotonic() - started
    version_line = check_bundle(app_dir)
    size = folder_size(app_dir)
    print(f"\nBundle: {app_dir}")
    print(f"  {version_line}")
    print(f"  size: {size / 1024 / 1024:.1f} MiB, built in {elapsed:.0f} s")
    if args.installer:
        if not WINDOWS:
            raise SystemExit("--installer needs Windows (Inno Setup)")
        build_installer(importlib.metadata.version("meg-inqom-desktop"), args.iscc, app_dir, dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())
