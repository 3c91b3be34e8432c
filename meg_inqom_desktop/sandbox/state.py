"""In-memory state of the sandbox: MEG companies and entries, Inqom folders and postings.

The server thread mutates it under ``lock``; tests read it from the main thread (through
``SandboxHandle.state``) to assert on what the app did: locked months, posted Inqom entries,
attached documents, issued tokens. Money is ``Decimal`` throughout.
"""

from __future__ import annotations

import bisect
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.sandbox.oauth import COLLABORATOR, DEMO_USER, OAuthStore

# ---------------------------------------------------------------- MEG


@dataclass
class MegLine:
    line_no: int
    account: str
    aux_account: str | None
    account_label: str
    aux_label: str | None
    label: str
    debit: Decimal
    credit: Decimal


@dataclass
class MegDocument:
    """A pièce. ``content`` is rendered on first use (see ``pdfs.py``) and then cached."""

    id: str
    entry_id: str
    filename: str
    media_type: str
    render: dict[str, Any]
    siret: str = ""
    content: bytes | None = None


_Date = date


@dataclass
class MegEntry:
    id: str
    siret: str
    journal: str
    journal_label: str
    date: date
    piece_ref: str
    piece_date: _Date
    label: str
    lines: list[MegLine]
    documents: list[MegDocument] = field(default_factory=list)
    validated_at: datetime | None = None
    wire_override: dict[str, Any] | None = None  # bad-data entries: sent as is

    @property
    def month(self) -> str:
        return f"{self.date.year:04d}-{self.date.month:02d}"


@dataclass
class MegCompany:
    siret: str
    name: str
    premium_licence: bool
    production_software_connection: bool
    entries: list[MegEntry] = field(default_factory=list)
    validated: dict[str, datetime] = field(default_factory=dict)  # month -> validated_at
    feed: list[MegEntry] = field(default_factory=list)  # validation order, append-only
    feed_times: list[datetime] = field(default_factory=list)

    @property
    def siren(self) -> str:
        return self.siret[:9]

    def months(self) -> list[str]:
        return sorted({e.month for e in self.entries} | set(self.validated))

    def validate_months(self, months: list[str], at: datetime) -> list[MegEntry]:
        """Lock ``months`` and append their entries to the feed (in entry order)."""
        wanted = set(months)
        locked = [e for e in self.entries if e.month in wanted and e.month not in self.validated]
        for month in months:
            self.validated[month] = at
        for entry in locked:
            entry.validated_at = at
            self.feed.append(entry)
            self.feed_times.append(at)
        return locked

    def feed_start(self, since: datetime | None) -> int:
        if since is None:
            return 0
        return bisect.bisect_left(self.feed_times, since)


@dataclass
class MegState:
    companies: dict[str, MegCompany] = field(default_factory=dict)
    documents: dict[str, MegDocument] = field(default_factory=dict)
    validations: list[dict[str, Any]] = field(default_factory=list)
    bad_entry_ids: dict[str, str] = field(default_factory=dict)  # kind -> entry id
    hostile: dict[str, Any] = field(default_factory=dict)  # see ``sandbox/hostile.py``

    def company(self, siret: str) -> MegCompany | None:
        return self.companies.get(siret)


# ---------------------------------------------------------------- Inqom


@dataclass
class InqomPeriod:
    Id: int
    DossierId: int
    Name: str
    BeginDate: date
    EndDate: date
    Locked: bool
    PreviousAccountingPeriodId: int | None


@dataclass
class InqomJournal:
    Id: int
    Name: str
    Description: str
    Type: str


@dataclass
class InqomAccount:
    Number: str
    Name: str
    IsImpactable: bool
    IsDivisible: bool = False
    IsManaged: bool = False
    ParentAccountNumber: str | None = None


@dataclass
class InqomLine:
    Id: int
    entry_id: int
    Label: str
    DebitAmount: Decimal
    CreditAmount: Decimal
    Currency: str
    AccountNumber: str
    ExternalId: str | None


@dataclass
class InqomEntry:
    Id: int
    JournalId: int
    Date: date
    DocumentReference: str | None
    DocumentDate: str | None
    ExternalId: str | None
    AccountingDocumentId: int | None
    Lines: list[InqomLine]
    created_at: datetime


@dataclass
class InqomDocument:
    Id: int
    entry_id: int
    file_name: str
    content: bytes
    date: str | None
    reference: str | None
    created_at: datetime


@dataclass
class LineChange:
    at: datetime
    type: str  # Creation | Update | Deletion
    snapshot: dict[str, Any]


