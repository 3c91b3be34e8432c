"""Provenance: where an entry came from (MEG, FEC import, ...). Open to new sources."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """A source of entries; ``code`` is what the database stores, ``label`` what the UI shows."""

    code: str
    label: str

    def __str__(self) -> str:
        return self.label


MEG = Provenance("meg", "MEG")
FEC_IMPORT = Provenance("fec", "Import FEC")

_KNOWN: dict[str, Provenance] = {p.code: p for p in (MEG, FEC_IMPORT)}


def provenance(code: str) -> Provenance:
    """The provenance for a stored code; unknown codes still get a readable label."""
    return _KNOWN.get(code) or Provenance(code, code)


def known_provenances() -> tuple[Provenance, ...]:
    return tuple(_KNOWN.values())


def register(p: Provenance) -> Provenance:
    """Declare a new source of entries (e.g. another production software)."""
    _KNOWN[p.code] = p
    return p
