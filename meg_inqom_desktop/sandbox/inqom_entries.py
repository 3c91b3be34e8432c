"""Inqom emulator: entries (≤ 50 per call, all-or-none, no idempotency), their update
(``PUT``) and their read-back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from meg_inqom_desktop.sandbox.common import json_response
from meg_inqom_desktop.sandbox.inqom_http import (
    Fail,
    api_state,
    datetime_param,
    folder_of,
    handler,
    page_param,
    required_date,
)
from meg_inqom_desktop.sandbox.state import InqomEntry, InqomFolder, InqomLine

MAX_ENTRIES = 50
LINES_PAGE = 100
CHANGES_PAGE = 1000
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 13  # beyond any real entry; keeps Decimal within its precision


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    dec = Decimal(value)
    if not dec.is_finite() or dec < 0 or dec >= MAX_AMOUNT or dec != dec.quantize(CENT):
        return None
    return dec.quantize(CENT)


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _check_entry(f: InqomFolder, i: int, raw: Any, errors: list[dict[str, Any]]) -> None:
    def err(code: str, message: str, line: int | None = None) -> None:
        ext = raw.get("ExternalId") if isinstance(raw, dict) else None
        ext = ext if isinstance(ext, str) else None
        errors.append(
            {
                "EntryIndex": i,
                "LineIndex": line,
                "ExternalId": ext,
                "Code": code,
                "Message": message,
            }
        )

    if not isinstance(raw, dict):
        err("MissingField", "Une écriture est un objet.")
        return
    if not isinstance(raw.get("JournalId"), int) or f.journal(raw["JournalId"]) is None:
        err("JournalNotFound", "JournalId inconnu dans ce dossier.")
    day = _parse_date(raw.get("Date"))
    if day is None:
        err("InvalidDate", "Date : AAAA-MM-JJ attendue.")
    else:
        period = f.period_for(day)
        if period is None:
            err("ExercisesNotFound", "Aucun exercice ne couvre cette date.")
        elif period.Locked:
            err("ExerciseLockedForDates", f"L'exercice {period.Name} est clôturé.")
    if not _text_or_none(raw.get("ExternalId")):
        err("MissingField", "ExternalId : texte ou null.")
    doc = raw.get("Document")
    if doc is not None and (
        not isinstance(doc, dict)
        or not isinstance(doc.get("Reference", ""), str)
        or len(doc.get("Reference", "")) > 256
        or not _text_or_none(doc.get("Date"))
    ):
        err("MissingField", "Document : {Reference ≤ 256, Date}.")
    doc_id = raw.get("AccountingDocumentId")
    if doc_id is not None and (not isinstance(doc_id, int) or doc_id not in f.documents):
        err("AccountingDocumentNotFound", "AccountingDocumentId inconnu.")
    lines = raw.get("Lines")
    if not isinstance(lines, list) or len(lines) < 2:
        err("MissingField", "Lines : au moins deux lignes.")
        return
    debit = credit = Decimal(0)
    for j, line in enumerate(lines):
        if not isinstance(line, dict):
            err("MissingField", "Une ligne est un objet.", j)
            continue
        if not isinstance(line.get("Label"), str) or not line["Label"].strip():
            err("MissingField", "Label requis.", j)
        if not _text_or_none(line.get("ExternalId")):
            err("MissingField", "ExternalId : texte ou null.", j)
        d, c = _amount(line.get("DebitAmount")), _amount(line.get("CreditAmount"))
        if d is None or c is None or (d > 0) == (c > 0):
            err("InvalidAmount", "DebitAmount/CreditAmount : un seul > 0, deux décimales.", j)
        else:
            debit, credit = debit + d, credit + c
        cur = line.get("Currency")
        if not isinstance(cur, str) or not 1 <= len(cur) <= 5:
            err("MissingField", "Currency requis (≤ 5 caractères).", j)
        number = line.get("AccountNumber")
        account = f.accounts.get(number) if isinstance(number, str) else None
        if account is None:
            err("AccountNotFound", f"Compte {line.get('AccountNumber')!r} inconnu.", j)
        elif not account.IsImpactable:
            err("AccountNotImpactable", f"Compte {account.Number} non imputable.", j)
    if debit != credit:
        err("Unbalanced", f"Écriture déséquilibrée : débit {debit} ≠ crédit {credit}.")


@handler
async def create_entries(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    try:
        batch = json.loads(await request.body(), parse_float=Decimal)
    except ValueError as exc:
        raise Fail(400, "Corps JSON illisible.") from exc
    if not isinstance(batch, list) or not batch:
        raise Fail(400, "Corps attendu : un tableau d'écritures.")
    if len(batch) > MAX_ENTRIES:
        raise Fail(
            400,
            f"{len(batch)} écritures : {MAX_ENTRIES} au plus par appel.",
            [
                {
                    "EntryIndex": None,
                    "LineIndex": None,
                    "ExternalId": None,
                    "Code": "TooManyEntries",
                    "Message": f"{MAX_ENTRIES} au plus.",
                }
            ],
        )
    created = []
    with state.lock:
        errors: list[dict[str, Any]] = []
        for i, raw in enumerate(batch):
            _check_entry(f, i, raw, errors)
        if errors:
            raise Fail(400, "Aucune écriture créée : le lot contient des erreurs.", errors)
        now = datetime.now(UTC)
        for raw in batch:
            entry = InqomEntry(
                Id=state.inqom.new_id("entry"),
                JournalId=raw["JournalId"],
                Date=date.fromisoformat(raw["Date"][:10]),
                DocumentReference=(raw.get("Document") or {}).get("Reference"),
                DocumentDate=(raw.get("Document") or {}).get("Date"),
                ExternalId=raw.get("ExternalId"),
                AccountingDocumentId=raw.get("AccountingDocumentId"),
                Lines=[],
                created_at=now,
            )
            for line in raw["Lines"]:
                entry.Lines.append(_line(state, entry, line, None))
            f.entries[entry.Id] = entry
            for line_obj in entry.Lines:
                f.record_change("Creation", entry, line_obj)
            created.append(_created_wire(entry))
    return json_response(created)


@handler
async def update_entries(request: Request) -> Response:
    """``PUT …/entries``: each body names an entry by ``Id`` and carries all its lines; lines
    with a known ``Id`` are updated, others created, omitted ones deleted (all or none)."""
    state = api_state(request)
    f = folder_of(request, state)
    try:
        batch = json.loads(await request.body(), parse_float=Decimal)
    except ValueError as exc:
        raise Fail(400, "Corps JSON illisible.") from exc
    if not isinstance(batch, list) or not 0 < len(batch) <= MAX_ENTRIES:
        raise Fail(400, f"Corps attendu : un tableau de 1 à {MAX_ENTRIES} écritures.")
    updated = []
    with state.lock:
        errors: list[dict[str, Any]] = []
        for i, raw in enumerate(batch):
            _check_entry(f, i, raw, errors)
            if isinstance(raw, dict) and raw.get("Id") not in f.entries:
                errors.append(
                    {
                        "EntryIndex": i,
                        "LineIndex": None,
                        "ExternalId": None,
                        "Code": "EntryNotFound",
                        "Message": f"Écriture {raw.get('Id')!r} introuvable dans ce dossier.",
                    }
                )
        if errors:
            raise Fail(400, "Aucune écriture modifiée : le lot contient des erreurs.", errors)
        for raw in batch:
            entry = f.entries[raw["Id"]]
            old = {ln.Id: ln for ln in entry.Lines}
            entry.JournalId = raw["JournalId"]
            entry.Date = date.fromisoformat(raw["Date"][:10])
            entry.DocumentReference = (raw.get("Document") or {}).get("Reference")
            entry.Lines = []
            for line in raw["Lines"]:
                kept = line.get("Id") in old
                entry.Lines.append(_line(state, entry, line, line["Id"] if kept else None))
            for line_obj in old.values():
                if line_obj.Id not in {ln.Id for ln in entry.Lines}:
                    f.record_change("Deletion", entry, line_obj)
            for line_obj in entry.Lines:
                f.record_change("Update" if line_obj.Id in old else "Creation", entry, line_obj)
            updated.append(_created_wire(entry))
    return json_response(updated)


def _line(state: Any, entry: InqomEntry, line: dict[str, Any], line_id: int | None) -> InqomLine:
    return InqomLine(
        Id=line_id if line_id is not None else state.inqom.new_id("line"),
        entry_id=entry.Id,
        Label=line["Label"].strip().upper(),
        DebitAmount=Decimal(line["DebitAmount"]).quantize(CENT),
        CreditAmount=Decimal(line["CreditAmount"]).quantize(CENT),
        Currency=line["Currency"],
        AccountNumber=str(line["AccountNumber"]),
        ExternalId=line.get("ExternalId"),
    )


def _created_wire(entry: InqomEntry) -> dict[str, Any]:
    return {
        "Id": entry.Id,
        "ExternalId": entry.ExternalId,
        "Lines": [
            {
                "Id": ln.Id,
                "Label": ln.Label,
                "DebitAmount": ln.DebitAmount,
                "CreditAmount": ln.CreditAmount,
                "AccountNumber": ln.AccountNumber,
                "ExternalId": ln.ExternalId,
            }
            for ln in entry.Lines
        ],
    }


def _filtered_lines(request: Request, f: InqomFolder) -> list[tuple[InqomEntry, InqomLine]]:
    """The (entry, line) pairs the query selects, in Inqom's order (date, entry id)."""
    start, end = required_date(request, "startDate"), required_date(request, "endDate")
    account = request.query_params.get("accountNumber")
    journal = request.query_params.get("journalId")
    chosen = [
        e
        for e in f.entries.values()
        if start <= e.Date <= end and (not journal or str(e.JournalId) == journal)
    ]
    chosen.sort(key=lambda e: (e.Date, e.Id))
    return [
        (entry, ln)
        for entry in chosen
        for ln in entry.Lines
        if not account or ln.AccountNumber == account
    ]


