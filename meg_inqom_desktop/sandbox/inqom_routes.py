"""Inqom "Fred API" v1 emulator routes (``resources/inqom-api.yaml``), mounted under ``/inqom``.

Reproduces: folders with Siren/Nic, periods with ``Locked``, journals, the account rewrite,
entries ≤ 50 per call all-or-none (no idempotency: a re-posted ``ExternalId`` makes a second
entry, as the real service would) and their update (``PUT``), documents attached to an
entry, entry-lines read-back and changes, 15 requests/s per client + user (sliding window)
→ 429 with ``Retry-After``.
"""

from __future__ import annotations

import json
import mimetypes
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from meg_inqom_desktop.sandbox.common import json_response
from meg_inqom_desktop.sandbox.inqom_entries import (
    create_entries,
    entry_line_changes,
    entry_lines,
    entry_lines_count,
    update_entries,
)
from meg_inqom_desktop.sandbox.inqom_http import Fail, api_state, folder_of, handler, state_of
from meg_inqom_desktop.sandbox.oauth import OAuthService, bearer_token, make_routes
from meg_inqom_desktop.sandbox.state import (
    InqomAccount,
    InqomDocument,
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
    pkce_required=False,
    password_grant=True,
    account_in_answer=False,
)
THIRD_PARTY_ROOTS = ("401", "411", "421")
FILE_TYPES = ("pdf", "png", "jpg", "jpeg", "xls", "xlsx", "doc", "docx", "csv", "txt")


def _user(request: Request) -> str:
    token = bearer_token(request, "inqom")
    return token.user if token is not None else ""


@handler
async def internal_access(request: Request) -> Response:
    """The firm's administrator: one ``Company`` access; a collaborator: one
    ``AccountingFolder`` access per folder, without Siren, Nic or company id."""
    state = api_state(request)
    inq = state.inqom
    reach = inq.folders_of(_user(request))
    if reach is None:
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
    return json_response(
        [
            {
                "Id": f.Id,
                "Name": f.Name,
                "ExternalId": f.ExternalId,
                "AccessType": "AccountingFolder",
                "Status": f.Status,
                "CompanyName": inq.company_name,
            }
            for f in (inq.folders[i] for i in reach if i in inq.folders)
        ]
    )


@handler
async def folders(request: Request) -> Response:
    state = api_state(request)
    inq = state.inqom
    if request.path_params["companyId"] != str(inq.company_id):
        raise Fail(404, "Société introuvable ou hors de vos droits.")
    if inq.folders_of(_user(request)) is not None:
        raise Fail(403, "Accès réservé aux administrateurs de la société.")
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


@handler
async def dossier_general(request: Request) -> Response:
    """The general section of a folder's permanent file: its identity (Siren, Nic)."""
    f = folder_of(request, api_state(request))
    return json_response(
        {
            "Id": f.Id,
            "Name": f.Name,
            "Siren": f.Siren,
            "Nic": f.Nic,
            "LegalForm": "SARL",
            "AccountingType": f.AccountingType,
        }
    )


@handler
async def periods(request: Request) -> Response:
    f = folder_of(request, api_state(request))
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


@handler
async def journals(request: Request) -> Response:
    f = folder_of(request, api_state(request))
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


@handler
async def list_accounts(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    prefix = request.query_params.get("accountNumberPrefix", "")
    kind = request.query_params.get("accountType", "Impactable")
    if kind not in ("Impactable", "All"):
        raise Fail(400, "accountType : Impactable ou All.")
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
        raise Fail(400, "AccountNumber : un numéro de compte commence par des chiffres.")
    digits, rest = m.groups()
    root = digits[:3]
    if rest and not rest.isdigit() and root in THIRD_PARTY_ROOTS:
        collective = root + "1"
        if digits.rstrip("0") == root or digits == collective:
            digits = collective
        return digits + rest, collective
    return text, None


@handler
async def create_account(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    try:
        body = json.loads(await request.body())
        number, name = body["AccountNumber"], body["Name"]
    except (ValueError, KeyError, TypeError) as exc:
        raise Fail(400, "Corps attendu : {AccountNumber, Name, Auxiliarize?}.") from exc
    if not isinstance(number, str) or not 1 <= len(number) <= 22:
        raise Fail(400, "AccountNumber : 1 à 22 caractères.")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise Fail(400, "Name : 1 à 100 caractères.")
    created, parent = rewrite_account(number)
    with state.lock:
        if created not in f.accounts:
            f.accounts[created] = InqomAccount(
                created, name, IsImpactable=True, ParentAccountNumber=parent
            )
    return json_response(created, 201)


@handler
async def attach_document(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    form = await request.form()
    try:
        entry_id = int(str(form.get("entryId", "")))
    except ValueError as exc:
        raise Fail(400, "entryId (entier) requis.") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Fail(400, "file requis (multipart).")
    name = str(form.get("fileName") or upload.filename or "")
    if name.rsplit(".", 1)[-1].lower() not in FILE_TYPES or "." not in name:
        raise Fail(400, f"Type de fichier refusé : {name!r} ({', '.join(FILE_TYPES)}).")
    content = await upload.read()
    with state.lock:
        entry = f.entries.get(entry_id)
        if entry is None:
            raise Fail(400, f"Écriture {entry_id} introuvable dans ce dossier.")
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


@handler
async def get_document(request: Request) -> Response:
    state = api_state(request)
    f = folder_of(request, state)
    try:
        doc = f.documents.get(int(request.path_params["documentId"]))
    except ValueError:
        doc = None
    if doc is None:
        raise Fail(404, "Document introuvable.")
    token = secrets.token_urlsafe(24)
    expires = datetime.now(UTC) + timedelta(seconds=state.config.link_ttl)
    with state.lock:
        state.inqom.links[token] = (f.Id, doc.Id, expires)
    return json_response({"Id": doc.Id, "link": f"{request.base_url}inqom/files/{token}"})


async def download_link(request: Request) -> Response:
    state = state_of(request)
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
        Route(f"{d}/dossier-permanent/general", dossier_general, methods=["GET"]),
        Route(f"{d}/accounting-periods", periods, methods=["GET"]),
        Route(f"{d}/journals", journals, methods=["GET"]),
        Route(f"{d}/accounts", list_accounts, methods=["GET"]),
        Route(f"{d}/accounts", create_account, methods=["POST"]),
        Route(f"{d}/entries", create_entries, methods=["POST"]),
        Route(f"{d}/entries", update_entries, methods=["PUT"]),
        Route(f"{d}/entry-lines", entry_lines, methods=["GET"]),
        Route(f"{d}/entry-lines/count", entry_lines_count, methods=["GET"]),
        Route(f"{d}/entry-lines/changes", entry_line_changes, methods=["GET"]),
        Route(f"{d}/accounting-documents", attach_document, methods=["POST"]),
        Route(f"{d}/accounting-documents/{{documentId}}", get_document, methods=["GET"]),
        Route("/files/{token}", download_link, methods=["GET"]),
    ]
