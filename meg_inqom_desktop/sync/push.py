"""Push a dossier's new entries to Inqom without ever creating a second copy.

Each stored MEG entry gets a ``PushRecord``: ``pending`` → ``sending`` (committed BEFORE the
POST) → ``pushed`` (Inqom's entry id kept) → its pièces attached (``documents_attached``
counts them; ``attaching`` is committed before each upload). Inqom promises no idempotency, so
a record found in ``sending`` or ``attaching`` at the start of a run (a crash or a lost answer)
is settled by reading Inqom's entry lines back (match by ExternalId, else by date, journal,
accounts and amounts) before anything is sent again.

Entries Inqom cannot take (no open accounting period for the date, no journal to map to, a
batch refused) become ``rejected`` records and readable ``Rejection`` rows (kind ``push``);
they are tried again at the next run. A refused batch of 50 is split until the refused entries
are isolated, so one bad entry does not hold back the others.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from meg_inqom_desktop.domain.entry import EntryLine as DomainLine
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.inqom import wire
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.inqom.errors import BatchRejected
from meg_inqom_desktop.inqom.mapping import (
    ATTACHABLE,
    JournalNotMapped,
    entry_to_wire,
    resolve_journal,
)
from meg_inqom_desktop.net.errors import MalformedResponse, OutcomeUnknown
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import write_transaction
from meg_inqom_desktop.store.models import DocumentRow, DossierRow, InqomAccount, PushRecord
from meg_inqom_desktop.store.rejections import RejectionItem, record_rejections
from meg_inqom_desktop.sync.push_readback import ReadBack
from meg_inqom_desktop.sync.push_records import (
    ATTACHING,
    PENDING,
    PUSHED,
    REJECTED,
    SENDING,
    PushItem,
    account_key,
    ensure_records,
    load_items,
    mark_pushed,
    mark_sending,
    reject,
    set_status,
)
from meg_inqom_desktop.sync.runs import Phase, Progress, ProgressCallback, RunCounts

log = logging.getLogger(__name__)

# the POST may have been applied: a lost answer, or an answer we could not read
UNKNOWN_OUTCOME = (OutcomeUnknown, MalformedResponse)

MAX_UNKNOWN_OUTCOMES = 8  # lost answers in a row before the run gives up (read back each time)


class Pusher:
    """Pushes one dossier's entries (one instance per run)."""

    def __init__(
        self,
        dossier: DossierRow,
        inqom: InqomClient,
        content_store: ContentStore,
        counts: RunCounts,
        run_id: int,
        progress: ProgressCallback,
        batch_size: int = 50,
    ) -> None:
        self.dossier = dossier
        if dossier.inqom_folder_id is None:
            raise ValueError("a local-only dossier has no Inqom folder to push to")
        self.folder = int(dossier.inqom_folder_id)
        self.inqom = inqom
        self.content = content_store
        self.counts = counts
        self.run_id = run_id
        self.progress = progress
        self.batch_size = batch_size
        self.journals: list[wire.InqomJournal] | None = None
        self.periods: list[wire.AccountingPeriod] | None = None
        self.accounts: dict[str, str] | None = None
        self.readback = ReadBack(inqom, self.folder, self._mapped_account)
        self.done = 0
        self.total = 0

    def _mapped_account(self, line: DomainLine) -> str | None:
        return (self.accounts or {}).get(account_key(line))

    def _emit(self, phase: str = Phase.PUSH, message: str = "") -> None:
        self.progress(
            Progress(
                phase,
                self.dossier.id,
                self.dossier.name or self.dossier.siret,
                entries_done=self.done,
                entries_total=self.total,
                pushed=self.counts.pushed,
                message=message,
            )
        )

    # -- settling what a previous run left open ------------------------------------------
    async def settle_unknown(self) -> None:
        """Records in ``sending``: read back and mark pushed or pending again."""
        with convert_db_errors():
            ids = [
                r.id
                for r in PushRecord.select(PushRecord.id).where(
                    (PushRecord.dossier == self.dossier.id) & (PushRecord.status == SENDING)
                )
            ]
        if not ids:
            return
        items = load_items(ids)
        found = await self.readback.find(items)
        pushed = [(i, found[i.record_id]) for i in items if i.record_id in found]
        mark_pushed(pushed)
        set_status([i.record_id for i in items if i.record_id not in found], PENDING)
        self.counts.details.setdefault("push_read_back", 0)
        self.counts.details["push_read_back"] += len(items)
        self.counts.details.setdefault("push_found_on_read_back", 0)
        self.counts.details["push_found_on_read_back"] += len(pushed)

    # -- reference data ------------------------------------------------------------------
    async def _load_reference(self) -> None:
        if self.journals is None:
            self.journals = list(await self.inqom.journals(self.folder))
        if self.periods is None:
            self.periods = list(await self.inqom.accounting_periods(self.folder))
        self._load_accounts()

    def _load_accounts(self) -> None:
        """Our account keys → the numbers Inqom uses (kept from earlier runs)."""
        if self.accounts is None:
            with convert_db_errors():
                self.accounts = {
                    a.account: a.inqom_number
                    for a in InqomAccount.select().where(InqomAccount.dossier == self.dossier.id)
                }

    def _precheck(self, item: PushItem) -> tuple[str, str] | None:
        """(code, message) if Inqom cannot take the entry as it is, else None."""
        assert self.journals is not None and self.periods is not None
        day: date | None = item.entry.date
        period = next((p for p in self.periods if day is not None and p.contains(day)), None)
        if period is None:
            return (
                "inqom_no_period",
                f"Aucun exercice Inqom ne couvre le {day:%d/%m/%Y} : créez l'exercice dans "
                "Inqom, l'écriture sera envoyée à la prochaine synchronisation.",
            )
        if period.Locked:
            return (
                "inqom_period_locked",
                f"L'exercice Inqom {period.Name or ''} est verrouillé : l'écriture du "
                f"{day:%d/%m/%Y} ne peut pas y être envoyée.".replace("  ", " "),
            )
        try:
            resolve_journal(item.entry.journal, self.journals)
        except JournalNotMapped:
            return (
                "inqom_journal_missing",
                f"Aucun journal Inqom ne correspond au journal {item.entry.journal.code} : "
                "créez-le dans Inqom.",
            )
        return None

    async def _ensure_accounts(self, items: Sequence[PushItem]) -> None:
        assert self.accounts is not None
        wanted: dict[str, str] = {}
        for item in items:
            for ln in item.entry.lines:
                key = account_key(ln)
                if key not in self.accounts:
                    wanted.setdefault(key, ln.aux_label or ln.account_label or ln.label or key)
        if not wanted:
            return
        existing = {a.Number for a in await self.inqom.accounts(self.folder)}
        for key, name in wanted.items():
            number = (
                key
                if key in existing
                else await self.inqom.create_account(self.folder, key, name[:100])
            )
            with convert_db_errors(), write_transaction():
                InqomAccount.insert(
                    dossier=self.dossier.id, account=key, inqom_number=number
                ).on_conflict_replace().execute()
            self.accounts[key] = number
            if key not in existing:
                created = self.counts.details.get("accounts_created", 0)
                self.counts.details["accounts_created"] = created + 1

    def _wire(self, item: PushItem) -> dict[str, Any]:
        assert self.journals is not None and self.accounts is not None
        journal = resolve_journal(item.entry.journal, self.journals)
        accounts = self.accounts
        return entry_to_wire(item.entry, journal.Id, lambda ln: accounts[account_key(ln)])

    # -- the push ------------------------------------------------------------------------
    async def run(self) -> None:
        ensure_records(self.dossier.id)
        self._load_accounts()  # the read-back compares Inqom's account numbers
        await self.settle_unknown()
        with convert_db_errors():
            ids = [
                r.id
                for r in PushRecord.select(PushRecord.id)
                .where(
                    (PushRecord.dossier == self.dossier.id)
                    & (PushRecord.status.in_((PENDING, REJECTED)))
                )
                .order_by(PushRecord.entry)
            ]
        self.total = len(ids)
        if ids:
            await self._load_reference()
        self._emit()
        for start in range(0, len(ids), 500):
            items = load_items(ids[start : start + 500])
            ready: list[PushItem] = []
            for item in items:
                problem = self._precheck(item)
                if problem is None:
                    ready.append(item)
                else:
                    reject(self.dossier.id, [item], problem[0], problem[1], self.run_id)
                    self.counts.push_rejected += 1
                    self.done += 1
            await self._ensure_accounts(ready)
            for b in range(0, len(ready), self.batch_size):
                await self._send(ready[b : b + self.batch_size])
                self._emit()
        await self.attach_documents()

    async def _send(self, batch: Sequence[PushItem], unknown_outcomes: int = 0) -> None:
        if not batch:
            return
        bodies = [self._wire(i) for i in batch]
        mark_sending(batch)  # committed before the POST: a crash after it is read back
        try:
            posted = await self.inqom.post_entries(self.folder, bodies)
        except UNKNOWN_OUTCOME:
            found = await self.readback.find(batch)
            mark_pushed([(i, found[i.record_id]) for i in batch if i.record_id in found])
            missing = [i for i in batch if i.record_id not in found]
            set_status([i.record_id for i in missing], PENDING)
            self.counts.pushed += len(batch) - len(missing)
            self.done += len(batch) - len(missing)
            if missing:
                if unknown_outcomes >= MAX_UNKNOWN_OUTCOMES:
                    raise
                await self._send(missing, unknown_outcomes + 1)
            return
        except BatchRejected as exc:
            await self._split(batch, exc, unknown_outcomes)
            return
        # any other exception (cancellation, crash): the records stay ``sending`` and the next
        # run reads Inqom back before sending them again
        by_ext = {p.ExternalId: p.entry_id for p in posted if p.ExternalId}
        pairs: list[tuple[PushItem, int]] = []
        for n, item in enumerate(batch):
            inqom_id = by_ext.get(item.entry.source_id)
            if inqom_id is None and n < len(posted):
                inqom_id = posted[n].entry_id
            if inqom_id is not None:
                pairs.append((item, inqom_id))
        mark_pushed(pairs)
        self.counts.pushed += len(pairs)
        self.done += len(batch)

    async def _split(
        self, batch: Sequence[PushItem], exc: BatchRejected, unknown_outcomes: int
    ) -> None:
        """Nothing of ``batch`` was created: set the faulty entries aside, resend the rest."""
        set_status([i.record_id for i in batch], PENDING)
        named = exc.faulty_external_ids()
        faulty = [
            i
            for i in batch
            if i.entry.source_id in named or any(ln.source_id in named for ln in i.entry.lines)
        ]
        if not faulty and len(batch) == 1:
            faulty = list(batch)
        if faulty:
            messages = {e.external_id: e.message for e in exc.errors if e.external_id}
            for item in faulty:
                reason = messages.get(item.entry.source_id) or next(
                    (messages[ln.source_id] for ln in item.entry.lines if ln.source_id in messages),
                    exc.message,
                )
                reject(
                    self.dossier.id,
                    [item],
                    "inqom_refused",
                    f"Inqom a refusé l'écriture {item.entry.piece_ref} : {reason}",
                    self.run_id,
                )
            self.counts.push_rejected += len(faulty)
            self.done += len(faulty)
            rest = [i for i in batch if i not in faulty]
            await self._send(rest, unknown_outcomes)
            return
        mid = len(batch) // 2  # Inqom did not say which: halve until isolated
        await self._send(batch[:mid], unknown_outcomes)
        await self._send(batch[mid:], unknown_outcomes)

    # -- pièces --------------------------------------------------------------------------
    async def attach_documents(self) -> None:
        """Attach the pièces of pushed entries that still miss some."""
        with convert_db_errors():
            rows = list(
                PushRecord.select(PushRecord.id)
                .join(DocumentRow, on=(DocumentRow.entry == PushRecord.entry))
                .where(
                    (PushRecord.dossier == self.dossier.id)
                    & (PushRecord.status.in_((PUSHED, ATTACHING)))
                )
                .group_by(PushRecord.id)
                .having(PushRecord.documents_attached < peewee_count(DocumentRow.id))
            )
        ids = [r.id for r in rows]
        for start in range(0, len(ids), 200):
            for item in load_items(ids[start : start + 200]):
                await self._attach(item)

    async def _attach(self, item: PushItem) -> None:
        rec = PushRecord.get_by_id(item.record_id)
        assert rec.inqom_entry_id is not None, "pièces are attached to pushed entries only"
        done = rec.documents_attached
        # a previous run may have uploaded the first pièce before dying: look first
        if (
            rec.status == ATTACHING
            and done == 0
            and await self.readback.has_document(item.entry, rec.inqom_entry_id)
        ):
            done = 1
            set_status([item.record_id], PUSHED, documents_attached=done)
        for index in range(done, len(item.documents)):
            doc = item.documents[index]
            if doc.media_type not in ATTACHABLE:  # a TIFF, an XML invoice: kept here only
                self._not_attachable(item, doc.filename)
                set_status([item.record_id], PUSHED, documents_attached=index + 1)
                continue
            set_status([item.record_id], ATTACHING, documents_attached=index)
            with self.content.open(doc.sha256) as fh:
                data = fh.read()
            for attempt in range(MAX_UNKNOWN_OUTCOMES + 1):
                try:
                    await self.inqom.attach_document(
                        self.folder,
                        int(rec.inqom_entry_id),
                        content=data,
                        filename=doc.filename,
                        day=item.entry.piece_date or item.entry.date,
                        reference=item.entry.piece_ref,
                        media_type=doc.media_type,
                    )
                    break
                except UNKNOWN_OUTCOME:
                    # the first pièce shows on the entry's lines; later ones cannot be told
                    # apart, so they are sent again (a duplicate pièce, never a lost one)
                    if index == 0 and await self.readback.has_document(
                        item.entry, rec.inqom_entry_id
                    ):
                        break
                    if attempt == MAX_UNKNOWN_OUTCOMES:
                        raise
            set_status([item.record_id], PUSHED, documents_attached=index + 1)
            self.counts.details["documents_attached"] = (
                self.counts.details.get("documents_attached", 0) + 1
            )

    def _not_attachable(self, item: PushItem, filename: str) -> None:
        message = (
            f"La pièce {filename} de l'écriture {item.entry.piece_ref} reste dans le registre "
            "local : Inqom n'accepte en pièce jointe que les PDF, PNG et JPEG. Joignez-la "
            "dans Inqom sous l'un de ces formats si besoin."
        )
        record_rejections(
            self.dossier.id,
            [
                RejectionItem(
                    "document", f"{item.entry.source_id}/{filename}", "inqom_type", message
                )
            ],
            provenance=MEG,
            run_id=self.run_id,
        )


def peewee_count(field_: Any) -> Any:
    from peewee import fn

    return fn.COUNT(field_)


async def push_dossier(
    dossier: DossierRow,
    inqom: InqomClient,
    content_store: ContentStore,
    counts: RunCounts,
    run_id: int,
    progress: ProgressCallback,
    batch_size: int = 50,
) -> None:
    """Push the dossier's pending entries and their pièces (see the module docstring)."""
    pusher = Pusher(dossier, inqom, content_store, counts, run_id, progress, batch_size)
    await pusher.run()
