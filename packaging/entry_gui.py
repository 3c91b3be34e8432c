"""PyInstaller entry of the windowed executable ``meg-inqom-desktop``."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--ledger-worker"]:  # the sync's ledger worker (sync/ledger_worker.py)
        from meg_inqom_desktop.sync.ledger_worker_process import worker_main

        sys.exit(worker_main())
    from meg_inqom_desktop.__main__ import main

    sys.exit(main())
