"""``InqomClient``: the Inqom "Fred" API v1 subset for one dossier's authorization.

All calls of one client share a client-side limiter that stays under Inqom's 15 requests/s
sliding window; 429s are retried with Inqom's documented 0.5/1/2/4 s backoff (``Retry-After``
honoured), then :class:`~meg_inqom_desktop.net.errors.RateLimited`. Posting entries and
attaching documents are not idempotent at Inqom: they are never resent blindly (a lost answer
is ``OutcomeUnknown``; read back with :meth:`entry_lines` / :meth:`entry_line_changes`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import httpx2
from pydantic import BaseModel, TypeAdapter, ValidationError

from meg_inqom_desktop.domain.folder_match import Candidate, rank_folders
from meg_inqom_desktop.inqom import wire
from meg_inqom_desktop.inqom.errors import BatchRejected, InqomErrorItem
from meg_inqom_desktop.inqom.mapping import MAX_BATCH, dumps_exact
from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import AccessDenied, MalformedResponse, NotFound
from meg_inqom_desktop.net.http import (
    HttpCaller,
    HttpSettings,
    RetryableBody,
    RetryPolicy,
    build_client,
    read_json,
)
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.net.token_session import TokenSession

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

SERVICE = "Inqom"
# A token bucket lets capacity + rate*T calls through in any window T: 2 + 12.5 < 15 per second.
RATE_PER_SECOND = 12.5
BURST = 2


def _error_mapper(response: httpx2.Response, route: str) -> Exception | None:
    if response.status_code != 400 or not route.startswith("POST /v1/dossiers/{id}/entries"):
        return None
    try:
        body = response.json()
    except ValueError:
        return BatchRejected(response.reason_phrase or "")
    if not isinstance(body, dict):
        return BatchRejected(str(body)[:200])
    items = []
    for err in body.get("Errors") or []:
        if isinstance(err, dict):
            items.append(
                InqomErrorItem(
                    code=str(err.get("Code", "")),
                    message=str(err.get("Message", "")),
                    entry_index=err.get("EntryIndex"),
                    line_index=err.get("LineIndex"),
                    external_id=err.get("ExternalId"),
                )
            )
    return BatchRejected(str(body.get("Message", "")), items)


def _parse(adapter: TypeAdapter[T], data: Any, what: str) -> T:
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RetryableBody(f"{what} : champ « {where} » {first['msg']}") from exc


_ACCESS = TypeAdapter(list[wire.InternalAccess])
_FOLDERS = TypeAdapter(list[wire.AccountingFolder])
_GENERAL = TypeAdapter(wire.DossierGeneral)
_PERIODS = TypeAdapter(list[wire.AccountingPeriod])
_JOURNALS = TypeAdapter(list[wire.InqomJournal])
_ACCOUNTS = TypeAdapter(list[wire.Account])
_POSTED = TypeAdapter(list[wire.PostedEntry])
_LINES = TypeAdapter(wire.EntryLinesPage)
_COUNT = TypeAdapter(wire.EntryLinesCount)
_DOC = TypeAdapter(wire.DocumentCreated)
_STR = TypeAdapter(str)


class InqomClient:
    """Inqom as one user sees it: the account that reaches a dossier (``siret``), or the
    ``account`` given."""

    def __init__(self, base_url: str, caller: HttpCaller) -> None:
        self.base_url = base_url.rstrip("/")
        self.caller = caller
        self.caller.error_mapper = _error_mapper
        if self.caller.limiter is None:
            self.caller.limiter = TokenBucket(RATE_PER_SECOND, BURST)

    @classmethod
    def open(
        cls,
        endpoints: Endpoints,
        siret: str,
        store: CredentialStore,
        *,
        settings: HttpSettings | None = None,
        policy: RetryPolicy | None = None,
        limiter: TokenBucket | None = None,
        account: str | None = None,
    ) -> InqomClient:
        http = build_client(settings)
        pol = policy or RetryPolicy.inqom()
        session = TokenSession(
            HttpCaller(http, SERVICE, pol), endpoints.inqom_oauth(), store, siret, account
        )
        caller = HttpCaller(http, SERVICE, pol, auth=session, siret=siret, limiter=limiter)
        return cls(endpoints.inqom_url, caller)

    async def aclose(self) -> None:
        await self.caller.client.aclose()

    async def __aenter__(self) -> InqomClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def stats(self) -> Any:
        return self.caller.stats

    async def _call(
        self, method: str, path: str, route: str, adapter: TypeAdapter[T], **kwargs: Any
    ) -> T:
        async def consume(response: httpx2.Response) -> T:
            return _parse(adapter, read_json(response), route)

        return await self.caller.call(
            method, f"{self.base_url}{path}", route=route, consume=consume, **kwargs
        )

    # Folders -----------------------------------------------------------------------------

    async def internal_access(self) -> list[wire.InternalAccess]:
        return await self._call(
            "GET", "/provisioning/users/internal-access", "GET internal-access", _ACCESS
        )

    async def accounting_folders(self, company_id: int) -> list[wire.AccountingFolder]:
        return await self._call(
            "GET",
            f"/provisioning/companies/{company_id}/accounting-folders",
            "GET /provisioning/companies/{id}/accounting-folders",
            _FOLDERS,
        )

    async def dossier_general(self, dossier_id: int) -> wire.DossierGeneral:
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/dossier-permanent/general",
            "GET /v1/dossiers/{id}/dossier-permanent/general",
            _GENERAL,
        )

    async def folders(self) -> list[wire.AccountingFolder]:
        """Every accounting folder the user reaches, each once, with its Siren and Nic where
        Inqom gives them: through the company for a firm's administrator (``Company``
        access), through each folder's permanent file for a collaborator's
        ``AccountingFolder`` accesses (that route lists them without Siren or Nic)."""
        seen: dict[int, wire.AccountingFolder] = {}
        direct: list[wire.InternalAccess] = []
        companies: list[int] = []
        for access in await self.internal_access():
            company = access.company_id
            if company is not None and company not in companies:
                companies.append(company)
            if access.AccessType == "AccountingFolder":
                direct.append(access)
        for company in companies:
            try:
                listed = await self.accounting_folders(company)
            except (AccessDenied, NotFound):  # a collaborator may not list the company
                continue
            for folder in listed:
                seen.setdefault(folder.Id, folder)
        for access in direct:
            if access.Id in seen:
                continue
            try:
                general = await self.dossier_general(access.Id)
                siren, nic = general.siren_nic
            except (AccessDenied, NotFound):
                siren = nic = ""
            seen[access.Id] = wire.AccountingFolder(
                Id=access.Id,
                Name=access.Name,
                Siren=siren or None,
                Nic=nic or None,
                ExternalId=access.ExternalId,
                Status=access.Status,
                CompanyId=access.CompanyId,
            )
        return list(seen.values())

    async def find_folders(self, siret: str, company_name: str = "") -> list[wire.AccountingFolder]:
        """The user's folders but archived ones, best match for ``siret`` first: SIREN + NIC,
        then SIREN, then by likeness to ``company_name``."""
        folders = {f.Id: f for f in await self.folders() if f.Status != "Archived"}
        ranked = rank_folders(
            siret,
            company_name,
            [Candidate(f.Id, f.Name, f.Siren or "", f.Nic or "") for f in folders.values()],
        )
        return [folders[r.candidate.id] for r in ranked]

    # Dossier data ------------------------------------------------------------------------

    async def accounting_periods(self, dossier_id: int) -> list[wire.AccountingPeriod]:
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/accounting-periods",
            "GET /v1/dossiers/{id}/accounting-periods",
            _PERIODS,
        )

    async def journals(self, dossier_id: int) -> list[wire.InqomJournal]:
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/journals",
            "GET /v1/dossiers/{id}/journals",
            _JOURNALS,
        )

    async def accounts(
        self, dossier_id: int, prefix: str | None = None, *, all_accounts: bool = True
    ) -> list[wire.Account]:
        params: dict[str, str] = {"accountType": "All" if all_accounts else "Impactable"}
        if prefix:
            params["accountNumberPrefix"] = prefix
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/accounts",
            "GET /v1/dossiers/{id}/accounts",
            _ACCOUNTS,
            params=params,
        )

    async def create_account(
        self, dossier_id: int, number: str, name: str, *, auxiliarize: bool | None = None
    ) -> str:
        """Create an account; returns the number Inqom actually uses (keep it)."""
        body: dict[str, Any] = {"AccountNumber": number[:22], "Name": (name or number)[:100]}
        if auxiliarize is not None:
            body["Auxiliarize"] = auxiliarize
        # Creating an existing account answers its number: safe to retry.
        return await self._call(
            "POST",
            f"/v1/dossiers/{dossier_id}/accounts",
            "POST /v1/dossiers/{id}/accounts",
            _STR,
            json=body,
        )

    # Entries -----------------------------------------------------------------------------

    async def post_entries(
        self, dossier_id: int, entries: Sequence[dict[str, Any]]
    ) -> list[wire.PostedEntry]:
        """Create 1 to 50 entries (all or none); ``BatchRejected`` names the faulty ones."""
        if not 0 < len(entries) <= MAX_BATCH:
            raise ValueError(f"1 to {MAX_BATCH} entries per call, not {len(entries)}")
        posted = await self._call(
            "POST",
            f"/v1/dossiers/{dossier_id}/entries",
            "POST /v1/dossiers/{id}/entries",
            _POSTED,
            content=dumps_exact(list(entries)),
            headers={"Content-Type": "application/json"},
            idempotent=False,
        )
        if len(posted) != len(entries):
            raise MalformedResponse(
                SERVICE, f"{len(posted)} écritures créées pour {len(entries)} envoyées"
            )
        return posted

    async def update_entries(
        self, dossier_id: int, entries: Sequence[dict[str, Any]]
    ) -> list[wire.PostedEntry]:
        """Replace 1 to 50 posted entries (each body carries the Inqom ``Id``); all or none."""
        if not 0 < len(entries) <= MAX_BATCH:
            raise ValueError(f"1 to {MAX_BATCH} entries per call, not {len(entries)}")
        return await self._call(
            "PUT",
            f"/v1/dossiers/{dossier_id}/entries",
            "PUT /v1/dossiers/{id}/entries",
            _POSTED,
            content=dumps_exact(list(entries)),
            headers={"Content-Type": "application/json"},
            idempotent=True,
        )

    async def attach_document(
        self,
        dossier_id: int,
        entry_id: int,
        *,
        filename: str,
        content: bytes,
        media_type: str,
        day: date | None = None,
        reference: str = "",
    ) -> int:
        """Attach a pièce to a posted entry; returns the accounting document Id."""
        data: dict[str, str] = {"entryId": str(entry_id), "fileName": filename}
        if day is not None:
            data["date"] = day.isoformat()
        if reference:
            data["reference"] = reference
        created = await self._call(
            "POST",
            f"/v1/dossiers/{dossier_id}/accounting-documents",
            "POST /v1/dossiers/{id}/accounting-documents",
            _DOC,
            data=data,
            files={"file": (filename, content, media_type)},
            idempotent=False,
        )
        return created.Id

    # Read-back ---------------------------------------------------------------------------

    @staticmethod
    def _line_params(
        start: date, end: date, account: str | None, journal_id: int | None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"startDate": start.isoformat(), "endDate": end.isoformat()}
        if account:
            params["accountNumber"] = account
        if journal_id is not None:
            params["journalId"] = journal_id
        return params

    async def entry_lines(
        self,
        dossier_id: int,
        start: date,
        end: date,
        *,
        page: int = 1,
        account: str | None = None,
        journal_id: int | None = None,
    ) -> wire.EntryLinesPage:
        params = self._line_params(start, end, account, journal_id) | {"pageNumber": page}
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/entry-lines",
            "GET /v1/dossiers/{id}/entry-lines",
            _LINES,
            params=params,
        )

    async def iter_entry_lines(
        self, dossier_id: int, start: date, end: date, **filters: Any
    ) -> AsyncIterator[wire.EntryLineRead]:
        """Every line of the period, page after page until an empty one."""
        page = 1
        while True:
            result = await self.entry_lines(dossier_id, start, end, page=page, **filters)
            if not result.EntryLines:
                return
            for line in result.EntryLines:
                yield line
            page += 1

    async def entry_lines_count(
        self,
        dossier_id: int,
        start: date,
        end: date,
        *,
        account: str | None = None,
        journal_id: int | None = None,
    ) -> wire.EntryLinesCount:
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/entry-lines/count",
            "GET /v1/dossiers/{id}/entry-lines/count",
            _COUNT,
            params=self._line_params(start, end, account, journal_id),
        )

    async def entry_line_changes(
        self,
        dossier_id: int,
        start: date,
        end: date,
        *,
        changed_before: datetime,
        changed_after: datetime | None = None,
        page: int = 1,
        account: str | None = None,
    ) -> wire.EntryLinesPage:
        params = self._line_params(start, end, account, None) | {
            "changedBefore": changed_before.isoformat(),
            "pageNumber": page,
        }
        if changed_after is not None:
            params["changedAfter"] = changed_after.isoformat()
        return await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/entry-lines/changes",
            "GET /v1/dossiers/{id}/entry-lines/changes",
            _LINES,
            params=params,
        )

    async def document_link(self, dossier_id: int, document_id: int) -> str:
        data = await self._call(
            "GET",
            f"/v1/dossiers/{dossier_id}/accounting-documents/{document_id}",
            "GET /v1/dossiers/{id}/accounting-documents/{docId}",
            TypeAdapter(dict[str, Any]),
        )
        link = data.get("link") or data.get("Url")
        if not isinstance(link, str):
            raise MalformedResponse(SERVICE, "lien de document absent")
        return link
