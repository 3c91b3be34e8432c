"""The pièce viewer shows a Factur-X pièce's invoice beside its pages (parties with SIREN and
VAT numbers, lines, VAT breakdown, due date, amount due); a plain PDF shows none; a refused
invoice says why. The rows are tested without widgets, then the dialog headless."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QLabel, QTableWidget
from qt_helpers import save_screenshot

from meg_inqom_desktop.sandbox.pdfs import document_bytes
from meg_inqom_desktop.sandbox.seed import build_seed
from meg_inqom_desktop.store.einvoice.reader import read_invoice
from meg_inqom_desktop.ui.views.invoice_panel import invoice_rows
from meg_inqom_desktop.ui.views.piece_viewer import PieceViewer

SAMPLES = Path(__file__).parents[1] / "data" / "einvoice"


class Backend:
    """What the viewer asks of the app: a pièce's bytes by sha256."""

    def __init__(self, pieces: dict[str, bytes]) -> None:
        self.pieces = pieces

    async def read_document(self, sha256: str) -> bytes:
        return self.pieces[sha256]

    def document_path(self, sha256: str) -> Path:  # pragma: no cover - not used here
        raise AssertionError(sha256)


def sandbox_pieces() -> tuple[object, object]:
    meg, _ = build_seed(42)
    docs = list(meg.documents.values())
    factur_x = next(d for d in docs if d.render.get("einvoice", {}).get("profile") == "en16931")
    plain = next(d for d in docs if d.render["kind"] == "expense_report")
    return factur_x, plain


def test_rows_of_a_french_extended_invoice() -> None:
    rows = invoice_rows(read_invoice((SAMPLES / "extended_simple_2.xml").read_bytes()))
    assert rows is not None
    assert rows.title == "Facture n° F20200027 du 15/01/2020 — Factur-X EXTENDED"
    assert ("SIREN", "123456789") in rows.seller and ("N° TVA", "FR32123456789") in rows.seller
    assert ("SIRET", "98765432100029") in rows.buyer
    assert rows.lines[0] == ("PRESTATION SUPPORT", "1", "60,00\u202f€", "10 %")
    assert rows.vat == [("S", "10 %", "100,00\u202f€", "10,00\u202f€")]
    assert ("Net à payer", "100,00\u202f€") in rows.totals
    assert ("Échéance", "15/02/2020") in rows.totals and (
        "Acompte versé",
        "10,00\u202f€",
    ) in rows.totals


def test_no_rows_for_a_pièce_without_invoice() -> None:
    _fx, plain = sandbox_pieces()
    assert invoice_rows(read_invoice(document_bytes(plain))) is None  # type: ignore[arg-type]


def test_viewer_shows_the_invoice_beside_the_pages(qapp, qtbot, qloop) -> None:
    fx, plain = sandbox_pieces()
    evil = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'
    pieces = {"fx": document_bytes(fx), "plain": document_bytes(plain), "evil": evil}  # type: ignore[arg-type]
    documents = [
        SimpleNamespace(filename=fx.filename, sha256="fx", media_type="application/pdf"),  # type: ignore[attr-defined]
        SimpleNamespace(filename="scan.pdf", sha256="plain", media_type="application/pdf"),
        SimpleNamespace(filename="facture.xml", sha256="evil", media_type="application/xml"),
    ]
    viewer = PieceViewer(Backend(pieces), documents)
    qtbot.addWidget(viewer)
    viewer.show()
    panel = viewer.invoice_panel
    einvoice = fx.render["einvoice"]  # type: ignore[attr-defined]

    async def scenario() -> None:
        assert await viewer.load() == 1
        assert panel.isVisible() and panel.rows is not None
        texts = " ".join(w.text() for w in panel.findChildren(QLabel))
        assert einvoice["number"] in texts and einvoice["buyer"]["siren"] in texts
        assert einvoice["seller"]["vat"] in texts and "Net à payer" in texts
        assert "Échéance" in texts
        tables = panel.findChildren(QTableWidget)
        assert [t.rowCount() for t in tables] == [len(einvoice["lines"]), 1]  # lines, VAT
        save_screenshot(viewer, "piece_viewer_facturx")
        viewer.chooser.setCurrentIndex(1)
        assert await viewer.load() == 1
        assert not panel.isVisible() and panel.rows is None
        viewer.chooser.setCurrentIndex(2)
        assert await viewer.load() == 0  # not a picture...
        assert panel.isVisible() and panel.rows is not None  # ... but the refusal is shown
        assert "DOCTYPE" in " ".join(panel.rows.findings)

    qloop.run_until_complete(scenario())
    viewer.close()
