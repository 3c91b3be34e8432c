"""``MegClient``: the MEG API for one dossier (SIRET), async, over ``net.http``.

Every payload is parsed with ``meg.wire`` and mapped by ``meg.mapping``. A feed page whose
entries are all well formed is parsed in one go; otherwise entries are parsed one by one and
the bad ones are returned as :class:`~meg_inqom_desktop.meg.mapping.ItemFailure` while the
rest of the page goes through. Tokens: a :class:`~meg_inqom_desktop.net.token_session.TokenSession`
refreshes them transparently (once on 401; then ``AuthorizationRevoked``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx2
from pydantic import BaseModel, ValidationError

from meg_inqom_desktop.domain.entry import Document, Entry
from meg_inqom_desktop.errors import InvalidSiret
from meg_inqom_desktop.meg import mapping, wire
from meg_inqom_desktop.meg.errors import (
    CompanyNotFound,
    ConnectionDisabled,
    InvalidCursor,
    InvalidPeriod,
    NotPremium,
    PeriodLocked,
)
from meg_inqom_desktop.meg.mapping import ItemFailure
from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.documents import sniff_media_type
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import (
    AccessDenied,
    DocumentRefused,
    MalformedResponse,
    NotFound,
)
from meg_inqom_desktop.net.http import (
    HttpCaller,
    HttpSettings,
    RetryableBody,
    RetryPolicy,
    build_client,
    read_json,
)
from meg_inqom_desktop.net.token_session import TokenSession

M = TypeVar("M", bound=BaseModel)

SERVICE = "MEG"
DEFAULT_PAGE_SIZE = 500
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: good entries, set-aside ones, and where to resume."""

    entries: list[Entry]
    failures: list[ItemFailure]
    next_cursor: str
    has_more: bool
    download_urls: dict[str, str] = field(default_factory=dict)  # document id → URL
    wire_entries: dict[str, wire.Entry] = field(default_factory=dict)  # MEG id → as sent

    def payload(self, source_id: str) -> str:
        """The entry as MEG sent it (JSON), kept with a rejection to read it again later."""
        return mapping.payload_text(self.wire_entries[source_id])


@dataclass(frozen=True)
class PreviewResult:
    preview: wire.Preview
    entries: list[Entry]
    failures: list[ItemFailure]


@dataclass(frozen=True)
class DownloadedDocument:
    """A pièce received whole: its bytes, and its document with the size, type and sha256
    actually seen."""

    document: Document
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return self.document.sha256


def _error_mapper(siret: str) -> Any:
    def mapper(response: httpx2.Response, route: str) -> Exception | None:
        try:
            err = wire.Error.model_validate(response.json())
        except (ValueError, ValidationError):
            return None
        code = err.code
        details = err.details or {}
        if code == "not_premium":
            return NotPremium(siret)
        if code == "connection_disabled":
            return ConnectionDisabled(siret)
        if code == "company_not_found":
            return CompanyNotFound(siret)
        if code == "invalid_siret":
            return InvalidSiret(message=err.message, siret=siret)
        if code == "period_locked":
            months = details.get("months")
            return PeriodLocked(months if isinstance(months, list) else None)
        if code == "invalid_period":
            return InvalidPeriod(err.message)
        if code == "invalid_cursor":
            return InvalidCursor(route=route)
        if code == "insufficient_scope":
            return AccessDenied(
                SERVICE,
                response.status_code,
                "l'autorisation ne permet pas de valider ; autorisez de nouveau MEG",
            )
        return None

    return mapper


