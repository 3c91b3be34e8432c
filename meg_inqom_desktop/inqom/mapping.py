"""The one place mapping domain objects to Inqom's wire format and back.

* journals: VT → Sell, AC → Buy, BQ → Bank, NDF → an expense journal if the dossier has one,
  else Misc; OD → Misc. A journal whose ``Name`` equals the code is preferred.
* entries: ``ExternalId`` = MEG id on the entry and ``<id>-<n>`` on line n (1-based).
* amounts: JSON numbers with exactly two decimals, written from the ``Decimal`` text
  (:func:`dumps_exact`), never through float.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal, JournalKind
from meg_inqom_desktop.domain.json_exact import dumps_exact as _dumps_exact
from meg_inqom_desktop.domain.money import money
from meg_inqom_desktop.inqom.wire import InqomJournal

MAX_BATCH = 50
# Pièce types Inqom takes as an entry's attachment (of those the app accepts from MEG).
ATTACHABLE = ("application/pdf", "image/png", "image/jpeg")

KIND_TO_TYPE: dict[JournalKind, str] = {
    JournalKind.SALES: "Sell",
    JournalKind.PURCHASES: "Buy",
    JournalKind.BANK: "Bank",
    JournalKind.EXPENSE_REPORTS: "Misc",
    JournalKind.MISC: "Misc",
}

_EXPENSE_HINTS = ("NDF", "NF", "FRAIS")


class JournalNotMapped(LookupError):
    """No Inqom journal fits a domain journal."""


def inqom_journal_type(journal: Journal) -> str:
    return KIND_TO_TYPE[journal.kind]


def resolve_journal(journal: Journal, journals: Sequence[InqomJournal]) -> InqomJournal:
    """The Inqom journal to post ``journal``'s entries into."""
    by_name = [j for j in journals if j.Name.strip().upper() == journal.code]
    if by_name:
        return by_name[0]
    if journal.kind is JournalKind.EXPENSE_REPORTS:
        for j in journals:
            text = f"{j.Name} {j.Description}".upper()
            if any(hint in text for hint in _EXPENSE_HINTS):
                return j
    wanted = inqom_journal_type(journal)
    for j in journals:
        if j.Type == wanted:
            return j
    raise JournalNotMapped(journal.code)


def line_external_id(entry_id: str, n: int) -> str:
    return f"{entry_id}-{n}"


def line_account_key(line: EntryLine) -> str:
    """The local key of a line's account: the auxiliary account when there is one."""
    return line.aux_account or line.account


def line_label(entry: Entry, line: EntryLine) -> str:
    """The label a line is posted with (Inqom needs one on every line)."""
    return (line.label or entry.label or entry.piece_ref)[:255]


def entry_to_wire(
    entry: Entry,
    journal_id: int,
    account_number: Callable[[EntryLine], str] = line_account_key,
    accounting_document_id: int | None = None,
) -> dict[str, Any]:
    """One entry as Inqom's ``POST /entries`` item (amounts stay ``Decimal``)."""
    if entry.date is None:
        raise ValueError("entry without date")
    body: dict[str, Any] = {
        "JournalId": journal_id,
        "Date": entry.date.isoformat(),
        "Document": {
            "Reference": entry.piece_ref[:256],
            "Date": (entry.piece_date or entry.date).isoformat(),
        },
        "ExternalId": entry.source_id,
        "Lines": [
            {
                "Label": line_label(entry, line),
                "DebitAmount": money(line.debit),
                "CreditAmount": money(line.credit),
                "Currency": "EUR",
                "AccountNumber": account_number(line),
                "ExternalId": line_external_id(entry.source_id, n),
            }
            for n, line in enumerate(entry.lines, start=1)
        ],
    }
    if accounting_document_id is not None:
        body["AccountingDocumentId"] = accounting_document_id
    return body


def _money_text(value: Decimal) -> str:
    return f"{money(value):f}"  # refuses sub-cent amounts


def dumps_exact(value: Any) -> bytes:
    """JSON text where each ``Decimal`` is written as its exact two-decimal number."""
    return _dumps_exact(value, decimal=_money_text)
