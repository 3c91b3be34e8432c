"""PyInstaller entry of the windowed executable ``meg-inqom-desktop``."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from meg_inqom_desktop.__main__ import main

    sys.exit(main())