@dataclass
class InqomFolder:
    Id: int
    Name: str
    Siren: str | None
    Nic: str | None
    CompanyId: int
    CreatedAt: datetime
    ExternalId: str = ""
    Status: str = "Active"
    AccountingType: str = "Engagement"
    periods: list[InqomPeriod] = field(default_factory=list)
    journals: list[InqomJournal] = field(default_factory=list)
    accounts: dict[str, InqomAccount] = field(default_factory=dict)
    entries: dict[int, InqomEntry] = field(default_factory=dict)
    documents: dict[int, InqomDocument] = field(default_factory=dict)
    changes: list[LineChange] = field(default_factory=list)

    def journal(self, journal_id: int) -> InqomJournal | None:
        return next((j for j in self.journals if j.Id == journal_id), None)

    def period_for(self, day: date) -> InqomPeriod | None:
        return next((p for p in self.periods if p.BeginDate <= day <= p.EndDate), None)

    def entries_with_external_id(self, external_id: str) -> list[InqomEntry]:
        """Every posted entry carrying ``external_id`` (more than one = a double post)."""
        return [e for e in self.entries.values() if e.ExternalId == external_id]

    def line_wire(self, entry: InqomEntry, line: InqomLine) -> dict[str, Any]:
        """An entry line as ``GET …/entry-lines`` shows it."""
        journal = self.journal(entry.JournalId)
        doc = self.documents.get(entry.AccountingDocumentId or -1)
        return {
            "Id": line.Id,
            "Label": line.Label,
            "DebitAmount": line.DebitAmount,
            "CreditAmount": line.CreditAmount,
            "Letter": None,
            "LetterId": None,
            "LetterDate": None,
            "Currency": line.Currency,
            "Entry": {"Id": entry.Id, "Date": entry.Date.isoformat() + "T00:00:00"},
            "AccountNumber": line.AccountNumber,
            "Journal": {"Id": entry.JournalId, "Code": journal.Name if journal else ""},
            "AccountingDocument": (
                {"Id": doc.Id, "Reference": doc.reference or entry.DocumentReference}
                if doc
                else None
            ),
        }

    def record_change(self, kind: str, entry: InqomEntry, line: InqomLine) -> None:
        snapshot = self.line_wire(entry, line)
        self.changes.append(LineChange(datetime.now(UTC), kind, snapshot))

    def edit_line(self, line_id: int, *, label: str | None = None) -> None:
        """Play an accountant editing a line in Inqom (shows as an ``Update`` change)."""
        for entry in self.entries.values():
            for line in entry.Lines:
                if line.Id == line_id:
                    if label is not None:
                        line.Label = label.upper()
                    self.record_change("Update", entry, line)
                    return
        raise KeyError(line_id)

    def delete_entry(self, entry_id: int) -> None:
        """Play an accountant deleting an entry in Inqom (``Deletion`` changes)."""
        entry = self.entries.pop(entry_id)
        for line in entry.Lines:
            self.record_change("Deletion", entry, line)


COLLABORATOR_FOLDERS = (4502, 4503, 4506)  # Boulangerie, Fromagerie, Garage (seed 42)


@dataclass
class InqomState:
    company_id: int = 310
    company_name: str = "CABINET DEMO EXPERTISE"
    folders: dict[int, InqomFolder] = field(default_factory=dict)
    links: dict[str, tuple[int, int, datetime]] = field(default_factory=dict)
    next_ids: dict[str, int] = field(
        default_factory=lambda: {"entry": 700001, "line": 900001, "document": 5000001}
    )
    # what another connector booked, per SIRET (``sandbox/other_connector.py``)
    other_connector: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Who sees which folders: None = the firm's administrator (``Company`` access, all of
    # them); a tuple = a collaborator's ``AccountingFolder`` accesses.
    user_folders: dict[str, tuple[int, ...] | None] = field(
        default_factory=lambda: {DEMO_USER: None, COLLABORATOR: COLLABORATOR_FOLDERS}
    )

    def folders_of(self, user: str) -> tuple[int, ...] | None:
        """The folder ids ``user`` reaches (None: every folder of the firm)."""
        return self.user_folders.get(user, ())

    def new_id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def folder_by_siret(self, siret: str) -> InqomFolder | None:
        return next(
            (f for f in self.folders.values() if (f.Siren or "") + (f.Nic or "") == siret), None
        )


# ---------------------------------------------------------------- whole sandbox


