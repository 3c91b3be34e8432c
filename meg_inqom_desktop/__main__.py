"""``meg-inqom-desktop`` and ``python -m meg_inqom_desktop``: start the desktop app."""

from __future__ import annotations

import sys


def main() -> int:
    """Open the GUI (the wizard when no dossier exists, the main window otherwise)."""
    from meg_inqom_desktop.ui.application import run  # Qt is imported only here

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
