"""Push a dossier's new entries to Inqom so that each is there exactly once.

Inqom promises no idempotency and is not written by this ledger alone (another workstation, a
reset or restored ledger, Inqom's own MEG connector), so a run goes:

1. **settle**: records left ``sending`` (a crash or a lost answer) are looked up in Inqom by
   content and marked pushed, or pending again;
2. **watch** (:mod:`.push_watch`): Inqom's changes since the last look, for the dates this
   ledger knows: deletions and edits of posted entries go to « À traiter », entries posted
   elsewhere are adopted;
3. **decisions**: entries a person asked to send again over Inqom's version (``update``);
4. **look then post**, period (month) by period: before the first post into a month this
   ledger has never looked at, that month is read back per journal and each MEG entry matched
   (:mod:`.push_look`): adopted, held for a person, or posted. Each record goes ``pending`` →
   ``sending`` (committed BEFORE the POST) → ``pushed`` (Inqom's id kept);
5. **pièces**: attached to pushed entries that miss some, never to an Inqom entry that already
   carries one.

Entries Inqom cannot take (no open accounting period, no journal to map to, a batch refused)
become ``rejected`` records and readable ``Rejection`` rows (kind ``push``), tried again next
run. A refused batch of 50 is split until the refused entries are isolated.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from meg_inqom_desktop.domain.entry import EntryLine as DomainLine
from meg_inqom_desktop.inqom import wire
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.inqom.errors import BatchRejected
from meg_inqom_desktop.inqom.mapping import (
    JournalNotMapped,
    entry_to_wire,
    line_label,
    resolve_journal,
)
from meg_inqom_desktop.net.errors import MalformedResponse, OutcomeUnknown
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import write_transaction
from meg_inqom_desktop.store.models import (
    DossierRow,
    EntryRow,
    InqomAccount,
    PushRecord,
)
from meg_inqom_desktop.sync import push_look, push_pieces, push_watch
from meg_inqom_desktop.sync.inqom_match import EntryView
from meg_inqom_desktop.sync.push_readback import ReadBack
from meg_inqom_desktop.sync.push_records import (
    PENDING,
    SENDING,
    TO_POST,
    PushItem,
    account_key,
    ensure_records,
    load_items,
    mark_pushed,
    mark_sending,
    reject,
    set_status,
    taken_inqom_ids,
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
        run_id: int | None,
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
        self.readback = ReadBack(inqom, self.folder)
        self.taken: dict[int, int] = {}  # Inqom entry id → record id, known as ours
        self.fresh: set[int] = set()  # records posted in this run (their pièces: none yet)
        self.done = 0
        self.total = 0
        self.attached = 0  # pièces attached in this run, of ``attach_total`` missing
        self.attach_total = 0

    def _emit(self, phase: str = Phase.PUSH, message: str = "") -> None:
        self.progress(
            Progress(
                phase,
                self.dossier.id,
                self.dossier.name or self.dossier.siret,
                entries_done=self.done,
                entries_total=self.total,
                pushed=self.counts.pushed + self.counts.adopted,
                message=message,
            )
        )

    def count(self, key: str, n: int = 1) -> None:
        self.counts.details[key] = self.counts.details.get(key, 0) + n

    # -- reference data ------------------------------------------------------------------
    async def load_reference(self) -> None:
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

    def view_of(self, item: PushItem) -> EntryView:
        """The MEG entry as Inqom would show it once posted (journal, numbers, labels)."""
        assert self.journals is not None and item.entry.date is not None
        accounts = self.accounts or {}
        journal = resolve_journal(item.entry.journal, self.journals)
        return EntryView(
            journal_id=journal.Id,
            day=item.entry.date,
            lines=tuple(
                (
                    accounts.get(account_key(ln), account_key(ln)),
                    ln.debit,
                    ln.credit,
                    line_label(item.entry, ln),
                )
                for ln in item.entry.lines
            ),
            reference=item.entry.piece_ref,
            key=item.record_id,
        )

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

    def ready(self, items: Sequence[PushItem]) -> list[PushItem]:
        """The items Inqom can take; the others are set aside (``rejected``) with the reason."""
        out = []
        for item in items:
            problem = self._precheck(item)
            if problem is None:
                out.append(item)
            else:
                reject(self.dossier.id, [item], problem[0], problem[1], self.run_id)
                self.counts.push_rejected += 1
                self.done += 1
        return out

    async def ensure_accounts(self, items: Sequence[PushItem]) -> None:
        """Inqom's number for every account of ``items`` (created when missing: Inqom answers
        the number it uses, an existing account included)."""
        self._load_accounts()
        assert self.accounts is not None
        wanted: dict[str, str] = {}
        for item in items:
            for ln in item.entry.lines:
                key = account_key(ln)
                if key not in self.accounts:
                    wanted.setdefault(key, _account_name(ln, key))
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
                ).on_conflict(
                    conflict_target=[InqomAccount.dossier, InqomAccount.account],
                    update={InqomAccount.inqom_number: number},
                ).execute()
            self.accounts[key] = number
            if key not in existing:
                self.count("accounts_created")

    def _wire(self, item: PushItem) -> dict[str, Any]:
        assert self.journals is not None and self.accounts is not None
        journal = resolve_journal(item.entry.journal, self.journals)
        accounts = self.accounts
        return entry_to_wire(item.entry, journal.Id, lambda ln: accounts[account_key(ln)])

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
        await self.load_reference()
        items = load_items(ids)
        found = await self.find(items)
        mark_pushed([(i, found[i.record_id]) for i in items if i.record_id in found])
        set_status([i.record_id for i in items if i.record_id not in found], PENDING)
        self.count("push_read_back", len(items))
        self.count("push_found_on_read_back", len(found))

    async def find(self, items: Sequence[PushItem]) -> dict[int, int]:
        """record id → Inqom entry id, for the items Inqom surely holds (not known as ours)."""
        views = []
        for item in items:
            try:
                views.append(self.view_of(item))
            except (AssertionError, JournalNotMapped):
                continue  # no date or no journal: Inqom cannot hold it
        found = await self.readback.find(views, set(self.taken))
        out = {key: view.inqom_id for key, view in found.items()}
        for key, inqom_id in out.items():
            self.taken[inqom_id] = key
        return out

    # -- the push ------------------------------------------------------------------------
    async def run(self) -> None:
        ensure_records(self.dossier.id)
        self._load_accounts()
        self.taken = taken_inqom_ids(self.dossier.id)
        looker = push_look.Looker(self)  # which months need a look: decided before the watch
        await self.settle_unknown()
        await push_watch.Watcher(self).run()
        await push_look.send_updates(self)
        with convert_db_errors():
            ids = [
                r.id
                for r in PushRecord.select(PushRecord.id)
                .join(EntryRow, on=(PushRecord.entry == EntryRow.id))
                .where((PushRecord.dossier == self.dossier.id) & (PushRecord.status.in_(TO_POST)))
                .order_by(EntryRow.date, EntryRow.id)
            ]
        self.total = len(ids)
        if ids:
            await self.load_reference()
        self._emit()
        for start in range(0, len(ids), 500):
            items = self.ready(load_items(ids[start : start + 500]))
            items.sort(key=lambda i: (i.entry.date or date.min, i.entry_id))
            await self.ensure_accounts(items)
            for month_items in push_look.by_month(items):
                to_post = await looker.claim(await looker.look(month_items))
                self._emit()
                for b in range(0, len(to_post), self.batch_size):
                    await self._send(await looker.recheck(to_post[b : b + self.batch_size]))
                    self._emit()
        looker.finish()
        await push_pieces.attach_documents(self)

    async def send(self, batch: Sequence[PushItem]) -> None:
        """Post ``batch`` (≤ 50): recorded ``sending`` first, then pushed, pending or
        rejected."""
        await self._send(batch)

    async def _send(self, batch: Sequence[PushItem], unknown_outcomes: int = 0) -> None:
        if not batch:
            return
        bodies = [self._wire(i) for i in batch]
        mark_sending(batch)  # committed before the POST: a crash after it is read back
        try:
            posted = await self.inqom.post_entries(self.folder, bodies)
        except UNKNOWN_OUTCOME:
            found = await self.find(batch)
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
                self.taken[inqom_id] = item.record_id
                self.fresh.add(item.record_id)
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

    def emit_attach(self) -> None:
        """Progress of the pièces phase: ``attached`` handled of ``attach_total`` missing."""
        self.progress(
            Progress(
                Phase.ATTACH,
                self.dossier.id,
                self.dossier.name or self.dossier.siret,
                entries_done=self.attached,
                entries_total=self.attach_total,
                documents=int(self.counts.details.get("documents_attached", 0)),
                pushed=self.counts.pushed + self.counts.adopted,
            )
        )


def _account_name(line: DomainLine, key: str) -> str:
    return line.aux_label or line.account_label or line.label or key


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
    try:
        await pusher.run()
    finally:
        counts.details["inqom_read_pages"] = pusher.readback.pages