@dataclass
class SandboxConfig:
    seed: int = 42
    scale: int | None = None
    bad_data: bool = False
    access_token_ttl: int = 3600
    inqom_rate_limit: int | None = 15  # requests per second per client+user; None = off
    link_ttl: int = 3600
    other_connector: bool = False  # Inqom entries booked by another connector (no ExternalId)
    firm: int = 0  # small client companies added to the demo firm's six


class SandboxState:
    """Everything the emulators hold. ``lock`` guards mutations from several threads."""

    def __init__(self, config: SandboxConfig) -> None:
        from meg_inqom_desktop.sandbox.seed import build_seed

        self.config = config
        self.lock = threading.RLock()
        self.meg: MegState
        self.inqom: InqomState
        self.meg, self.inqom = build_seed(
            config.seed, scale=config.scale, bad=config.bad_data, firm=config.firm
        )
        if config.other_connector:
            from meg_inqom_desktop.sandbox.other_connector import seed_other_connector

            companies = list(self.meg.companies.values())
            seed_other_connector(self.inqom, companies, scale=bool(config.scale))
        self.meg_oauth = OAuthStore("meg", access_ttl=config.access_token_ttl)
        self.inqom_oauth = OAuthStore("inqom", access_ttl=config.access_token_ttl, jwt=True)
        self.base_url = ""
        self.rate_windows: dict[tuple[str, str], deque[float]] = {}
        # Which emulator this is: its state lives in memory and dies with it, so a data folder
        # that talked to another one forgets that one's ids (``app/sandbox_ids.py``).
        self.instance_id = uuid.uuid4().hex
        # The clock of Inqom's rate limit (seconds); tests may replace it to move time.
        self.monotonic: Callable[[], float] = time.monotonic

    # Conveniences for tests -------------------------------------------------
    def set_access_token_ttl(self, seconds: int) -> None:
        """TTL of access tokens issued from now on (both services)."""
        self.meg_oauth.access_ttl = seconds
        self.inqom_oauth.access_ttl = seconds

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (both services)."""
        self.meg_oauth.expire_access_tokens()
        self.inqom_oauth.expire_access_tokens()

    def withhold_refresh_tokens(self, withhold: bool = True) -> None:
        """Inqom's code flow gives no refresh token (even with ``offline_access``)."""
        self.inqom_oauth.refresh_tokens = not withhold

    def set_password_ttl(self, seconds: int) -> None:
        """``expires_in`` of Inqom's password grant from now on (default 31,104,000 s)."""
        self.inqom_oauth.password_ttl = seconds

    def set_clock_skew(self, seconds: float) -> None:
        """Both servers' clocks run ``seconds`` ahead of the machine's (negative: behind)."""
        self.meg_oauth.clock_skew = seconds
        self.inqom_oauth.clock_skew = seconds

    def reset_rate_limit(self) -> None:
        """Forget the requests counted by Inqom's rate limit (a new one-second window)."""
        with self.lock:
            self.rate_windows.clear()

    def meg_company(self, siret: str) -> MegCompany:
        return self.meg.companies[siret]

    def inqom_folder(self, siret: str) -> InqomFolder:
        folder = self.inqom.folder_by_siret(siret)
        if folder is None:
            raise KeyError(siret)
        return folder

    def inqom_posted_entries(self, siret: str) -> list[InqomEntry]:
        return list(self.inqom_folder(siret).entries.values())

    def lock_inqom_period(self, siret: str, year: int) -> None:
        """Lock the Inqom accounting period of ``year`` in the folder of ``siret``."""
        with self.lock:
            for period in self.inqom_folder(siret).periods:
                if period.BeginDate.year == year:
                    period.Locked = True

    def summary(self) -> dict[str, Any]:
        """Counts for the admin route and the CLI banner."""
        with self.lock:
            return {
                "meg_companies": [
                    {
                        "siret": c.siret,
                        "name": c.name,
                        "premium_licence": c.premium_licence,
                        "production_software_connection": c.production_software_connection,
                        "entries": len(c.entries),
                        "validated_entries": len(c.feed),
                        "validated_months": sorted(c.validated),
                    }
                    for c in self.meg.companies.values()
                ],
                "inqom_folders": [
                    {
                        "Id": f.Id,
                        "Name": f.Name,
                        "Siren": f.Siren,
                        "Nic": f.Nic,
                        "posted_entries": len(f.entries),
                        "documents": len(f.documents),
                    }
                    for f in self.inqom.folders.values()
                ],
                "bad_entry_ids": dict(self.meg.bad_entry_ids),
                "instance_id": self.instance_id,
                "other_connector": {
                    siret: {key: len(value) for key, value in booked.items()}
                    for siret, booked in self.inqom.other_connector.items()
                },
            }
