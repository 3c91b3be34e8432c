"""What the sync calls for each entry: read its pièces' invoices and compare them with it."""

from __future__ import annotations

from collections.abc import Iterable

from meg_inqom_desktop.domain.einvoice.crosscheck import cross_check
from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding
from meg_inqom_desktop.domain.einvoice.model import Invoice
from meg_inqom_desktop.domain.entry import Document, Entry
from meg_inqom_desktop.store.einvoice.reader import read_invoice


def check_entry_invoices(
    entry: Entry, dossier_siren: str, pieces: Iterable[tuple[Document, bytes]]
) -> list[InvoiceFinding]:
    """Findings for one entry: what reading each pièce's invoice found, then the comparison
    of the entry with the invoices read (amounts, number, date, SIREN, credit notes).

    ``dossier_siren``: the dossier's SIREN or SIRET. ``pieces``: each of the entry's documents
    with its bytes (as the content store keeps them). Plain PDFs and images give nothing; an
    empty list means the invoices, if any, agree with the entry. Never raises on bad bytes.
    CPU-bound (a few milliseconds per Factur-X pièce): call it off the GUI thread.
    """
    findings: list[InvoiceFinding] = []
    invoices: list[tuple[str, Invoice]] = []
    for document, data in pieces:
        name = document.filename or document.source_id
        read = read_invoice(data, name)
        findings.extend(read.findings)
        if read.invoice is not None:
            invoices.append((name, read.invoice))
    findings.extend(cross_check(entry, dossier_siren, invoices))
    return findings
