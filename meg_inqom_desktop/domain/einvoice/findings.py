"""What reading or cross-checking an electronic invoice found: typed findings in French.

Every finding names its rule, its level and, for a disagreement, both figures side by side
(``invoice`` and ``entry``), so the « À traiter » list can show them in two columns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Level(enum.StrEnum):
    """How much a finding matters."""

    MISMATCH = "mismatch"  # the invoice and the entry disagree: to review (À traiter)
    UNREADABLE = "unreadable"  # an invoice is there but could not be read or was refused
    REMARK = "remark"  # worth knowing; nothing to correct


class Rule(enum.StrEnum):
    """Finding codes (stable: scripts and the UI key on them)."""

    # reading
    PDF_UNREADABLE = "pdf_unreadable"
    ATTACHMENT_NOT_XML = "attachment_not_xml"
    XML_REFUSED = "xml_refused"  # DOCTYPE or entity declarations: never expanded
    XML_TOO_LARGE = "xml_too_large"
    XML_UNREADABLE = "xml_unreadable"
    NOT_AN_INVOICE = "not_an_invoice"  # XML that is neither CII nor UBL
    PROFILE_UNKNOWN = "profile_unknown"
    AMOUNT_UNREADABLE = "amount_unreadable"
    AMOUNT_PRECISION = "amount_precision"
    DATE_UNREADABLE = "date_unreadable"
    CURRENCY = "currency"
    SCHEMA = "schema"  # not valid against the profile's XSD
    INVOICE_TOTALS = "invoice_totals"  # the invoice's own sums disagree
    # cross-check with the entry
    TOTAL_WITH_TAX = "total_with_tax"
    TOTAL_WITHOUT_TAX = "total_without_tax"
    BASIS_PER_RATE = "basis_per_rate"
    VAT_TOTAL = "vat_total"
    VAT_PER_RATE = "vat_per_rate"
    CREDIT_NOTE = "credit_note"
    NUMBER = "number"
    ISSUE_DATE = "issue_date"
    DOSSIER_SIREN = "dossier_siren"
    THIRD_PARTY = "third_party"
    NO_THIRD_PARTY_LINE = "no_third_party_line"
    SEVERAL_INVOICES = "several_invoices"


@dataclass(frozen=True)
class InvoiceFinding:
    """One finding about one pièce's invoice."""

    rule: Rule
    level: Level
    message: str  # French: what happened and what to do
    document: str = ""  # the pièce (file name) it concerns
    invoice: str = ""  # the figure on the invoice, as shown to the accountant
    entry: str = ""  # the figure in the entry

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.value,
            "level": self.level.value,
            "message": self.message,
            "document": self.document,
            "invoice": self.invoice,
            "entry": self.entry,
        }
