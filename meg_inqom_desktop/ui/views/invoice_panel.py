"""The electronic invoice of a pièce, shown beside its pages in the pièce viewer: parties with
their SIREN and VAT numbers, lines, VAT breakdown, totals, due date and amount due, and what
reading it found.

:func:`invoice_rows` turns what was read into plain rows (tested without widgets); the panel
only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.domain.einvoice.model import Party, cents
from meg_inqom_desktop.domain.money import format_amount
from meg_inqom_desktop.store.einvoice.reader import InvoiceRead


def _money(value: Decimal | None) -> str:
    rounded = cents(value)
    return "" if rounded is None else format_amount(rounded, currency=True)


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f} %".replace(".", ",")


def _party(party: Party) -> list[tuple[str, str]]:
    rows = [("Nom", party.name or "—")]
    if party.siret:
        rows.append(("SIRET", party.siret))
    if party.siren:
        rows.append(("SIREN", party.siren))
    if party.vat_id:
        rows.append(("N° TVA", party.vat_id))
    if party.address:
        rows.append(("Adresse", party.address))
    return rows


@dataclass
class InvoiceRows:
    """What the panel shows, as text (French)."""

    title: str = ""
    seller: list[tuple[str, str]] = field(default_factory=list)
    buyer: list[tuple[str, str]] = field(default_factory=list)
    lines: list[tuple[str, ...]] = field(default_factory=list)
    vat: list[tuple[str, ...]] = field(default_factory=list)
    totals: list[tuple[str, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


def invoice_rows(read: InvoiceRead) -> InvoiceRows | None:
    """The panel's rows for a pièce; None when it carries no invoice (nothing to show)."""
    if not read.carries_invoice and not read.findings:
        return None
    rows = InvoiceRows(findings=[f.message for f in read.findings])
    inv = read.invoice
    if inv is None:
        rows.title = "Facture électronique illisible"
        return rows
    issued = f" du {inv.issue_date:%d/%m/%Y}" if inv.issue_date else ""
    profile = f" — Factur-X {inv.profile}" if inv.profile and inv.syntax.value == "CII" else ""
    if inv.syntax.value != "CII":
        profile = f" — {inv.syntax.value} {inv.profile}".rstrip()
    rows.title = f"{inv.kind_label} n° {inv.number or '—'}{issued}{profile}"
    rows.seller, rows.buyer = _party(inv.seller), _party(inv.buyer)
    rows.lines = [
        (
            ln.name,
            "" if ln.quantity is None else f"{ln.quantity.normalize():f}".replace(".", ","),
            _money(ln.net_amount),
            _rate(ln.vat_rate),
        )
        for ln in inv.lines
    ]
    rows.vat = [(v.category, _rate(v.rate), _money(v.basis), _money(v.tax)) for v in inv.vat]
    for label, value in (
        ("Total HT", inv.total_without_tax),
        ("Total TVA", inv.tax_total),
        ("Total TTC", inv.grand_total),
        ("Acompte versé", inv.prepaid if inv.prepaid else None),
        ("Net à payer", inv.due_payable),
    ):
        if value is not None:
            rows.totals.append((label, _money(value)))
    if inv.due_date:
        rows.totals.append(("Échéance", f"{inv.due_date:%d/%m/%Y}"))
    if inv.currency and inv.currency != "EUR":
        rows.totals.append(("Devise", inv.currency))
    return rows


def _table(headers: list[str], data: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(data), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for r, row in enumerate(data):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.setMaximumHeight(28 + 26 * min(len(data), 8))
    return table


class InvoicePanel(QWidget):
    """The invoice beside the pages; hidden for a pièce without one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: InvoiceRows | None = None
        self.setMinimumWidth(360)
        self._layout = QVBoxLayout(self)
        self.hide()

    def _label(self, french: str) -> str:
        """A row label of :func:`invoice_rows` in the interface's language."""
        labels = {
            "Nom": self.tr("Nom"),
            "N° TVA": self.tr("N° TVA"),
            "Adresse": self.tr("Adresse"),
            "Total HT": self.tr("Total HT"),
            "Total TVA": self.tr("Total TVA"),
            "Total TTC": self.tr("Total TTC"),
            "Acompte versé": self.tr("Acompte versé"),
            "Net à payer": self.tr("Net à payer"),
            "Échéance": self.tr("Échéance"),
            "Devise": self.tr("Devise"),
        }
        return labels.get(french, french)

    def clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_read(self, read: InvoiceRead) -> None:
        """Show what was read from the current pièce (or hide when it has no invoice)."""
        self.clear()
        self.rows = invoice_rows(read)
        if self.rows is None:
            self.hide()
            return
        rows = self.rows
        title = QLabel(f"<b>{rows.title}</b>")
        title.setWordWrap(True)
        self._layout.addWidget(title)
        for heading, party in (
            (self.tr("Vendeur"), rows.seller),
            (self.tr("Acheteur"), rows.buyer),
        ):
            if not party:
                continue
            box = QGroupBox(heading)
            form = QFormLayout(box)
            for label, value in party:
                shown = QLabel(value)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(self._label(label), shown)
            self._layout.addWidget(box)
        if rows.lines:
            self._layout.addWidget(QLabel(self.tr("Lignes")))
            self._layout.addWidget(
                _table(
                    [self.tr("Désignation"), self.tr("Qté"), self.tr("Montant HT"), self.tr("TVA")],
                    rows.lines,
                )
            )
        if rows.vat:
            self._layout.addWidget(QLabel(self.tr("TVA par taux")))
            self._layout.addWidget(
                _table(
                    [self.tr("Catégorie"), self.tr("Taux"), self.tr("Base"), self.tr("TVA")],
                    rows.vat,
                )
            )
        if rows.totals:
            box = QGroupBox(self.tr("Totaux"))
            form = QFormLayout(box)
            for label, value in rows.totals:
                shown = QLabel(f"<b>{value}</b>" if label == "Net à payer" else value)
                form.addRow(self._label(label), shown)
            self._layout.addWidget(box)
        for message in rows.findings:
            note = QLabel(f"⚠ {message}")
            note.setWordWrap(True)
            self._layout.addWidget(note)
        self._layout.addStretch(1)
        self.show()
