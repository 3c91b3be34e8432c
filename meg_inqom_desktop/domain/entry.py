"""Entries (écritures), their lines, their pièces (documents) and fiscal years."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.money import ZERO
from meg_inqom_desktop.domain.provenance import Provenance


@dataclass(frozen=True)
class EntryLine:
    """One line: account, optional auxiliary account (tiers), label, debit or credit."""

    account: str
    label: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    account_label: str = ""
    aux_account: str = ""
    aux_label: str = ""
    lettering: str = ""
    lettering_date: date | None = None
    currency_amount: Decimal | None = None
    currency: str = ""  # ISO code of the foreign currency; empty means EUR
    source_id: str = ""

    @property
    def amount(self) -> Decimal:
        """Signed amount: debit positive, credit negative."""
        return self.debit - self.credit


@dataclass(frozen=True)
class Document:
    """A pièce justificative: metadata only (the bytes live in the content store)."""

    source_id: str
    filename: str
    media_type: str = "application/pdf"
    size: int = 0
    sha256: str = ""


@dataclass(frozen=True)
class Entry:
    """A balanced accounting entry as it comes from a source (MEG, a FEC file, ...).

    ``source_id`` identifies it within its provenance and dossier (MEG id; for a FEC import a
    stable key built from journal, number and content).
    """

    source_id: str
    journal: Journal
    date: date | None
    piece_ref: str
    label: str
    lines: tuple[EntryLine, ...]
    provenance: Provenance | None = None
    number: str = ""  # EcritureNum
    piece_date: dt.date | None = None
    validation_date: dt.date | None = None
    documents: tuple[Document, ...] = field(default=())

    @property
    def total_debit(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((ln.credit for ln in self.lines), ZERO)

    @property
    def is_balanced(self) -> bool:
        return self.total_debit == self.total_credit

    def fingerprint(self) -> str:
        """sha256 of the accounting content; a changed payload gives a different fingerprint."""
        payload = {
            "j": self.journal.code,
            "d": self.date.isoformat() if self.date else None,
            "p": self.piece_ref,
            "pd": self.piece_date.isoformat() if self.piece_date else None,
            "l": self.label,
            "n": self.number,
            "lines": [
                [
                    ln.account,
                    ln.aux_account,
                    ln.label,
                    str(ln.debit),
                    str(ln.credit),
                    str(ln.currency_amount) if ln.currency_amount is not None else None,
                    ln.currency,
                ]
                for ln in self.lines
            ],
            "docs": sorted(d.sha256 or d.source_id for d in self.documents),
        }
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class FiscalYear:
    """An exercice: inclusive dates."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("exercice : la date de clôture précède la date d'ouverture")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def calendar(cls, year: int) -> FiscalYear:
        return cls(date(year, 1, 1), date(year, 12, 31))
