"""Inqom "Fred API" v1 emulator routes (``resources/inqom-api.yaml``), mounted under ``/inqom``.

Reproduces: folders with Siren/Nic, periods with ``Locked``, journals, the account rewrite,
entries ≤ 50 per call all-or-none (no idempotency: a re-posted ``ExternalId`` makes a second
entry, as the real service would), documents attached to an entry, entry-lines read-back and
changes, 15 requests/s per client + user (sliding window) → 429 with ``Retry-After``.
"""

from __future__ import annotations

import json
import mimetypes
import re
import secrets
import time
from collections import deque
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from meg_inqom_desktop.sandbox.common import json_response
from meg_inqom_desktop.sandbox.oauth import OAuthService, bearer_token, make_routes
from meg_inqom_desktop.sandbox.state import (
    InqomAccount,
    InqomDocument,
    InqomEntry,
    InqomFolder,
    InqomLine,
    SandboxState,
)

INQOM_OAUTH = OAuthService(
    name="inqom",
    authorize_path="/identity/connect/authorize",
    token_path="/identity/connect/token",
    revoke_path="/identity/connect/revocation",
    consent_title="Connexion Inqom",
    consent_text="Autoriser MEG Inqom Desktop à accéder à vos dossiers Inqom "
    "(écritures et pièces comptables)",
    allowed_scopes=frozenset(
        {"openid", "email", "offline_access", "apidata", "accountingdocumentsapi"}
    ),
    default_scope=None,
    refresh_needs="offline_access",
)
MAX_ENTRIES = 50
LINES_PAGE = 100
CHANGES_PAGE = 1000
THIRD_PARTY_ROOTS = ("401", "411", "421")
FILE_TYPES = ("pdf", "png", "jpg", "jpeg", "xls", "xlsx", "doc", "docx", "csv", "txt")
CENT = Decimal("0.01")


