"""Reading Inqom back to learn whether entries whose POST outcome is unknown were created.

Inqom has no idempotency key, so before sending an entry again the push looks for it in
``GET /entry-lines`` over the entries' dates: first by the lines' ``ExternalId``
(``<MEG id>-<n>``) when Inqom returns it, else by a signature (date, account numbers and
amounts of every line). Inqom entries already known as ours (pushed) are never matched twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.models import PushRecord

Signature = tuple[str, tuple[tuple[str, Decimal, Decimal], ...]]


class HasEntry(Protocol):
    record_id: int
    entry: Entry


def _sig(day: date | None, lines: Sequence[tuple[str, Decimal, Decimal]]) -> Signature:
    return (day.isoformat() if day else "", tuple(sorted(lines)))


def _day(value: Any) -> date | None:
    if value is None:
        return None
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    assert isinstance(day, date)
    return day


class ReadBack:
    """Looks entries up in Inqom (one instance per push)."""

    def __init__(
        self,
        inqom: Any,
        folder: int,
        account_number: Callable[[EntryLine], str | None] | None = None,
    ) -> None:
        self.inqom = inqom
        self.folder = folder
        self.account_number = account_number
        self.calls = 0

    async def _lines(self, start: date, end: date) -> list[Any]:
        out: list[Any] = []
        async for line in self.inqom.iter_entry_lines(self.folder, start, end):
            out.append(line)
        self.calls += 1
        return out

    async def find(self, items: Sequence[HasEntry]) -> dict[int, int]:
        """record id → Inqom entry id, for the items Inqom already has."""
        dated = [i for i in items if i.entry.date is not None]
        if not dated:
            return {}
        start = min(i.entry.date for i in dated)  # type: ignore[type-var]
        end = max(i.entry.date for i in dated)  # type: ignore[type-var]
        lines = await self._lines(start, end)  # type: ignore[arg-type]
        with convert_db_errors():
            dossier_ids = {
                r.dossier_id
                for r in PushRecord.select(PushRecord.dossier).where(
                    PushRecord.id.in_([i.record_id for i in dated])
                )
            }
            taken = {
                r.inqom_entry_id
                for r in PushRecord.select(PushRecord.inqom_entry_id).where(
                    PushRecord.dossier.in_(list(dossier_ids))
                    & PushRecord.inqom_entry_id.is_null(False)
                )
            }
        by_entry: dict[int, list[Any]] = defaultdict(list)
        ext_to_entry: dict[str, int] = {}
        for ln in lines:
            by_entry[ln.Entry.Id].append(ln)
            if ln.ExternalId:
                ext_to_entry[ln.ExternalId] = ln.Entry.Id
        found: dict[int, int] = {}
        # 1. by ExternalId of the first line
        for item in dated:
            first_ext = item.entry.lines[0].source_id if item.entry.lines else ""
            candidates = [first_ext, f"{item.entry.source_id}-1"]
            for ext in candidates:
                inqom_id = ext_to_entry.get(ext)
                if inqom_id is not None and inqom_id not in taken:
                    found[item.record_id] = inqom_id
                    taken.add(inqom_id)
                    break
        # 2. by signature
        sigs: dict[Signature, list[int]] = defaultdict(list)
        for inqom_id, its in sorted(by_entry.items()):
            if inqom_id in taken:
                continue
            sigs[
                _sig(
                    _day(its[0].Entry.Date),
                    [(ln.AccountNumber, ln.DebitAmount, ln.CreditAmount) for ln in its],
                )
            ].append(inqom_id)
        for item in dated:
            if item.record_id in found:
                continue
            sig = self.signature(item.entry)
            pool = sigs.get(sig)
            if pool:
                found[item.record_id] = pool.pop(0)
        return found

    def signature(self, entry: Entry) -> Signature:
        parts = []
        for ln in entry.lines:
            number = self.account_number(ln) if self.account_number else None
            parts.append((number or ln.account, ln.debit, ln.credit))
        return _sig(entry.date, parts)

    async def has_document(self, entry: Entry, inqom_entry_id: int | None) -> bool:
        """True if the Inqom entry already carries a pièce."""
        if inqom_entry_id is None or entry.date is None:
            return False
        lines = await self._lines(entry.date, entry.date)
        return any(
            ln.Entry.Id == inqom_entry_id
            and ln.AccountingDocument is not None
            and ln.AccountingDocument.Id is not None
            for ln in lines
        )