def _parse(model: type[M], data: Any, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RetryableBody(f"{what} : champ « {where} » {first['msg']}") from exc


class MegClient:
    """The MEG API for one dossier. Use ``async with MegClient.open(...)`` or ``aclose``."""

    def __init__(
        self,
        base_url: str,
        siret: str,
        caller: HttpCaller,
        *,
        max_document_bytes: int = MAX_DOCUMENT_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.siret = siret
        self.caller = caller
        self.caller.siret = siret
        self.caller.error_mapper = _error_mapper(siret)
        self.max_document_bytes = max_document_bytes
        self._origin = urlsplit(self.base_url)[:2]

    @classmethod
    def open(
        cls,
        endpoints: Endpoints,
        siret: str,
        store: CredentialStore,
        *,
        settings: HttpSettings | None = None,
        policy: RetryPolicy | None = None,
        account: str | None = None,
        **kwargs: Any,
    ) -> MegClient:
        """A client whose tokens come from ``store`` (refreshed and rotated as needed): those
        of ``account``, by default of the account that reaches the company."""
        http = build_client(settings)
        token_caller = HttpCaller(http, SERVICE, policy or RetryPolicy())
        session = TokenSession(token_caller, endpoints.meg_oauth(), store, siret, account)
        caller = HttpCaller(http, SERVICE, policy or RetryPolicy(), auth=session, siret=siret)
        client = cls(endpoints.meg_url, siret, caller, **kwargs)
        return client

    async def aclose(self) -> None:
        await self.caller.client.aclose()

    async def __aenter__(self) -> MegClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def stats(self) -> Any:
        return self.caller.stats

    def _url(self, path: str) -> str:
        return f"{self.base_url}/companies/{quote(self.siret)}{path}"

    async def _json(self, method: str, url: str, route: str, model: type[M], **kwargs: Any) -> M:
        async def consume(response: httpx2.Response) -> M:
            return _parse(model, read_json(response), route)

        return await self.caller.call(method, url, route=route, consume=consume, **kwargs)

    # Company -----------------------------------------------------------------------------

    async def company(self) -> wire.Company:
        """Name, premium licence and production-software connection of the dossier."""
        return await self._json("GET", self._url(""), "GET /companies/{siret}", wire.Company)

    async def periods(self) -> list[wire.Period]:
        page = await self._json(
            "GET", self._url("/periods"), "GET /companies/{siret}/periods", wire.PeriodList
        )
        return page.periods

    async def preview(self, start: date, end: date) -> PreviewResult:
        """What validating ``start``..``end`` would lock (changes nothing)."""
        result = await self._json(
            "POST",
            self._url("/exports/preview"),
            "POST /companies/{siret}/exports/preview",
            wire.Preview,
            json={"from": start.isoformat(), "to": end.isoformat()},
        )
        entries, failures = [], []
        for i, raw in enumerate(result.entries):
            entry, failure = mapping.parse_entry(raw, i, require_validated=False, siret=self.siret)
            if entry is not None:
                entries.append(entry)
            if failure is not None:
                failures.append(failure)
        return PreviewResult(result, entries, failures)

    async def validate(self, start: date, end: date) -> wire.Validation:
        """Validate (lock) the months of ``start``..``end`` in MEG. Irreversible.

        Idempotent from our side: a retry after a lost answer gets ``PeriodLocked``.
        """
        return await self._json(
            "POST",
            self._url("/validations"),
            "POST /companies/{siret}/validations",
            wire.Validation,
            json={"from": start.isoformat(), "to": end.isoformat()},
            idempotent=False,
        )

    # Feed --------------------------------------------------------------------------------

    async def feed_page(
        self, cursor: str | None = None, *, limit: int = DEFAULT_PAGE_SIZE
    ) -> FeedPage:
        """One page of the feed of validated entries after ``cursor`` (from the start when
        None). Store each page and its ``next_cursor`` together: a run cut anywhere resumes
        without losing or repeating an entry. An unreadable body is fetched again."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor

        async def consume(response: httpx2.Response) -> FeedPage:
            content_type = response.headers.get("content-type", "")
            if "json" not in content_type:
                raise RetryableBody(f"type de contenu inattendu : {content_type or 'aucun'}")
            return read_feed_page(response.content, self.siret)

        page: FeedPage = await self.caller.call(
            "GET",
            self._url("/entries"),
            route="GET /companies/{siret}/entries",
            consume=consume,
            params=params,
        )
        return page

    # Documents ---------------------------------------------------------------------------

    def document_url(self, document: Document) -> str:
        return f"{self.base_url}/documents/{quote(document.source_id)}"

    async def download_document(
        self, document: Document, *, url: str | None = None
    ) -> DownloadedDocument:
        """A pièce's bytes, checked on the way: size cap, sniffed type, sha256.

        A document that fails a check is :class:`DocumentRefused` (set aside, per item);
        cut connections and truncated bodies are retried.
        """
        target = url or self.document_url(document)
        name = document.filename or document.source_id
        if urlsplit(target)[:2] != self._origin:
            # Never send the MEG token to another host.
            raise DocumentRefused(name, "son adresse de téléchargement n'est pas celle de MEG")
        cap = self.max_document_bytes
        if document.size > cap:
            raise DocumentRefused(name, _too_big(document.size, cap))

        async def consume(response: httpx2.Response) -> DownloadedDocument:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise DocumentRefused(name, _too_big(int(declared), cap))
            digest = hashlib.sha256()
            chunks: list[bytes] = []
            size = 0
            head = b""
            async for chunk in response.aiter_bytes():
                if len(head) < 8:
                    head += chunk[: 8 - len(head)]
                    if len(head) >= 8 and sniff_media_type(head) is None:
                        raise DocumentRefused(name, _not_a_document(head))
                size += len(chunk)
                if size > cap:
                    raise DocumentRefused(name, _too_big(size, cap))
                digest.update(chunk)
                chunks.append(chunk)
            sniffed = sniff_media_type(head)
            if sniffed is None:
                raise DocumentRefused(name, _not_a_document(head))
            if document.media_type and sniffed != document.media_type:
                raise DocumentRefused(
                    name,
                    f"le fichier est un {sniffed} alors que MEG annonce {document.media_type}",
                )
            sha = digest.hexdigest()
            if document.size and size != document.size:
                raise RetryableBody(f"taille reçue {size} octets au lieu de {document.size}")
            if document.sha256 and sha != document.sha256:
                raise RetryableBody("empreinte sha256 différente de celle annoncée par MEG")
            return DownloadedDocument(
                replace(document, size=size, sha256=sha, media_type=sniffed), b"".join(chunks)
            )

        try:
            result: DownloadedDocument = await self.caller.call(
                "GET", target, route="GET /documents/{id}", consume=consume, stream=True
            )
        except MalformedResponse as exc:
            raise DocumentRefused(name, exc.context.get("detail", "fichier illisible")) from exc
        except NotFound as exc:
            raise DocumentRefused(name, "MEG ne trouve plus ce fichier") from exc
        return result


def _too_big(size: int, cap: int) -> str:
    return f"trop volumineuse ({size / 1e6:.1f} Mo, maximum {cap / 1e6:.0f} Mo)"


def _not_a_document(head: bytes) -> str:
    return f"ce n'est ni un PDF, ni une image PNG ou JPEG (début : {head[:5]!r})"


def read_feed_page(body: bytes, siret: str) -> FeedPage:
    """A feed page's body read into domain entries; entries failing the schema or validation
    (or of another company) are set aside with their reasons, the rest of the page goes on.

    One pass from JSON to checked entries when the page is clean; otherwise the entries are
    checked one by one. An unreadable envelope is :class:`RetryableBody` (fetched again).
    """
    try:
        page = wire.ENTRY_PAGE.validate_json(body)
        return _feed_page(page["entries"], [], page["next_cursor"], page["has_more"], siret)
    except ValidationError:
        pass
    try:
        raw = wire.RAW_ENTRY_PAGE.validate_json(body)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"].startswith("json"):
            raise RetryableBody(f"JSON malformé : {first['msg']}") from exc
        where = ".".join(str(p) for p in first["loc"])
        raise RetryableBody(f"page d'écritures : champ « {where} » {first['msg']}") from exc
    items, failures = _parse_items(raw["entries"])
    return _feed_page(items, failures, raw["next_cursor"], raw["has_more"], siret)


def read_entries(payloads: list[Any], siret: str) -> FeedPage:
    """Entries set aside earlier, read again from the payloads MEG sent (no cursor)."""
    items, failures = _parse_items(payloads)
    return _feed_page(items, failures, "", False, siret)


def _parse_items(raws: list[Any]) -> tuple[list[wire.Entry], list[ItemFailure]]:
    items: list[wire.Entry] = []
    failures: list[ItemFailure] = []
    for index, raw in enumerate(raws):
        parsed = mapping.parse_wire_entry(raw, index)
        if isinstance(parsed, ItemFailure):
            failures.append(parsed)
        else:
            items.append(parsed)
    return items, failures


def _feed_page(
    items: list[wire.Entry],
    failures: list[ItemFailure],
    next_cursor: str,
    has_more: bool,
    siret: str,
) -> FeedPage:
    entries: list[Entry] = []
    kept: dict[str, wire.Entry] = {}
    for item in items:
        entry, failure = mapping.check_entry(item, siret=siret)
        if entry is not None:
            entries.append(entry)
            kept[entry.source_id] = item
        if failure is not None:
            failures.append(replace(failure, raw=item))
    return FeedPage(entries, failures, next_cursor, has_more, mapping.download_urls(items), kept)
