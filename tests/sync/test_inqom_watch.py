"""After the post: deletions, edits and copies made in Inqom go to « À traiter », nothing is
posted again without a person deciding; the decisions; relinking from Inqom (sandbox over
loopback)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from meg_inqom_desktop.app.inqom_decisions import decide
from meg_inqom_desktop.sandbox.other_connector import book_entry
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.models import PushRecord, Rejection
from meg_inqom_desktop.store.todo import todo_items
from meg_inqom_desktop.sync.engine import EngineOptions, load_dossier
from meg_inqom_desktop.sync.relink import RelinkReport, relink
from tests.sync.conftest import DATABASES
from tests.sync.test_exactly_once import exactly_once, reset_ledger

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

pytestmark = pytest.mark.parametrize("env", DATABASES, indirect=True)


def _inqom_ids() -> dict[str, int]:
    return {r.entry.source_id: int(r.inqom_entry_id) for r in PushRecord.select()}


def _open_items() -> dict[str, Rejection]:
    query = Rejection.select().where((Rejection.kind == "inqom") & Rejection.resolved_at.is_null())
    return {r.source_id: r for r in query}


def test_deleted_and_edited_in_inqom_wait_for_a_person(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).ok
    folder = env.state.inqom_folder(siret)
    ids = _inqom_ids()
    feed = env.feed_ids(siret)
    gone_a, gone_b, edit_a, edit_b, lettered = feed[3], feed[10], feed[20], feed[30], feed[40]
    with env.state.lock:
        folder.delete_entry(ids[gone_a])
        folder.delete_entry(ids[gone_b])
        folder.edit_line(folder.entries[ids[edit_a]].Lines[0].Id, label="Libellé corrigé")
        folder.edit_line(folder.entries[ids[edit_b]].Lines[1].Id, label="Autre libellé")
        folder.edit_line(folder.entries[ids[lettered]].Lines[0].Id)  # same content
    result = env.sync(dossier_id)
    assert result.status == "partial" and result.counts.pushed == 0
    items = _open_items()
    assert set(items) == {gone_a, gone_b, edit_a, edit_b}
    assert {items[s].reason_code for s in (gone_a, gone_b)} == {"inqom_deleted"}
    assert {items[s].reason_code for s in (edit_a, edit_b)} == {"inqom_edited"}
    assert "supprimée dans Inqom le " in items[gone_a].message
    assert "« LIBELLÉ CORRIGÉ »" in items[edit_a].message
    assert PushRecord.get(PushRecord.inqom_entry_id == ids[gone_a]).status == "deleted"
    ext = env.inqom_external_ids(siret)
    assert gone_a not in ext and gone_b not in ext and max(ext.values()) == 1
    # seen again (the watch reads with an overlap): nothing new, nothing posted
    again = env.sync(dossier_id)
    assert again.counts.pushed == 0 and again.counts.push_rejected == 0
    assert {r.attempts for r in _open_items().values()} == {1}
    todo = {t.id: t for t in todo_items(dossier_id)}
    assert todo[items[gone_a].id].actions == ("repost", "ignore")
    assert todo[items[edit_a].id].actions == ("keep_inqom", "resend_meg")
    # the decisions
    assert decide(items[gone_a].id, "repost").needs_sync
    assert not decide(items[gone_b].id, "ignore").needs_sync
    assert not decide(items[edit_a].id, "keep_inqom").needs_sync
    assert decide(items[edit_b].id, "resend_meg").needs_sync
    third = env.sync(dossier_id)
    assert third.status == "success", third.error
    assert third.counts.pushed == 1 and third.counts.details["inqom_restored"] == 1
    ext = env.inqom_external_ids(siret)
    assert ext[gone_a] == 1 and gone_b not in ext and max(ext.values()) == 1
    restored = folder.entries[ids[edit_b]]
    meg_b = next(e for e in env.state.meg.companies[siret].feed if e.id == edit_b)
    assert [ln.Label for ln in restored.Lines] == [ln.label.upper() for ln in meg_b.lines]
    assert not _open_items()
    # the kept version is not reported again, whatever else changes on it
    with env.state.lock:
        folder.edit_line(folder.entries[ids[edit_a]].Lines[1].Id)
    assert env.sync(dossier_id).counts.push_rejected == 0
    assert not _open_items()
    statuses = {r.entry.source_id: r.status for r in PushRecord.select()}
    assert statuses[gone_b] == "ignored" and statuses[gone_a] == "pushed"
    env.check_inqom_documents(dossier_id, siret)


def test_copy_posted_elsewhere_is_reported_then_resolved(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).ok
    folder = env.state.inqom_folder(siret)
    company = env.state.meg.companies[siret]
    ids = _inqom_ids()
    twice, ours_deleted = company.feed[5], company.feed[6]
    with env.state.lock:  # another writer posts copies of two entries
        now = datetime.now(UTC)
        copy = book_entry(env.state.inqom, folder, twice, Decimal(0), now)
        other = book_entry(env.state.inqom, folder, ours_deleted, Decimal(0), now)
    result = env.sync(dossier_id)
    items = _open_items()
    assert {s: r.reason_code for s, r in items.items()} == {
        twice.id: "inqom_duplicate",
        ours_deleted.id: "inqom_duplicate",
    }
    assert f"n° {copy.Id}" in items[twice.id].message
    assert result.counts.details["inqom_duplicates"] == 2
    with env.state.lock:
        folder.delete_entry(copy.Id)  # the accountant deletes the copy...
        folder.delete_entry(ids[ours_deleted.id])  # ...or ours
    again = env.sync(dossier_id)
    assert again.counts.pushed == 0 and not _open_items()
    assert PushRecord.get(PushRecord.entry == _entry_id(ours_deleted.id)).inqom_entry_id == (
        other.Id
    )
    ext = env.inqom_external_ids(siret)
    assert ext[twice.id] == 1 and ours_deleted.id not in ext  # the copy stands for it
    assert len(folder.entries) == len(company.feed)


def _entry_id(source_id: str) -> int:
    from meg_inqom_desktop.store.models import EntryRow

    return int(EntryRow.get(EntryRow.source_id == source_id).id)


def _relink(env: SyncEnv, dossier_id: int, *, apply: bool) -> RelinkReport:
    async def run() -> RelinkReport:
        provider = env.provider()
        dossier = load_dossier(dossier_id)
        conns = await provider.connect(dossier)
        try:
            assert conns.inqom is not None
            return await relink(
                dossier, conns.inqom, ContentStore(env.paths.documents), apply=apply
            )
        finally:
            await conns.aclose()

    return asyncio.run(run())


def test_relink_rebuilds_push_records_dry_run_first(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).ok
    folder = env.state.inqom_folder(siret)
    feed = env.feed_ids(siret)
    with env.state.lock:
        folder.delete_entry(_inqom_ids()[feed[7]])
    before = _inqom_ids()
    reset_ledger(env)
    dossier_id, _ = env.add_dossier()
    env.options = EngineOptions(push=False)
    assert env.sync(dossier_id).counts.new == len(feed)
    dry = _relink(env, dossier_id, apply=False)
    assert (dry.entries, dry.linked, dry.missing, dry.gone, dry.held) == (
        len(feed),
        len(feed) - 1,
        1,
        0,
        0,
    )
    assert dry.requests > 0 and not dry.applied
    assert {r.status for r in PushRecord.select()} == {"pending"}  # a dry run writes nothing
    done = _relink(env, dossier_id, apply=True)
    assert (done.linked, done.missing) == (len(feed) - 1, 1)
    after = {r.entry.source_id: r.inqom_entry_id for r in PushRecord.select() if r.inqom_entry_id}
    assert after == {k: v for k, v in before.items() if k != feed[7]}
    # run again: nothing changes; then the sync posts the missing one only
    assert _relink(env, dossier_id, apply=False).unchanged == len(feed) - 1
    env.options = EngineOptions()
    result = env.sync(dossier_id)
    assert (result.counts.pushed, result.counts.adopted) == (1, 0)
    exactly_once(env, siret)
