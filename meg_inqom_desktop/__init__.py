"""meg-inqom-desktop: validated MEG entries and pièces into Inqom, a local ledger, FEC export."""

from __future__ import annotations

import sys

# peewee imports psycopg, PostgreSQL's driver, as soon as it is itself imported when the driver
# is installed: ~130 ms (with asyncio and ssl) that only firm mode needs. Every other process,
# the command line and the first window among them, starts without it; store/postgres.py
# imports it on first need and gives peewee an adapter bound to it.
sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]

__all__ = ["__version__"]

# The one place the version is written: pyproject.toml reads it from here (hatch), so
# « meg-inqom --version » answers without reading the installed package's metadata.
__version__ = "0.1.0"
