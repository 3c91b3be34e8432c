"""meg-inqom-desktop: validated MEG entries and pièces into Inqom, a local ledger, FEC export."""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache
def _package_version() -> str:
    # importlib.metadata costs ~25 ms at import: read it only when the version is asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("meg-inqom-desktop")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _package_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
