"""Benchmark: reading the electronic invoice of a pièce, milliseconds per pièce.

Prints medians over ``--runs`` passes of:

- ours on the sandbox's Factur-X PDFs: :func:`read_invoice` (the attachment found with pypdf,
  the XML parsed by the hardened parser, the invoice and its findings);
- baseline, measured in the same run on the same PDFs: the factur-x package's own
  ``get_xml_from_pdf(check_xsd=False)``, which only finds and parses the attachment;
- ours on plain PDFs (the sandbox's expense reports: nothing to find) and on the public XML
  samples of tests/data/einvoice;
- :func:`check_entry_invoices` per sandbox entry with a Factur-X pièce (read + cross-check).

    python bench/bench_facturx_read.py [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine  # noqa: E402
from meg_inqom_desktop.domain.journal import Journal  # noqa: E402
from meg_inqom_desktop.sandbox.pdfs import document_bytes  # noqa: E402
from meg_inqom_desktop.sandbox.seed import build_seed  # noqa: E402
from meg_inqom_desktop.store.einvoice.checks import check_entry_invoices  # noqa: E402
from meg_inqom_desktop.store.einvoice.reader import read_invoice  # noqa: E402


def per_item_ms(items: list[object], work: Callable[[object], object], runs: int) -> list[float]:
    """Milliseconds per item of each pass over ``items``."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        for item in items:
            work(item)
        out.append((time.perf_counter() - start) * 1000 / len(items))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import facturx  # type: ignore[import-untyped]

    meg, _ = build_seed(42)
    docs = list(meg.documents.values())
    factur_x = [document_bytes(d) for d in docs if d.render.get("einvoice")]
    plain = [document_bytes(d) for d in docs if d.render["kind"] == "expense_report"]
    samples = [p.read_bytes() for p in sorted((ROOT / "tests/data/einvoice").glob("*.xml"))]
    checks = []
    for company in meg.companies.values():
        for e in company.entries:
            if any(d.render.get("einvoice") for d in e.documents):
                lines = tuple(
                    EntryLine(
                        ln.account, ln.label, ln.debit, ln.credit, aux_label=ln.aux_label or ""
                    )
                    for ln in e.lines
                )
                entry = Entry(e.id, Journal(e.journal), e.date, e.piece_ref, e.label, lines)
                pieces = [(Document(d.id, d.filename), document_bytes(d)) for d in e.documents]
                checks.append((entry, company.siret, pieces))
    read_invoice(factur_x[0])  # imports (factur-x, pypdf) out of the measure
    rows = [
        ("nous, PDF Factur-X", factur_x, lambda b: read_invoice(b)),  # type: ignore[arg-type]
        (
            "référence factur-x (extraction)",
            factur_x,
            lambda b: facturx.get_xml_from_pdf(b, check_xsd=False),
        ),
        ("nous, PDF simples", plain, lambda b: read_invoice(b)),  # type: ignore[arg-type]
        ("nous, XML publics", samples, lambda b: read_invoice(b)),  # type: ignore[arg-type]
        ("check_entry_invoices", checks, lambda c: check_entry_invoices(*c)),  # type: ignore[misc]
    ]
    medians = {}
    for title, items, work in rows:
        runs = per_item_ms(items, work, args.runs)
        medians[title] = statistics.median(runs)
        shown = [round(r, 2) for r in runs]
        print(f"{title:<32}: {medians[title]:.2f} ms/pièce {shown} ({len(items)} éléments)")
    ratio = medians["nous, PDF Factur-X"] / medians["référence factur-x (extraction)"]
    print(f"ratio nous / extraction factur-x : {ratio:.2f}")


if __name__ == "__main__":
    main()
