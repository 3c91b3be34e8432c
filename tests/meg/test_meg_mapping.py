"""MEG wire → domain mapping: exact cents, dates, per-item failures with readable reasons."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.meg import mapping, wire

SHA = "a" * 64


def raw_entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "meg-000123",
        "siret": "73282932000074",
        "journal": "AC",
        "journal_label": "Achats",
        "date": "2025-03-14",
        "piece_ref": "FF-2025-0042",
        "piece_date": "2025-03-13",
        "label": "Fournitures ACME",
        "currency": "EUR",
        "validated_at": "2025-03-31T22:30:00Z",
        "lines": [
            {
                "line_no": 1,
                "account": "606400",
                "aux_account": None,
                "account_label": "Fournitures",
                "label": "Fournitures",
                "debit": "100.10",
                "credit": "0.00",
            },
            {
                "line_no": 2,
                "account": "445660",
                "aux_account": None,
                "account_label": "TVA déductible",
                "label": "TVA 20 %",
                "debit": "20.02",
                "credit": "0.00",
            },
            {
                "line_no": 3,
                "account": "401000",
                "aux_account": "FACME",
                "account_label": "Fournisseurs",
                "aux_label": "ACME",
                "label": "ACME",
                "debit": "0.00",
                "credit": "120.12",
            },
        ],
        "documents": [
            {
                "id": "doc-1",
                "filename": "FF-2025-0042.pdf",
                "media_type": "application/pdf",
                "size": 1234,
                "sha256": SHA,
                "download_url": "http://127.0.0.1:1/meg/documents/doc-1",
            }
        ],
        "future_field": {"ignored": True},
    }
    entry.update(overrides)
    return entry


def test_good_entry_maps_exactly() -> None:
    entry, failure = mapping.parse_entry(raw_entry())
    assert failure is None and entry is not None
    assert entry.source_id == "meg-000123"
    assert entry.provenance is MEG
    assert entry.journal.code == "AC"
    assert entry.date == date(2025, 3, 14) and entry.piece_date == date(2025, 3, 13)
    assert entry.validation_date == date(2025, 4, 1)  # 22:30 UTC is the next day in Paris
    debits = [ln.debit for ln in entry.lines]
    assert debits == [Decimal("100.10"), Decimal("20.02"), Decimal("0.00")]
    assert all(isinstance(d, Decimal) for d in debits)
    assert entry.lines[2].aux_account == "FACME" and entry.lines[2].aux_label == "ACME"
    assert entry.lines[0].source_id == "meg-000123-1"
    assert entry.documents[0].sha256 == SHA and entry.documents[0].size == 1234
    assert entry.is_balanced


def test_lines_are_ordered_by_line_no() -> None:
    raw = raw_entry()
    raw["lines"] = list(reversed(raw["lines"]))
    entry, _ = mapping.parse_entry(raw)
    assert entry is not None
    assert [ln.source_id for ln in entry.lines] == ["meg-000123-1", "meg-000123-2", "meg-000123-3"]


def test_unbalanced_entry_is_set_aside_with_its_reason() -> None:
    raw = raw_entry()
    raw["lines"][2]["credit"] = "120.00"
    entry, failure = mapping.parse_entry(raw)
    assert entry is None and failure is not None
    assert failure.source_id == "meg-000123"
    assert failure.codes == ("unbalanced",)
    assert "n'est pas équilibrée" in failure.reason
    assert "120,12" in failure.reason and "120,00" in failure.reason


def test_schema_errors_are_readable() -> None:
    bad = raw_entry(journal="XX")
    bad["lines"][0]["debit"] = 100.1  # a JSON number, not a decimal string
    entry, failure = mapping.parse_entry(bad, index=4)
    assert entry is None and failure is not None
    assert failure.codes == ("schema",)
    assert any("journal" in r for r in failure.reasons)
    assert any("lines.0.debit" in r for r in failure.reasons)
    no_id = raw_entry()
    del no_id["id"]
    _, failure = mapping.parse_entry(no_id, index=4)
    assert failure is not None and failure.source_id == "#5"
    assert failure.codes == ("schema",) and any("« id »" in r for r in failure.reasons)
    _, failure = mapping.parse_entry("not an object", index=0)
    assert failure is not None and failure.source_id == "#1"
    assert failure.codes == ("schema",)


def test_amount_with_three_decimals_or_comma_refused() -> None:
    """Refused for its form (the schema), not because the changed amount unbalances the entry."""
    for amount in ("1.234", "1,23", "-1.00", "1e3"):
        raw = raw_entry()
        raw["lines"][0]["debit"] = amount
        entry, failure = mapping.parse_entry(raw)
        assert entry is None and failure is not None, amount
        assert failure.codes == ("schema",), amount
        assert len(failure.reasons) == 1 and "« lines.0.debit »" in failure.reasons[0], amount


def test_unvalidated_entry_refused_in_feed_accepted_in_preview() -> None:
    raw = raw_entry(validated_at=None)
    _, failure = mapping.parse_entry(raw)
    assert failure is not None and failure.codes == ("not_validated",)
    assert failure.reason == "l'écriture n'est pas validée dans MEG"
    entry, failure = mapping.parse_entry(copy.deepcopy(raw), require_validated=False)
    assert failure is None and entry is not None and entry.validation_date is None


def test_whole_page_model() -> None:
    page = wire.ENTRY_PAGE.validate_python(
        {"entries": [raw_entry()], "next_cursor": "c1", "has_more": False}
    )
    assert mapping.download_urls(page["entries"]) == {
        "doc-1": "http://127.0.0.1:1/meg/documents/doc-1"
    }
