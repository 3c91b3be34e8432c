"""MEG emulator routes (``resources/meg-api.yaml``): company, periods, preview, validation, feed.

Mounted under ``/meg``. Amounts are decimal strings; errors are ``{code, message, details}``.
A company made hostile (``sandbox/hostile.py``) gets its feed and pièces bent here.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from meg_inqom_desktop.domain.json_exact import dumps_exact
from meg_inqom_desktop.domain.siret import siret_problem
from meg_inqom_desktop.sandbox import hostile as hostile_mode
from meg_inqom_desktop.sandbox.common import iso_z, json_response
from meg_inqom_desktop.sandbox.oauth import CLIENT_ID, OAuthService, bearer_token, make_routes
from meg_inqom_desktop.sandbox.pdfs import document_bytes, sha256_hex
from meg_inqom_desktop.sandbox.state import MegCompany, MegDocument, MegEntry, SandboxState

MEG_OAUTH = OAuthService(
    name="meg",
    authorize_path="/oauth/authorize",
    token_path="/oauth/token",
    revoke_path="/oauth/revoke",
    consent_title="MEG : autorisation d'accès",
    consent_text="Autoriser Inqom à accéder aux données comptables de MEG",
    allowed_scopes=frozenset({"accounting.read", "accounting.validate"}),
    default_scope="accounting.read accounting.validate",
    refresh_needs=None,
)


class _Fail(Exception):
    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.response = error(status, code, message, **details)


def error(status: int, code: str, message: str, **details: Any) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'} if status == 401 else None
    return json_response(body, status, headers)


def _state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def _authorize(request: Request, scope: str = "accounting.read") -> None:
    token = bearer_token(request, "meg")
    if token is None:
        raise _Fail(401, "invalid_token", "Jeton d'accès absent, expiré ou révoqué.")
    if token.client_id != CLIENT_ID or scope not in token.scope.split():
        raise _Fail(403, "insufficient_scope", f"Autorisation insuffisante ({scope}).")


def _company(request: Request, data: bool = True) -> MegCompany:
    siret = request.path_params["siret"]
    problem = siret_problem(siret)
    if problem is not None or not siret.isdigit():
        raise _Fail(400, "invalid_siret", problem or "SIRET invalide.", siret=siret)
    company = _state(request).meg.company(siret)
    if company is None:
        raise _Fail(404, "company_not_found", "Aucune société MEG avec ce SIRET.", siret=siret)
    if data and not company.premium_licence:
        raise _Fail(
            403,
            "not_premium",
            "La société n'a pas de licence premium MEG : la connexion est impossible.",
        )
    if data and not company.production_software_connection:
        raise _Fail(
            403,
            "connection_disabled",
            "La connexion avec votre logiciel de production est désactivée dans MEG "
            "(Cabinets > Sites).",
        )
    return company


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def doc_wire(doc: MegDocument, base: str) -> dict[str, Any]:
    content = document_bytes(doc)
    return {
        "id": doc.id,
        "filename": doc.filename,
        "media_type": doc.media_type,
        "size": len(content),
        "sha256": sha256_hex(content),
        "download_url": f"{base}meg/documents/{doc.id}",
    }


def entry_wire(entry: MegEntry, base: str) -> dict[str, Any]:
    if entry.wire_override is not None:
        return dict(entry.wire_override)
    return {
        "id": entry.id,
        "siret": entry.siret,
        "journal": entry.journal,
        "journal_label": entry.journal_label,
        "date": entry.date.isoformat(),
        "piece_ref": entry.piece_ref,
        "piece_date": entry.piece_date.isoformat(),
        "label": entry.label,
        "currency": "EUR",
        "validated_at": iso_z(entry.validated_at) if entry.validated_at else None,
        "lines": [
            {
                "line_no": ln.line_no,
                "account": ln.account,
                "aux_account": ln.aux_account,
                "account_label": ln.account_label,
                "aux_label": ln.aux_label,
                "label": ln.label,
                "debit": _money(ln.debit),
                "credit": _money(ln.credit),
            }
            for ln in entry.lines
        ],
        "documents": [doc_wire(d, base) for d in entry.documents],
    }


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = y + (m == 12), m % 12 + 1
    return out


def _month_end(month: str) -> date:
    y, m = int(month[:4]), int(month[5:])
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


async def _period(request: Request) -> list[str]:
    try:
        body = json.loads(await request.body())
        start = date.fromisoformat(body["from"])
        end = date.fromisoformat(body["to"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _Fail(400, "invalid_period", "Période illisible : from et to (AAAA-MM-JJ).") from exc
    if not (2000 <= start.year <= 2100 and 2000 <= end.year <= 2100):
        raise _Fail(400, "invalid_period", "Période hors des années 2000 à 2100.")
    if start > end:
        raise _Fail(400, "invalid_period", "La date de début suit la date de fin.")
    months = _month_range(start.strftime("%Y-%m"), end.strftime("%Y-%m"))
    if len(months) > 36:
        raise _Fail(400, "invalid_period", "Période trop longue (36 mois au plus).")
    return months


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


@_handler
async def get_company(request: Request) -> Response:
    _authorize(request)
    c = _company(request, data=False)
    return json_response(
        {
            "siret": c.siret,
            "siren": c.siren,
            "name": c.name,
            "premium_licence": c.premium_licence,
            "production_software_connection": c.production_software_connection,
        }
    )


@_handler
async def list_periods(request: Request) -> Response:
    _authorize(request)
    c = _company(request)
    with _state(request).lock:
        counts: dict[str, int] = defaultdict(int)
        for e in c.entries:
            counts[e.month] += 1
        periods = [
            {
                "month": m,
                "start": f"{m}-01",
                "end": _month_end(m).isoformat(),
                "validated": m in c.validated,
                "validated_at": iso_z(c.validated[m]) if m in c.validated else None,
                "entry_count": counts.get(m, 0),
            }
            for m in c.months()
        ]
    return json_response({"siret": c.siret, "periods": periods})


@_handler
async def preview(request: Request) -> Response:
    _authorize(request)
    c = _company(request)
    months = await _period(request)
    base = str(request.base_url)
    with _state(request).lock:
        already = [m for m in months if m in c.validated]
        wanted = set(months) - set(already)
        entries = [e for e in c.entries if e.month in wanted]
    totals: dict[str, list[Any]] = {}
    for e in entries:
        t = totals.setdefault(e.journal, [0, Decimal(0), Decimal(0)])
        t[0] += 1
        t[1] += sum((ln.debit for ln in e.lines), Decimal(0))
        t[2] += sum((ln.credit for ln in e.lines), Decimal(0))
    return json_response(
        {
            "siret": c.siret,
            "from": f"{months[0]}-01",
            "to": _month_end(months[-1]).isoformat(),
            "months": months,
            "already_validated": already,
            "entries": [entry_wire(e, base) for e in entries],
            "totals": [
                {"journal": j, "entry_count": t[0], "debit": _money(t[1]), "credit": _money(t[2])}
                for j, t in sorted(totals.items())
            ],
        }
    )


@_handler
async def validate(request: Request) -> Response:
    _authorize(request, "accounting.validate")
    c = _company(request)
    months = await _period(request)
    now = datetime.now(UTC).replace(microsecond=0)
    if months[-1] > now.strftime("%Y-%m"):
        raise _Fail(400, "invalid_period", "Impossible de valider une période future.")
    state = _state(request)
    with state.lock:
        locked = [m for m in months if m in c.validated]
        if locked:
            raise _Fail(
                409, "period_locked", "Une partie de la période est déjà validée.", months=locked
            )
        entries = c.validate_months(months, now)
        record = {
            "id": f"val-{len(state.meg.validations) + 1:06d}",
            "siret": c.siret,
            "from": f"{months[0]}-01",
            "to": _month_end(months[-1]).isoformat(),
            "months": months,
            "validated_at": iso_z(now),
            "entry_count": len(entries),
        }
        state.meg.validations.append(record)
    return json_response(record, 201)


def _encode_cursor(siren: str, pos: int) -> str:
    return base64.urlsafe_b64encode(f"c1:{siren}:{pos}".encode()).decode().rstrip("=")


def _decode_cursor(siren: str, cursor: str, size: int) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, cur_siren, pos_text = raw.split(":")
        pos = int(pos_text)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise _Fail(400, "invalid_cursor", "Curseur illisible.") from exc
    if tag != "c1" or cur_siren != siren or not 0 <= pos <= size:
        raise _Fail(400, "invalid_cursor", "Curseur d'une autre société ou hors limites.")
    return pos


@_handler
async def feed(request: Request) -> Response:
    _authorize(request)
    c = _company(request)
    q = request.query_params
    try:
        limit = int(q.get("limit", "100"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= 500:
        raise _Fail(400, "invalid_request", "limit entre 1 et 500.")
    since = None
    if q.get("since"):
        try:
            since = datetime.fromisoformat(q["since"])
        except ValueError as exc:
            raise _Fail(400, "invalid_request", "since : date-heure RFC 3339 attendue.") from exc
        if since.tzinfo is None:
            raise _Fail(400, "invalid_request", "since : fuseau horaire requis.")
    base = str(request.base_url)
    hostile = _state(request).meg.hostile
    bent = hostile if hostile.get("siret") == c.siret else {}
    cursor = q.get("cursor") or ""
    endless = bent.get("feed_endless_at")
    if "." in cursor:  # an endless feed's made-up cursor (still valid once it is mended)
        cursor, turn = cursor.rsplit(".", 1)
        if endless is not None:
            next_cursor = f"{_encode_cursor(c.siren, endless)}.{int(turn) + 1}"
            return json_response({"entries": [], "next_cursor": next_cursor, "has_more": True})
    with _state(request).lock:
        size = len(c.feed)
        start = _decode_cursor(c.siren, cursor, size) if cursor else 0
        start = max(start, c.feed_start(since))
        stop = bent.get("feed_loop_at", endless)
        if stop is not None and start >= stop:  # the feed loops on this cursor forever
            return json_response({"entries": [], "next_cursor": cursor, "has_more": True})
        end = min(start + limit, stop if stop is not None else size)
        page = c.feed[start:end]
    end = start + len(page)
    next_cursor = _encode_cursor(c.siren, end)
    if endless is not None and end == endless:
        next_cursor += ".0"
    body = {
        "entries": [entry_wire(e, base) for e in page],
        "next_cursor": next_cursor,
        "has_more": end < size or end == stop,
    }
    if any(e.label == hostile_mode.HUGE_MARK for e in page):
        return _HugePage(body, int(bent.get("huge_size", hostile_mode.DEFAULT_HUGE)))
    return json_response(body)


class _HugePage(Response):
    """A page whose huge label is streamed (``size`` bytes, chunked: no length announced),
    never held in memory; it stops when the client goes away."""

    def __init__(self, body: dict[str, Any], size: int) -> None:
        super().__init__(media_type="application/json")
        self.head, self.tail = dumps_exact(body).split(hostile_mode.HUGE_MARK.encode(), 1)
        self.size = size

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.ensure_future(watch())
        headers = [(b"content-type", b"application/json")]  # no length: read to know
        try:
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": self.head, "more_body": True})
            block = b"L" * (1024 * 1024)
            sent = 0
            while sent < self.size and not gone.is_set():
                part = block[: self.size - sent]
                sent += len(part)
                await send({"type": "http.response.body", "body": part, "more_body": True})
                await asyncio.sleep(0)  # let the watcher see a client that went away
            if not gone.is_set():
                await send({"type": "http.response.body", "body": self.tail})
        finally:
            watcher.cancel()


@_handler
async def download(request: Request) -> Response:
    _authorize(request)
    state = _state(request)
    doc = state.meg.documents.get(request.path_params["document_id"])
    if doc is None:
        raise _Fail(404, "document_not_found", "Pièce introuvable.")
    company = state.meg.company(doc.siret)
    if company is not None and not company.premium_licence:
        raise _Fail(403, "not_premium", "La société n'a pas de licence premium MEG.")
    if company is not None and not company.production_software_connection:
        raise _Fail(403, "connection_disabled", "La connexion est désactivée dans MEG.")
    status = doc.render.get("status") if doc.render.get("kind") == "status" else None
    if status == 302:
        return Response(status_code=302, headers={"Location": "http://127.0.0.1:9/ailleurs"})
    if status is not None:
        raise _Fail(status, "document_unavailable", f"Pièce retirée de MEG (statut {status}).")
    content = document_bytes(doc)
    return Response(
        content,
        media_type=doc.media_type,
        headers={
            "ETag": f'"{sha256_hex(content)}"',
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
        },
    )


def routes() -> list[Route]:
    """Every MEG route, relative to the ``/meg`` mount."""
    return [
        *make_routes(MEG_OAUTH),
        Route("/companies/{siret}", get_company, methods=["GET"]),
        Route("/companies/{siret}/periods", list_periods, methods=["GET"]),
        Route("/companies/{siret}/exports/preview", preview, methods=["POST"]),
        Route("/companies/{siret}/validations", validate, methods=["POST"]),
        Route("/companies/{siret}/entries", feed, methods=["GET"]),
        Route("/documents/{document_id}", download, methods=["GET"]),
    ]
