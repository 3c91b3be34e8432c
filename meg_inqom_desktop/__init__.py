"""meg-inqom-desktop: validated MEG entries and pièces into Inqom, a local ledger, FEC export."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("meg-inqom-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
