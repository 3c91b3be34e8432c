"""PyInstaller entry of the console executable ``meg-inqom``."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from meg_inqom_desktop.cli import run

    sys.exit(run())
