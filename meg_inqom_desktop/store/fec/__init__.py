"""FEC file I/O: streaming reader and check, import into the ledger, export from it."""

from __future__ import annotations
