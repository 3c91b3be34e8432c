"""Pydantic models of the Inqom "Fred API" v1 subset we use (see INQOM_API.md, inqom-api.yaml).

Field names are Inqom's (PascalCase). Unknown fields are ignored (Inqom adds fields over
time); missing required ones and wrong types are errors with a readable path. Amounts read
back from Inqom are JSON numbers: they are parsed as ``Decimal`` from the JSON text, never
through float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


def _empty_to_none(value: Any) -> Any:
    return None if value == "" else value


OptStr = Annotated[str | None, BeforeValidator(_empty_to_none)]


class InternalAccess(Wire):
    """``GET /provisioning/users/internal-access`` item."""

    Id: StrictInt
    Name: str = ""
    ExternalId: OptStr = None
    AccessType: str
    Status: str = "Active"
    CompanyName: str | None = None
    CompanyId: StrictInt | None = None

    @property
    def company_id(self) -> int | None:
        """The company whose folders this access reaches."""
        if self.AccessType == "Company":
            return self.Id
        return self.CompanyId


class AccountingFolder(Wire):
    """``GET /provisioning/companies/{companyId}/accounting-folders`` item."""

    Id: StrictInt
    Name: str
    UniqueName: str | None = None
    Siren: OptStr = None
    Nic: OptStr = None
    ExternalId: OptStr = None
    ContractType: str | None = None
    CreatedAt: datetime | None = None
    Status: str = "Active"
    AccountingType: str | None = None
    CompanyId: StrictInt | None = None

    @property
    def siret(self) -> str:
        return f"{self.Siren or ''}{self.Nic or ''}"


class DossierGeneral(Wire):
    """``GET /v1/dossiers/{id}/dossier-permanent/general``: the folder's identity. Only the
    name and the SIREN / NIC (or a SIRET) are read; the rest of the section is ignored."""

    Id: StrictInt | None = None
    Name: str | None = None
    Siren: OptStr = None
    Nic: OptStr = None
    Siret: OptStr = None

    @property
    def siren_nic(self) -> tuple[str, str]:
        digits = "".join(ch for ch in (self.Siret or "") if ch.isdigit())
        if len(digits) == 14:
            return digits[:9], digits[9:]
        return (self.Siren or "").replace(" ", ""), (self.Nic or "").replace(" ", "")


class AccountingPeriod(Wire):
    Id: StrictInt
    DossierId: StrictInt | None = None
    Name: str = ""
    BeginDate: datetime
    EndDate: datetime
    Locked: StrictBool
    PreviousAccountingPeriodId: StrictInt | None = None

    def contains(self, day: date) -> bool:
        return self.BeginDate.date() <= day <= self.EndDate.date()


class InqomJournal(Wire):
    Id: StrictInt
    Name: str
    Description: str = ""
    Type: str


class Account(Wire):
    Number: str
    Name: str = ""
    IsImpactable: StrictBool | None = None
    IsDivisible: StrictBool | None = None
    IsManaged: StrictBool | None = None
    ParentAccountNumber: OptStr = None


class PostedLine(Wire):
    """A created line: ``Id`` (live) or ``EntryLineId`` (guide's table)."""

    Id: StrictInt | None = None
    EntryLineId: StrictInt | None = None
    ExternalId: OptStr = None
    Label: str | None = None
    AccountNumber: str | None = None

    @property
    def line_id(self) -> int | None:
        return self.Id if self.Id is not None else self.EntryLineId


class PostedEntry(Wire):
    """A created entry; both documented shapes are accepted."""

    Id: StrictInt | None = None
    EntryId: StrictInt | None = None
    EntryRef: str | None = None
    ExternalId: OptStr = None
    Lines: list[PostedLine] = Field(default_factory=list)

    @property
    def entry_id(self) -> int:
        value = self.Id if self.Id is not None else self.EntryId
        if value is None:
            raise ValueError("created entry without Id")
        return value


class EntryRefWire(Wire):
    Id: StrictInt
    Date: datetime | date | None = None


class JournalRefWire(Wire):
    Id: StrictInt | None = None
    Code: str | None = None


class DocumentRefWire(Wire):
    Id: StrictInt | None = None
    Reference: str | None = None


class EntryLineRead(Wire):
    """``GET /v1/dossiers/{id}/entry-lines`` line."""

    Id: StrictInt
    Label: str = ""
    DebitAmount: Decimal = Decimal(0)
    CreditAmount: Decimal = Decimal(0)
    Letter: str | None = None
    LetterId: StrictInt | None = None
    LetterDate: datetime | date | None = None
    Currency: str | None = None
    Entry: EntryRefWire
    AccountNumber: str
    Journal: JournalRefWire | None = None
    AccountingDocument: DocumentRefWire | None = None
    ExternalId: OptStr = None
    TypeOfChange: str | None = None


class EntryLinesPage(Wire):
    EntryLines: list[EntryLineRead]
    CurrentPage: StrictInt | None = None


class EntryLinesCount(Wire):
    TotalLinesCount: StrictInt
    TotalPagesCount: StrictInt


class DocumentCreated(Wire):
    Id: StrictInt
