"""PyInstaller entry of the windowed executable ``meg-inqom-desktop``."""

from __future__ import annotations

import sys

from meg_inqom_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
