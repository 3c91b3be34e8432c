"""The pull's cross-check of each entry with the electronic invoices its pièces carry.

For every entry of a page that has pièces, the invoices read from them (Factur-X, CII, UBL)
are compared with the entry (:func:`~meg_inqom_desktop.store.einvoice.checks.
check_entry_invoices`). A disagreement, or an invoice that is there but cannot be read, becomes
one « À traiter » item of kind ``invoice`` per entry, listing each finding with the invoice's
figure and the entry's side by side; it never keeps the entry from being stored or pushed (the
accountant decides). An entry whose invoices agree resolves its item, so a later version that
matches clears it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding, Level
from meg_inqom_desktop.domain.entry import Document, Entry
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.einvoice.checks import check_entry_invoices
from meg_inqom_desktop.store.ledger_writes import RejectionItem

KIND = "invoice"
#: the levels that go to « À traiter » (remarks stay in the pièce viewer)
TO_REVIEW = frozenset({Level.MISMATCH, Level.UNREADABLE})


@dataclass(frozen=True)
class InvoiceReview:
    """A page's outcome: the entries to review, and those whose invoices agree."""

    items: list[RejectionItem]
    agreeing: list[str]  # source ids


def review_invoices(
    entries: Sequence[Entry],
    dossier_siret: str,
    fresh: Mapping[str, bytes],
    content: ContentStore,
) -> InvoiceReview:
    """Cross-check each entry having pièces with the invoices they carry.

    ``fresh``: bytes downloaded with the page, by sha256; other pièces are read from the
    content store. CPU-bound (about a millisecond per Factur-X pièce): run it in a thread.
    """
    items: list[RejectionItem] = []
    agreeing: list[str] = []
    for entry in entries:
        if not entry.documents:
            continue
        pieces: list[tuple[Document, bytes]] = []
        for document in entry.documents:
            data = fresh.get(document.sha256)
            if data is None and content.exists(document.sha256):
                data = content.read(document.sha256)
            if data is not None:
                pieces.append((document, data))
        found = [
            f for f in check_entry_invoices(entry, dossier_siret, pieces) if f.level in TO_REVIEW
        ]
        if found:
            items.append(_item(entry, found))
        else:
            agreeing.append(entry.source_id)
    return InvoiceReview(items, agreeing)


def _item(entry: Entry, found: list[InvoiceFinding]) -> RejectionItem:
    head = (
        f"Écriture MEG {entry.source_id} ({entry.piece_ref}) : la facture électronique de sa "
        "pièce ne correspond pas à l'écriture (l'écriture est enregistrée et envoyée quand "
        "même ; corrigez-la dans MEG si besoin)."
    )
    return RejectionItem(
        KIND,
        entry.source_id,
        found[0].rule.value,
        "\n".join([head, *(f"• {f.message}" for f in found)]),
        json.dumps([f.as_dict() for f in found], ensure_ascii=False),
    )
