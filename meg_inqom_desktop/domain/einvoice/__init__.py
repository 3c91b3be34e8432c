"""Electronic invoices inside pièces (Factur-X, ZUGFeRD, CII, UBL), without any I/O.

- :mod:`.model`: the invoice as read (parties, lines, VAT breakdown, totals);
- :mod:`.findings`: typed findings with both figures side by side;
- :mod:`.crosscheck`: an entry compared with its invoices.

Reading the bytes of a pièce is :mod:`meg_inqom_desktop.store.einvoice`'s job.
"""

from __future__ import annotations

from meg_inqom_desktop.domain.einvoice.crosscheck import cross_check
from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding, Level, Rule
from meg_inqom_desktop.domain.einvoice.model import (
    Invoice,
    InvoiceLine,
    Party,
    Syntax,
    VatBreakdown,
)

__all__ = [
    "Invoice",
    "InvoiceFinding",
    "InvoiceLine",
    "Level",
    "Party",
    "Rule",
    "Syntax",
    "VatBreakdown",
    "cross_check",
]
