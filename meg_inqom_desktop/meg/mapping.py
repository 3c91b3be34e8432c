"""The ONE place mapping MEG's wire format to domain objects (``Entry``, ``EntryLine``,
``Document``). A change at MEG touches this module and ``meg.wire`` only.

Decimal strings become exact-cent ``Decimal``; ``validated_at`` (UTC) becomes the Paris date.
A pièce gets the name the app makes from the entry's piece reference and its type
(``domain.piece_files``), never the file name MEG announces.
:func:`parse_entry` never raises for bad data: it returns the entry or the readable reasons it
was set aside (schema errors and ``domain.validation`` problems, unbalanced entries and values
the ledger cannot hold included).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.piece_files import piece_file_name
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.domain.validation import validate_entry
from meg_inqom_desktop.meg import wire

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class ItemFailure:
    """An entry of a page set aside, with the reasons the accountant can read."""

    source_id: str  # MEG id if it could be read, else "#<index in page>"
    reasons: tuple[str, ...]
    codes: tuple[str, ...] = ()
    raw: Any = None

    @property
    def reason(self) -> str:
        return " ; ".join(self.reasons)


_PARIS_DATES: dict[datetime, date] = {}  # validations lock whole months: few distinct instants


def _paris_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if not 1900 <= moment.year <= 2199:  # out of range (refused by validation): no tz math
        return moment.date()
    day = _PARIS_DATES.get(moment)
    if day is None:
        day = moment.astimezone(PARIS).date() if moment.tzinfo else moment.date()
        if len(_PARIS_DATES) < 10_000:
            _PARIS_DATES[moment] = day
    return day


def document_to_domain(ref: wire.DocumentRef, piece_ref: str, index: int = 0) -> Document:
    return Document(
        source_id=ref["id"],
        filename=piece_file_name(piece_ref, ref["media_type"], index),
        media_type=ref["media_type"],
        size=ref["size"],
        sha256=ref["sha256"],
    )


def line_to_domain(entry_id: str, line: wire.EntryLine) -> EntryLine:
    # The wire pattern guarantees exactly two decimals: Decimal(text) is exact cents.
    return EntryLine(
        account=line["account"],
        label=line["label"],
        debit=Decimal(line["debit"]),
        credit=Decimal(line["credit"]),
        account_label=line["account_label"],
        aux_account=line["aux_account"] or "",
        aux_label=line.get("aux_label") or "",
        source_id=f"{entry_id}-{line['line_no']}",
    )


_JOURNALS: dict[tuple[str, str], Journal] = {}


def _journal(code: str, label: str) -> Journal:
    journal = _JOURNALS.get((code, label))
    if journal is None:
        journal = _JOURNALS.setdefault((code, label), Journal(code, label))
    return journal


def entry_to_domain(item: wire.Entry) -> Entry:
    entry_id = item["id"]
    lines = item["lines"]
    if len(lines) > 1 and any(a["line_no"] > b["line_no"] for a, b in itertools.pairwise(lines)):
        lines = sorted(lines, key=_line_no)
    return Entry(
        source_id=entry_id,
        journal=_journal(item["journal"], item["journal_label"]),
        date=item["date"],
        piece_ref=item["piece_ref"],
        label=item["label"],
        lines=tuple([line_to_domain(entry_id, ln) for ln in lines]),
        provenance=MEG,
        piece_date=item["piece_date"],
        validation_date=_paris_date(item["validated_at"]),
        documents=tuple(
            [document_to_domain(d, item["piece_ref"], i) for i, d in enumerate(item["documents"])]
        ),
    )


def _line_no(line: wire.EntryLine) -> int:
    return line["line_no"]


def _schema_reasons(exc: ValidationError) -> tuple[str, ...]:
    reasons = []
    for err in exc.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "écriture"
        reasons.append(f"champ « {where} » : {err['msg']}")
    return tuple(reasons)


def _raw_id(raw: Any, index: int) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(value, str) and value:
        return value
    return f"#{index + 1}"


def check_entry(
    item: wire.Entry, *, require_validated: bool = True, siret: str | None = None
) -> tuple[Entry | None, ItemFailure | None]:
    """Map an already parsed wire entry and validate it (and that it is the dossier's)."""
    try:
        entry = entry_to_domain(item)
    except (ArithmeticError, ValueError, TypeError) as exc:  # hostile values: this entry only
        reason = f"écriture illisible ({type(exc).__name__})"
        return None, ItemFailure(item["id"][:200], (reason,), ("invalid_entry",))
    found = validate_entry(entry)
    problems = [str(p) for p in found]
    codes = [p.code for p in found]
    if siret is not None and item["siret"] != siret:
        problems.append(f"l'écriture appartient à une autre société (SIRET {item['siret']})")
        codes.append("wrong_siret")
    if require_validated and item["validated_at"] is None:
        problems.append("l'écriture n'est pas validée dans MEG")
        codes.append("not_validated")
    if problems:
        return None, ItemFailure(item["id"], tuple(problems), tuple(codes))
    return entry, None


def parse_wire_entry(raw: Any, index: int = 0) -> wire.Entry | ItemFailure:
    """Schema check of one raw entry: the wire model, or a failure with readable reasons."""
    try:
        return wire.ENTRY.validate_python(raw)
    except ValidationError as exc:
        return ItemFailure(_raw_id(raw, index), _schema_reasons(exc), ("schema",), raw)


def parse_entry(
    raw: Any, index: int = 0, *, require_validated: bool = True, siret: str | None = None
) -> tuple[Entry | None, ItemFailure | None]:
    """One raw JSON entry → (entry, None) or (None, failure with readable reasons)."""
    item = parse_wire_entry(raw, index)
    if isinstance(item, ItemFailure):
        return None, item
    entry, failure = check_entry(item, require_validated=require_validated, siret=siret)
    if failure is not None:
        failure = ItemFailure(failure.source_id, failure.reasons, failure.codes, raw)
    return entry, failure


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


PAYLOAD_LIMIT = 64 * 1024  # characters of an entry's payload kept with its rejection
_TRUNCATED = "payload_truncated"


def payload_text(raw: Any) -> str:
    """An entry as MEG sent it (raw JSON data, or the parsed wire entry), as JSON text: what a
    rejection keeps so that the entry can be read again later. Beyond :data:`PAYLOAD_LIMIT`
    only its beginning is kept, marked so that it is not read again."""
    try:
        text = json.dumps(raw, ensure_ascii=False, default=_json_default)
    except (TypeError, ValueError, RecursionError):
        text = repr(raw)[:PAYLOAD_LIMIT]
    if len(text) <= PAYLOAD_LIMIT:
        return text
    return json.dumps({_TRUNCATED: len(text), "start": text[:4096]}, ensure_ascii=False)


def truncated_payload(source_id: str, size: int) -> dict[str, Any]:
    """What a rejection keeps of an entry too large to be read (its id and size only)."""
    return {_TRUNCATED: size, "id": source_id}


def is_truncated_payload(data: Any) -> bool:
    """True for a payload :func:`payload_text` kept in part only (not worth reading again)."""
    return isinstance(data, dict) and _TRUNCATED in data


def download_urls(items: list[wire.Entry]) -> dict[str, str]:
    return {d["id"]: d["download_url"] for it in items for d in it["documents"]}