class _Fail(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        body: dict[str, Any] = {"Message": message}
        if errors:
            body["Errors"] = errors
        self.response = json_response(body, status, headers)


def _handler(func: Any) -> Any:
    async def run(request: Request) -> Response:
        try:
            result: Response = await func(request)
        except _Fail as fail:
            return fail.response
        except ClientDisconnect:  # the client went away mid-request: nothing to answer
            return Response(status_code=499)
        return result

    return run


def _state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def _api(request: Request) -> SandboxState:
    """Token check (401/403), then the rate limit (429)."""
    state = _state(request)
    token = bearer_token(request, "inqom")
    if token is None:
        raise _Fail(
            401,
            "Authorization has been denied for this request.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if "apidata" not in token.scope.split():
        raise _Fail(403, "Scope apidata requis.")
    limit = state.config.inqom_rate_limit
    if limit:
        now = time.monotonic()
        with state.lock:
            window = state.rate_windows.setdefault((token.client_id, token.user), deque())
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= limit:
                retry = max(1, int(1.0 - (now - window[0]) + 0.999))
                raise _Fail(429, "Too many requests.", headers={"Retry-After": str(retry)})
            window.append(now)
    return state


def _folder(request: Request, state: SandboxState) -> InqomFolder:
    try:
        folder = state.inqom.folders.get(int(request.path_params["dossierId"]))
    except ValueError:
        folder = None
    if folder is None:
        raise _Fail(404, "Dossier introuvable ou hors de vos droits.")
    return folder


def _date_param(request: Request, name: str, required: bool = True) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        if required:
            raise _Fail(400, f"Le paramètre {name} est requis.")
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise _Fail(400, f"{name} : date AAAA-MM-JJ attendue.") from exc


def _required_date(request: Request, name: str) -> date:
    value = _date_param(request, name)
    assert value is not None  # _date_param raises when a required one is missing
    return value


def _datetime_param(request: Request, name: str, required: bool) -> datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        if required:
            raise _Fail(400, f"Le paramètre {name} est requis.")
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError as exc:
        raise _Fail(400, f"{name} : date-heure ISO 8601 attendue.") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _page_param(request: Request) -> int:
    try:
        page = int(request.query_params.get("pageNumber", "1"))
    except ValueError:
        page = 0
    if page < 1:
        raise _Fail(400, "pageNumber commence à 1.")
    return page


@_handler
async def internal_access(request: Request) -> Response:
    inq = _api(request).inqom
    return json_response(
        [
            {
                "Id": inq.company_id,
                "Name": inq.company_name,
                "ExternalId": "",
                "AccessType": "Company",
                "Status": "Active",
                "CompanyName": inq.company_name,
                "CompanyId": inq.company_id,
            }
        ]
    )


@_handler
async def folders(request: Request) -> Response:
    inq = _api(request).inqom
    if request.path_params["companyId"] != str(inq.company_id):
        raise _Fail(404, "Société introuvable ou hors de vos droits.")
    return json_response(
        [
            {
                "Id": f.Id,
                "Name": f.Name,
                "UniqueName": f.Name.lower().replace(" ", "-"),
                "Siren": f.Siren,
                "Nic": f.Nic,
                "ExternalId": f.ExternalId,
                "ContractType": "Standard",
                "CreatedAt": f.CreatedAt,
                "Status": f.Status,
                "AccountingType": f.AccountingType,
                "CompanyId": f.CompanyId,
            }
            for f in inq.folders.values()
        ]
    )


@_handler
async def periods(request: Request) -> Response:
    f = _folder(request, _api(request))
    return json_response(
        [
            {
                "Id": p.Id,
                "DossierId": p.DossierId,
                "Name": p.Name,
                "BeginDate": f"{p.BeginDate.isoformat()}T00:00:00Z",
                "EndDate": f"{p.EndDate.isoformat()}T00:00:00Z",
                "Locked": p.Locked,
                "PreviousAccountingPeriodId": p.PreviousAccountingPeriodId,
            }
            for p in f.periods
        ]
    )


@_handler
async def journals(request: Request) -> Response:
    f = _folder(request, _api(request))
    return json_response(
        [
            {"Id": j.Id, "Name": j.Name, "Description": j.Description, "Type": j.Type}
            for j in f.journals
        ]
    )


def _account_wire(a: InqomAccount) -> dict[str, Any]:
    return {
        "Number": a.Number,
        "Name": a.Name,
        "IsImpactable": a.IsImpactable,
        "IsDivisible": a.IsDivisible,
        "IsManaged": a.IsManaged,
        "ParentAccountNumber": a.ParentAccountNumber,
    }


@_handler
async def list_accounts(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    prefix = request.query_params.get("accountNumberPrefix", "")
    kind = request.query_params.get("accountType", "Impactable")
    if kind not in ("Impactable", "All"):
        raise _Fail(400, "accountType : Impactable ou All.")
    with state.lock:
        accounts = [
            _account_wire(a)
            for n, a in sorted(f.accounts.items())
            if n.startswith(prefix) and (kind == "All" or a.IsImpactable)
        ]
    return json_response(accounts)


def rewrite_account(number: str) -> tuple[str, str | None]:
    """(number Inqom creates, parent or None): ``401FOURNISSEUR`` → ``4011FOURNISSEUR``."""
    text = re.sub(r"\s+", "", number).upper()
    m = re.fullmatch(r"(\d+)([A-Z0-9]*)", text)
    if not m or not text[0].isdigit():
        raise _Fail(400, "AccountNumber : un numéro de compte commence par des chiffres.")
    digits, rest = m.groups()
    root = digits[:3]
    if rest and not rest.isdigit() and root in THIRD_PARTY_ROOTS:
        collective = root + "1"
        if digits.rstrip("0") == root or digits == collective:
            digits = collective
        return digits + rest, collective
    return text, None


@_handler
async def create_account(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    try:
        body = json.loads(await request.body())
        number, name = body["AccountNumber"], body["Name"]
    except (ValueError, KeyError, TypeError) as exc:
        raise _Fail(400, "Corps attendu : {AccountNumber, Name, Auxiliarize?}.") from exc
    if not isinstance(number, str) or not 1 <= len(number) <= 22:
        raise _Fail(400, "AccountNumber : 1 à 22 caractères.")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise _Fail(400, "Name : 1 à 100 caractères.")
    created, parent = rewrite_account(number)
    with state.lock:
        if created not in f.accounts:
            f.accounts[created] = InqomAccount(
                created, name, IsImpactable=True, ParentAccountNumber=parent
            )
    return json_response(created, 201)


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    dec = Decimal(value)
    if dec < 0 or dec != dec.quantize(CENT):
        return None
    return dec.quantize(CENT)


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
    doc = raw.get("Document")
    if doc is not None and (not isinstance(doc, dict) or len(str(doc.get("Reference", ""))) > 256):
        err("MissingField", "Document : {Reference ≤ 256, Date}.")
    doc_id = raw.get("AccountingDocumentId")
    if doc_id is not None and doc_id not in f.documents:
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
        d, c = _amount(line.get("DebitAmount")), _amount(line.get("CreditAmount"))
        if d is None or c is None or (d > 0) == (c > 0):
            err("InvalidAmount", "DebitAmount/CreditAmount : un seul > 0, deux décimales.", j)
        else:
            debit, credit = debit + d, credit + c
        cur = line.get("Currency")
        if not isinstance(cur, str) or not 1 <= len(cur) <= 5:
            err("MissingField", "Currency requis (≤ 5 caractères).", j)
        account = f.accounts.get(str(line.get("AccountNumber", "")))
        if account is None:
            err("AccountNotFound", f"Compte {line.get('AccountNumber')!r} inconnu.", j)
        elif not account.IsImpactable:
            err("AccountNotImpactable", f"Compte {account.Number} non imputable.", j)
    if debit != credit:
        err("Unbalanced", f"Écriture déséquilibrée : débit {debit} ≠ crédit {credit}.")


@_handler
async def create_entries(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    try:
        batch = json.loads(await request.body(), parse_float=Decimal)
    except ValueError as exc:
        raise _Fail(400, "Corps JSON illisible.") from exc
    if not isinstance(batch, list) or not batch:
        raise _Fail(400, "Corps attendu : un tableau d'écritures.")
    if len(batch) > MAX_ENTRIES:
        raise _Fail(
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
            raise _Fail(400, "Aucune écriture créée : le lot contient des erreurs.", errors)
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
                entry.Lines.append(
                    InqomLine(
                        Id=state.inqom.new_id("line"),
                        entry_id=entry.Id,
                        Label=line["Label"].strip().upper(),
                        DebitAmount=Decimal(line["DebitAmount"]).quantize(CENT),
                        CreditAmount=Decimal(line["CreditAmount"]).quantize(CENT),
                        Currency=line["Currency"],
                        AccountNumber=str(line["AccountNumber"]),
                        ExternalId=line.get("ExternalId"),
                    )
                )
            f.entries[entry.Id] = entry
            for line_obj in entry.Lines:
                f.record_change("Creation", entry, line_obj)
            created.append(
                {
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
            )
    return json_response(created)


def _filtered_lines(request: Request, f: InqomFolder) -> list[dict[str, Any]]:
    start, end = _required_date(request, "startDate"), _required_date(request, "endDate")
    account = request.query_params.get("accountNumber")
    journal = request.query_params.get("journalId")
    rows = []
    for entry in sorted(f.entries.values(), key=lambda e: (e.Date, e.Id)):
        if not (start <= entry.Date <= end) or (journal and str(entry.JournalId) != journal):
            continue
        rows += [
            f.line_wire(entry, ln)
            for ln in entry.Lines
            if not account or ln.AccountNumber == account
        ]
    return rows


@_handler
async def entry_lines(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    page = _page_param(request)
    with state.lock:
        rows = _filtered_lines(request, f)
    return json_response(
        {"EntryLines": rows[(page - 1) * LINES_PAGE : page * LINES_PAGE], "CurrentPage": page}
    )


@_handler
async def entry_lines_count(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    with state.lock:
        total = len(_filtered_lines(request, f))
    return json_response(
        {"TotalLinesCount": total, "TotalPagesCount": (total + LINES_PAGE - 1) // LINES_PAGE}
    )


@_handler
async def entry_line_changes(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    start, end = _required_date(request, "startDate"), _required_date(request, "endDate")
    after = _datetime_param(request, "changedAfter", required=False)
    before = _datetime_param(request, "changedBefore", required=True)
    account = request.query_params.get("accountNumber")
    page = _page_param(request)
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


@_handler
async def attach_document(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    form = await request.form()
    try:
        entry_id = int(str(form.get("entryId", "")))
    except ValueError as exc:
        raise _Fail(400, "entryId (entier) requis.") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise _Fail(400, "file requis (multipart).")
    name = str(form.get("fileName") or upload.filename or "")
    if name.rsplit(".", 1)[-1].lower() not in FILE_TYPES or "." not in name:
        raise _Fail(400, f"Type de fichier refusé : {name!r} ({', '.join(FILE_TYPES)}).")
    content = await upload.read()
    with state.lock:
        entry = f.entries.get(entry_id)
        if entry is None:
            raise _Fail(400, f"Écriture {entry_id} introuvable dans ce dossier.")
        doc = InqomDocument(
            state.inqom.new_id("document"),
            entry_id,
            name,
            content,
            str(form.get("date") or "") or None,
            str(form.get("reference") or "") or None,
            datetime.now(UTC),
        )
        f.documents[doc.Id] = doc
        if entry.AccountingDocumentId is None:
            entry.AccountingDocumentId = doc.Id
    return json_response({"Id": doc.Id}, 201)


@_handler
async def get_document(request: Request) -> Response:
    state = _api(request)
    f = _folder(request, state)
    try:
        doc = f.documents.get(int(request.path_params["documentId"]))
    except ValueError:
        doc = None
    if doc is None:
        raise _Fail(404, "Document introuvable.")
    token = secrets.token_urlsafe(24)
    expires = datetime.now(UTC) + timedelta(seconds=state.config.link_ttl)
    with state.lock:
        state.inqom.links[token] = (f.Id, doc.Id, expires)
    return json_response({"Id": doc.Id, "link": f"{request.base_url}inqom/files/{token}"})


async def download_link(request: Request) -> Response:
    state = _state(request)
    link = state.inqom.links.get(request.path_params["token"])
    if link is None or link[2] < datetime.now(UTC):
        return json_response({"Message": "Lien inconnu ou expiré."}, 404)
    doc = state.inqom.folders[link[0]].documents[link[1]]
    media = mimetypes.guess_type(doc.file_name)[0] or "application/octet-stream"
    return Response(doc.content, media_type=media)


def routes() -> list[Route]:
    """Every Inqom route, relative to the ``/inqom`` mount."""
    d = "/v1/dossiers/{dossierId}"
    return [
        *make_routes(INQOM_OAUTH),
        Route("/provisioning/users/internal-access", internal_access, methods=["GET"]),
        Route("/provisioning/companies/{companyId}/accounting-folders", folders, methods=["GET"]),
        Route(f"{d}/accounting-periods", periods, methods=["GET"]),
        Route(f"{d}/journals", journals, methods=["GET"]),
        Route(f"{d}/accounts", list_accounts, methods=["GET"]),
        Route(f"{d}/accounts", create_account, methods=["POST"]),
        Route(f"{d}/entries", create_entries, methods=["POST"]),
        Route(f"{d}/entry-lines", entry_lines, methods=["GET"]),
        Route(f"{d}/entry-lines/count", entry_lines_count, methods=["GET"]),
        Route(f"{d}/entry-lines/changes", entry_line_changes, methods=["GET"]),
        Route(f"{d}/accounting-documents", attach_document, methods=["POST"]),
        Route(f"{d}/accounting-documents/{{documentId}}", get_document, methods=["GET"]),
        Route("/files/{token}", download_link, methods=["GET"]),
    ]
