"""``MegClient``: the MEG API for one dossier (SIRET), async, over ``net.http``.

Every payload is parsed with ``meg.wire`` and mapped by ``meg.mapping``. A feed page whose
entries are all well formed is parsed in one go; otherwise entries are parsed one by one and
the bad ones are returned as :class:`~meg_inqom_desktop.meg.mapping.ItemFailure` while the
rest of the page goes through. Tokens: a :class:`~meg_inqom_desktop.net.oauth.TokenSession`
refreshes them transparently (once on 401; then ``AuthorizationRevoked``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
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
from meg_inqom_desktop.net.documents import DocumentSink, sniff_media_type
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
from meg_inqom_desktop.net.oauth import TokenSession

M = TypeVar("M", bound=BaseModel)

SERVICE = "MEG"
DEFAULT_PAGE_SIZE = 500
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
READ_AHEAD_TICKS = 6  # loop turns for the read-ahead to acquire its connection and send


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: good entries, set-aside ones, and where to resume."""

    entries: list[Entry]
    failures: list[ItemFailure]
    next_cursor: str
    has_more: bool
    download_urls: dict[str, str] = field(default_factory=dict)  # document id → URL


@dataclass(frozen=True)
class PreviewResult:
    preview: wire.Preview
    entries: list[Entry]
    failures: list[ItemFailure]


@dataclass(frozen=True)
class DownloadedDocument:
    """A pièce received whole, with the size, type and sha256 actually seen."""

    document: Document
    size: int
    media_type: str
    sha256: str


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
        self.http_settings: HttpSettings | None = None  # as opened (the ledger worker copies it)

    @classmethod
    def open(
        cls,
        endpoints: Endpoints,
        siret: str,
        store: CredentialStore,
        *,
        settings: HttpSettings | None = None,
        policy: RetryPolicy | None = None,
        **kwargs: Any,
    ) -> MegClient:
        """A client whose tokens come from ``store`` (refreshed and rotated as needed)."""
        http = build_client(settings)
        token_caller = HttpCaller(http, SERVICE, policy or RetryPolicy())
        session = TokenSession(token_caller, endpoints.meg_oauth(), store, siret)
        caller = HttpCaller(http, SERVICE, policy or RetryPolicy(), auth=session, siret=siret)
        client = cls(endpoints.meg_url, siret, caller, **kwargs)
        client.http_settings = settings or HttpSettings()
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

    async def _raw_page(
        self, cursor: str | None, limit: int, since: datetime | None
    ) -> EntryPageData:
        """One page read (entries checked when the page is clean); unreadable bodies retried."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if since is not None:
            params["since"] = since.isoformat()

        async def consume(response: httpx2.Response) -> EntryPageData:
            return _read_envelope(response)

        return await self.caller.call(
            "GET",
            self._url("/entries"),
            route="GET /companies/{siret}/entries",
            consume=consume,
            params=params,
        )

    async def feed_page(
        self,
        cursor: str | None = None,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        since: datetime | None = None,
    ) -> FeedPage:
        """One page of the feed after ``cursor``."""
        return build_feed_page(await self._raw_page(cursor, limit, since), self.siret)

    async def iter_feed(
        self,
        since_cursor: str | None = None,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        since: datetime | None = None,
    ) -> AsyncIterator[FeedPage]:
        """Pages of validated entries after ``since_cursor`` until the end of the feed.

        Store each page and its ``next_cursor`` together (one transaction) before asking for
        the next: a run cut anywhere resumes without losing or repeating an entry. The next
        page is read ahead (a GET, no side effect) while this one is mapped and stored.
        """
        pending: asyncio.Future[EntryPageData] | None = asyncio.ensure_future(
            self._raw_page(since_cursor, limit, since)
        )
        try:
            while pending is not None:
                raw = await pending
                pending = None
                if raw.has_more:
                    pending = asyncio.ensure_future(self._raw_page(raw.next_cursor, limit, since))
                    # Let the read-ahead send its request before this page is mapped, so
                    # MEG prepares the next page meanwhile. (Mapping in a worker thread was
                    # slower: the GIL then delays the loop's socket reads.)
                    for _ in range(READ_AHEAD_TICKS):
                        await asyncio.sleep(0)
                yield build_feed_page(raw, self.siret)
        finally:
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending

    # Documents ---------------------------------------------------------------------------

    def document_url(self, document: Document) -> str:
        return f"{self.base_url}/documents/{quote(document.source_id)}"

    async def download_document(
        self, document: Document, sink: DocumentSink, *, url: str | None = None
    ) -> DownloadedDocument:
        """Stream a pièce into ``sink``, checking size cap, sniffed type and sha256.

        A document that fails a check is :class:`DocumentRefused` (set aside, per item);
        the sink is reset first. Cut connections and truncated bodies are retried.
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
            sink.reset()
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise DocumentRefused(name, _too_big(int(declared), cap))
            digest = hashlib.sha256()
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
                sink.write(chunk)
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
                replace(document, size=size, sha256=sha, media_type=sniffed), size, sniffed, sha
            )

        try:
            return await self.caller.call(
                "GET", target, route="GET /documents/{id}", consume=consume, stream=True
            )
        except DocumentRefused:
            sink.reset()
            raise
        except MalformedResponse as exc:
            sink.reset()
            raise DocumentRefused(name, exc.context.get("detail", "fichier illisible")) from exc
        except NotFound as exc:
            sink.reset()
            raise DocumentRefused(name, "MEG ne trouve plus ce fichier") from exc


def _too_big(size: int, cap: int) -> str:
    return f"trop volumineuse ({size / 1e6:.1f} Mo, maximum {cap / 1e6:.0f} Mo)"


def _not_a_document(head: bytes) -> str:
    return f"ce n'est ni un PDF, ni une image PNG ou JPEG (début : {head[:5]!r})"


@dataclass(frozen=True)
class EntryPageData:
    """A page as read: entries already schema-checked (fast path) or still raw."""

    entries: list[Any]
    next_cursor: str
    has_more: bool
    checked: bool


def _read_envelope(response: httpx2.Response) -> EntryPageData:
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type:
        raise RetryableBody(f"type de contenu inattendu : {content_type or 'aucun'}")
    return read_entry_page(response.content)


def read_entry_page(body: bytes) -> EntryPageData:
    """One pass from JSON to checked entries when the page is clean; else the raw envelope
    (entries are then checked one by one and bad ones set aside). An unreadable envelope is
    :class:`RetryableBody` (the page is fetched again)."""
    try:
        page = wire.ENTRY_PAGE.validate_json(body)
        return EntryPageData(page["entries"], page["next_cursor"], page["has_more"], True)
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
    return EntryPageData(raw["entries"], raw["next_cursor"], raw["has_more"], False)


def build_feed_page(raw: EntryPageData, siret: str) -> FeedPage:
    """Domain entries of a page; entries failing the schema or validation are set aside."""
    entries: list[Entry] = []
    failures: list[ItemFailure] = []
    items: list[wire.Entry] = []
    if raw.checked:
        items = raw.entries
    else:
        for i, item in enumerate(raw.entries):
            parsed = mapping.parse_wire_entry(item, i)
            if isinstance(parsed, ItemFailure):
                failures.append(parsed)
            else:
                items.append(parsed)
    for item in items:
        entry, failure = mapping.check_entry(item, siret=siret)
        if entry is not None:
            entries.append(entry)
        if failure is not None:
            failures.append(replace(failure, raw=item))
    return FeedPage(entries, failures, raw.next_cursor, raw.has_more, mapping.download_urls(items))
