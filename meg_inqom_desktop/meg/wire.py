"""Pydantic models of the MEG contract (``resources/meg-api.yaml``).

Amounts are decimal strings with exactly two decimals (``"1234.50"``), checked by pattern
and turned into ``Decimal`` in ``meg.mapping``, never through float. Unknown fields are
ignored so MEG can add some; missing or mistyped ones are readable errors.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
)
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

Amount = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]{2}$")]
Month = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
SiretStr = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Company(Wire):
    siret: SiretStr
    siren: Annotated[str, StringConstraints(pattern=r"^[0-9]{9}$")]
    name: str
    premium_licence: StrictBool
    production_software_connection: StrictBool


class Period(Wire):
    month: Month
    start: date
    end: date
    validated: StrictBool
    validated_at: datetime | None
    entry_count: Annotated[StrictInt, Field(ge=0)]


class PeriodList(Wire):
    siret: str
    periods: list[Period]


# Entries are the bulk of the traffic (20,000+ per company): they are validated as TypedDicts
# through a TypeAdapter, strict in the same way as models but about three times faster, since
# no model instance is built for each entry, line and document.


class EntryLine(TypedDict):
    line_no: Annotated[StrictInt, Field(ge=1)]
    account: Annotated[str, StringConstraints(pattern=r"^[0-9]{3,10}$")]
    aux_account: str | None
    account_label: str
    aux_label: NotRequired[str | None]
    label: str
    debit: Amount
    credit: Amount


class DocumentRef(TypedDict):
    id: str
    filename: str
    media_type: str
    size: Annotated[StrictInt, Field(ge=0)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    download_url: str


class Entry(TypedDict):
    id: Annotated[str, StringConstraints(min_length=1)]
    siret: SiretStr
    journal: Literal["VT", "AC", "NDF", "BQ", "OD"]
    journal_label: str
    date: date
    piece_ref: str
    piece_date: date
    label: str
    currency: Literal["EUR"]
    validated_at: datetime | None
    lines: Annotated[list[EntryLine], Field(min_length=2)]
    documents: list[DocumentRef]


class EntryPage(TypedDict):
    """A whole page parsed at once (the fast path when every entry is well formed)."""

    entries: list[Entry]
    next_cursor: str
    has_more: StrictBool


class RawEntryPage(TypedDict):
    """The page envelope, entries left raw (parsed next, all at once or one by one)."""

    entries: list[Any]
    next_cursor: str
    has_more: StrictBool


ENTRY = TypeAdapter(Entry)
ENTRY_PAGE = TypeAdapter(EntryPage)
RAW_ENTRY_PAGE = TypeAdapter(RawEntryPage)


class JournalTotal(Wire):
    journal: str
    entry_count: Annotated[StrictInt, Field(ge=0)]
    debit: Amount
    credit: Amount


class Preview(Wire):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    siret: str
    from_: date = Field(alias="from")
    to: date
    months: list[Month]
    already_validated: list[Month]
    entries: list[Any]  # parsed one by one, like the feed
    totals: list[JournalTotal]


class Validation(Wire):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    id: str
    siret: str
    from_: date = Field(alias="from")
    to: date
    months: list[Month]
    validated_at: datetime
    entry_count: Annotated[StrictInt, Field(ge=0)]


class Error(Wire):
    code: str
    message: str
    details: dict[str, Any] | None = None