@handler
async def entry_lines(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    page = page_param(request)
    with state.lock:
        pairs = _filtered_lines(request, f)[(page - 1) * LINES_PAGE : page * LINES_PAGE]
        rows = [f.line_wire(entry, ln) for entry, ln in pairs]
    return json_response({"EntryLines": rows, "CurrentPage": page})


@handler
async def entry_lines_count(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    with state.lock:
        total = len(_filtered_lines(request, f))
    return json_response(
        {"TotalLinesCount": total, "TotalPagesCount": (total + LINES_PAGE - 1) // LINES_PAGE}
    )


@handler
async def entry_line_changes(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    start, end = required_date(request, "startDate"), required_date(request, "endDate")
    after = datetime_param(request, "changedAfter", required=False)
    before = datetime_param(request, "changedBefore", required=True)
    account = request.query_params.get("accountNumber")
    page = page_param(request)
    with state.lock:
        rows = [
            {**c.snapshot, "TypeOfChange": c.type}
            for c in f.changes
            if (after is None or c.at > after)
            and before is not None
            and c.at <= before
            and start is not None
            and end is not None
            and start.isoformat() <= c.snapshot["Entry"]["Date"][:10] <= end.isoformat()
            and (not account or c.snapshot["AccountNumber"] == account)
        ]
    return json_response(
        {"EntryLines": rows[(page - 1) * CHANGES_PAGE : page * CHANGES_PAGE], "CurrentPage": page}
    )
