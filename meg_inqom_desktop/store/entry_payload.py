"""An :class:`~meg_inqom_desktop.domain.entry.Entry` as JSON-ready data and back.

Used for the raw payload of a :class:`~meg_inqom_desktop.store.models.Conflict` (the new
version of an entry, kept until the accountant chooses) and anywhere an entry must be stored
as text. Amounts are decimal strings, dates ISO-8601.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import provenance as provenance_for


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pd(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """JSON-ready dict of every field of ``entry``."""
    return {
        "source_id": entry.source_id,
        "provenance": entry.provenance.code if entry.provenance else None,
        "journal": {"code": entry.journal.code, "label": entry.journal.label},
        "date": _d(entry.date),
        "piece_ref": entry.piece_ref,
        "label": entry.label,
        "number": entry.number,
        "piece_date": _d(entry.piece_date),
        "validation_date": _d(entry.validation_date),
        "lines": [
            {
                "account": ln.account,
                "label": ln.label,
                "debit": str(ln.debit),
                "credit": str(ln.credit),
                "account_label": ln.account_label,
                "aux_account": ln.aux_account,
                "aux_label": ln.aux_label,
                "lettering": ln.lettering,
                "lettering_date": _d(ln.lettering_date),
                "currency_amount": (
                    str(ln.currency_amount) if ln.currency_amount is not None else None
                ),
                "currency": ln.currency,
                "source_id": ln.source_id,
                "date": _d(ln.date),
                "piece_ref": ln.piece_ref,
            }
            for ln in entry.lines
        ],
        "documents": [
            {
                "source_id": doc.source_id,
                "filename": doc.filename,
                "media_type": doc.media_type,
                "size": doc.size,
                "sha256": doc.sha256,
            }
            for doc in entry.documents
        ],
    }


def entry_from_dict(data: dict[str, Any]) -> Entry:
    """The :class:`Entry` that :func:`entry_to_dict` described."""
    code = data.get("provenance")
    return Entry(
        source_id=data["source_id"],
        journal=Journal(data["journal"]["code"], data["journal"].get("label", "")),
        date=_pd(data.get("date")),
        piece_ref=data.get("piece_ref", ""),
        label=data.get("label", ""),
        number=data.get("number", ""),
        piece_date=_pd(data.get("piece_date")),
        validation_date=_pd(data.get("validation_date")),
        provenance=provenance_for(code) if code else None,
        lines=tuple(
            EntryLine(
                account=ln["account"],
                label=ln.get("label", ""),
                debit=Decimal(ln.get("debit", "0.00")),
                credit=Decimal(ln.get("credit", "0.00")),
                account_label=ln.get("account_label", ""),
                aux_account=ln.get("aux_account", ""),
                aux_label=ln.get("aux_label", ""),
                lettering=ln.get("lettering", ""),
                lettering_date=_pd(ln.get("lettering_date")),
                currency_amount=(
                    Decimal(ln["currency_amount"])
                    if ln.get("currency_amount") is not None
                    else None
                ),
                currency=ln.get("currency", ""),
                source_id=ln.get("source_id", ""),
                date=_pd(ln.get("date")),
                piece_ref=ln.get("piece_ref"),
            )
            for ln in data.get("lines", ())
        ),
        documents=tuple(
            Document(
                source_id=doc["source_id"],
                filename=doc.get("filename", ""),
                media_type=doc.get("media_type", "application/pdf"),
                size=int(doc.get("size", 0)),
                sha256=doc.get("sha256", ""),
            )
            for doc in data.get("documents", ())
        ),
    )


def entry_to_json(entry: Entry) -> str:
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, sort_keys=True)


def entry_from_json(text: str) -> Entry:
    return entry_from_dict(json.loads(text))
