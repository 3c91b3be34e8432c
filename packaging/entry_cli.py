"""PyInstaller entry of the console executable ``meg-inqom``."""

from __future__ import annotations

import sys

from meg_inqom_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
