"""Entries another connector booked in Inqom, to stand for Inqom's own MEG connector.

``start_sandbox(other_connector=True)`` (``meg-inqom sandbox --other-connector``) books into
the Inqom folder of the 6th demo company (Garage) its MEG entries of 2025-01 to 2025-04, as a
connector that keeps no ``ExternalId`` would: same journal, date, reference, accounts (third
parties renumbered by Inqom), amounts and labels (upper-cased); every other entry that has
pièces gets the first one. Three of them carry other amounts (a near match: same reference
and date), one is booked twice (two candidates). With ``scale``, the big company's validated
entries are all booked (no near match, none twice): the read-back benchmark's dossier.

What was booked is kept in ``state.inqom.other_connector[siret]``: ``booked`` (MEG id → Inqom
entry ids), ``near``, ``twice`` and ``with_document`` (MEG ids).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.sandbox.pdfs import document_bytes
from meg_inqom_desktop.sandbox.state import (
    InqomAccount,
    InqomDocument,
    InqomEntry,
    InqomFolder,
    InqomLine,
    InqomState,
    MegCompany,
    MegEntry,
)

DEMO_COMPANY = 5  # index of the demo company booked by the other connector
DEMO_MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04")
NEAR_EVERY, NEAR_FIRST = 40, 7  # entries 7, 47, 87 of the booked ones: other amounts
TWICE = 20  # the 21st booked entry is booked twice
THIRD_PARTY_ROOTS = ("401", "411", "421")


def _journal_name(code: str) -> str:
    return {"AC": "HA"}.get(code, code)


def _number(folder: InqomFolder, account: str, aux: str | None, name: str) -> str:
    """The Inqom number of a line's account; a third-party account is created on the way."""
    if not aux:
        return account
    root = account[:3]
    number = f"{root}1{aux}" if root in THIRD_PARTY_ROOTS else f"{root}{aux}"
    if number not in folder.accounts:
        folder.accounts[number] = InqomAccount(
            number, name[:100], IsImpactable=True, ParentAccountNumber=f"{root}1"
        )
    return number


def book_entry(
    inqom: InqomState, folder: InqomFolder, entry: MegEntry, shift: Decimal, at: datetime
) -> InqomEntry:
    """Book ``entry`` as that connector would (``shift`` added to its first debit and first
    credit: other amounts); tests use it to play another writer."""
    journal = next(j for j in folder.journals if j.Name == _journal_name(entry.journal))
    booked = InqomEntry(
        Id=inqom.new_id("entry"),
        JournalId=journal.Id,
        Date=entry.date,
        DocumentReference=entry.piece_ref,
        DocumentDate=entry.piece_date.isoformat(),
        ExternalId=None,
        AccountingDocumentId=None,
        Lines=[],
        created_at=at,
    )
    first_debit = first_credit = True
    for line in entry.lines:
        debit, credit = line.debit, line.credit
        if shift and debit and first_debit:
            debit, first_debit = debit + shift, False
        elif shift and credit and first_credit:
            credit, first_credit = credit + shift, False
        booked.Lines.append(
            InqomLine(
                Id=inqom.new_id("line"),
                entry_id=booked.Id,
                Label=(line.label or entry.label or entry.piece_ref)[:255].strip().upper(),
                DebitAmount=debit,
                CreditAmount=credit,
                Currency="EUR",
                AccountNumber=_number(
                    folder, line.account, line.aux_account, line.aux_label or line.label
                ),
                ExternalId=None,
            )
        )
    folder.entries[booked.Id] = booked
    for line_obj in booked.Lines:
        folder.record_change("Creation", booked, line_obj)
    return booked


def book_entries(
    inqom: InqomState,
    folder: InqomFolder,
    company: MegCompany,
    months: tuple[str, ...] | None,
    *,
    odd_ones: bool,
) -> dict[str, Any]:
    """Book ``company``'s validated entries of ``months`` (None: all) into ``folder``."""
    at = datetime.now(UTC)
    record: dict[str, Any] = {"booked": {}, "near": [], "twice": [], "with_document": []}
    with_pieces = 0
    chosen = [e for e in company.feed if months is None or e.month in months]
    for n, entry in enumerate(chosen):
        near = odd_ones and n % NEAR_EVERY == NEAR_FIRST
        copies = 2 if odd_ones and n == TWICE else 1
        ids = []
        for _ in range(copies):
            booked = book_entry(inqom, folder, entry, Decimal("1.00") if near else Decimal(0), at)
            ids.append(booked.Id)
        record["booked"][entry.id] = ids
        if near:
            record["near"].append(entry.id)
        if copies > 1:
            record["twice"].append(entry.id)
        if entry.documents and copies == 1:
            with_pieces += 1
            if with_pieces % 2 == 1:
                doc = entry.documents[0]
                piece = InqomDocument(
                    inqom.new_id("document"),
                    ids[0],
                    doc.filename,
                    document_bytes(doc),
                    entry.piece_date.isoformat(),
                    entry.piece_ref,
                    at,
                )
                folder.documents[piece.Id] = piece
                folder.entries[ids[0]].AccountingDocumentId = piece.Id
                record["with_document"].append(entry.id)
    return record


def seed_other_connector(inqom: InqomState, companies: list[MegCompany], scale: bool) -> None:
    """Book the demo company's first months (and the big company's entries with ``scale``)."""
    targets: list[tuple[MegCompany, tuple[str, ...] | None, bool]] = [
        (companies[DEMO_COMPANY], DEMO_MONTHS, True)
    ]
    if scale:
        targets.append((companies[-1], None, False))
    for company, months, odd_ones in targets:
        folder = inqom.folder_by_siret(company.siret)
        assert folder is not None
        inqom.other_connector[company.siret] = book_entries(
            inqom, folder, company, months, odd_ones=odd_ones
        )
