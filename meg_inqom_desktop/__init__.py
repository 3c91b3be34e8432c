"""meg-inqom-desktop: validated MEG entries and pièces into Inqom, a local ledger, FEC export."""

from __future__ import annotations

__all__ = ["__version__"]

# The one place the version is written: pyproject.toml reads it from here (hatch), so
# « meg-inqom --version » answers without reading the installed package's metadata.
__version__ = "0.1.0"
