"""Every MEG entry exactly once in Inqom, whatever happened to the ledger: reset, restore, a
second data folder, another connector (sandbox over loopback, no HTTP mocks)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB, is_postgres
from meg_inqom_desktop.store.models import ALL_MODELS, PushRecord, Rejection, SchemaVersion
from meg_inqom_desktop.store.paths import resolve_data_paths
from tests.sync.conftest import DATABASES, SMALL, _env

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv


def reset_ledger(env: SyncEnv) -> None:
    """What README's « Remettre à zéro » says: delete ``ledger.sqlite3*`` (pièces kept); on a
    firm database, every table emptied (a database recreated by the firm's IT)."""
    if is_postgres():
        tables = [m._meta.table_name for m in ALL_MODELS if m is not SchemaVersion]
        quoted = ", ".join(f'"{name}"' for name in tables)
        DB.execute_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    close_database()
    for path in env.paths.root.glob("ledger.sqlite3*"):
        path.unlink()
    open_database(env.paths)


def use_folder(env: SyncEnv, root: Path) -> None:
    """Switch the test to another data folder (another workstation, a restored backup)."""
    close_database()
    env.paths = resolve_data_paths(root).ensure()
    open_database(env.paths)


def exactly_once(env: SyncEnv, siret: str) -> int:
    """Each MEG entry of the feed once in the Inqom emulator; returns how many."""
    ext = env.inqom_external_ids(siret)
    feed = env.feed_ids(siret)
    assert set(ext) == set(feed), set(feed) ^ set(ext)
    assert max(ext.values()) == 1, [k for k, v in ext.items() if v > 1]
    return len(feed)


def validate_next_month(env: SyncEnv, siret: str) -> int:
    company = env.state.meg.companies[siret]
    month = next(m for m in company.months() if m not in company.validated)
    with env.state.lock:
        return len(company.validate_months([month], datetime.now(UTC)))


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_ledger_deleted_then_resynced_posts_nothing(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    first = env.sync(dossier_id)
    assert first.status == "success" and first.counts.adopted == 0
    docs = env.check_inqom_documents(dossier_id, siret)
    reset_ledger(env)
    dossier_id, _ = env.add_dossier()
    again = env.sync(dossier_id)
    feed = env.feed_ids(siret)
    assert again.status == "success", again.error
    assert (again.counts.pushed, again.counts.adopted) == (0, len(feed))
    assert again.counts.details.get("documents_attached", 0) == 0  # no second pièce
    assert exactly_once(env, siret) == len(feed)
    assert env.check_inqom_documents(dossier_id, siret) == docs
    assert f"0 écriture envoyée, {len(feed)} déjà présentes dans Inqom" in again.summary
    assert "un autre poste ou le connecteur MEG" in again.summary
    rows = list(PushRecord.select())
    assert len(rows) == len(feed) and {r.status for r in rows} == {"pushed"}
    assert {r.attempts for r in rows} == {0}  # adopted, never sent from this ledger
    # the next month: this ledger posts it, once
    added = validate_next_month(env, siret)
    later = env.sync(dossier_id)
    assert (later.counts.pushed, later.counts.adopted) == (added, 0)
    assert "La plupart" not in later.summary
    exactly_once(env, siret)


def test_two_data_folders_one_after_the_other(env: SyncEnv, tmp_path: Path) -> None:
    one = env.paths.root
    dossier_one, siret = env.add_dossier()
    assert env.sync(dossier_one).counts.pushed == len(env.feed_ids(siret))
    use_folder(env, tmp_path / "second")
    dossier_two, _ = env.add_dossier()
    second = env.sync(dossier_two)
    assert (second.counts.pushed, second.counts.adopted) == (0, len(env.feed_ids(siret)))
    exactly_once(env, siret)
    # a new month: whichever folder syncs first posts it, the other adopts it
    added = validate_next_month(env, siret)
    posted = env.sync(dossier_two)
    assert (posted.counts.pushed, posted.counts.adopted) == (added, 0)
    use_folder(env, one)
    adopted = env.sync(dossier_one)
    assert (adopted.counts.pushed, adopted.counts.adopted) == (0, added)
    assert "La plupart" not in adopted.summary  # not a first look
    added = validate_next_month(env, siret)
    assert env.sync(dossier_one).counts.pushed == added
    use_folder(env, tmp_path / "second")
    assert env.sync(dossier_two).counts.adopted == added
    exactly_once(env, siret)


def test_old_backup_restored_then_resynced(env: SyncEnv, tmp_path: Path) -> None:
    dossier_id, siret = env.add_dossier()
    company = env.state.meg.companies[siret]
    # only the first months validated: the backup holds them
    months = sorted(company.validated)
    with env.state.lock:
        for month in months[2:]:
            del company.validated[month]
        kept = [e for e in company.feed if e.month in months[:2]]
        company.feed[:] = kept
        company.feed_times[:] = company.feed_times[: len(kept)]
    assert env.sync(dossier_id).counts.pushed == len(kept)
    close_database()
    backup = tmp_path / "backup"
    shutil.copytree(env.paths.root, backup)
    # the backup was taken while the second month was being posted: its last entries are
    # still pending there (the watch of Inqom's changes must find them, the month is known)
    open_database(resolve_data_paths(backup))
    last = [r.id for r in PushRecord.select().order_by(PushRecord.entry.desc()).limit(10)]
    PushRecord.update(status="pending", inqom_entry_id=None, attempts=0).where(
        PushRecord.id.in_(last)
    ).execute()
    close_database()
    open_database(env.paths)
    # the ledger goes on: more months
    with env.state.lock:
        company.validate_months(months[2:], datetime.now(UTC))
    assert env.sync(dossier_id).counts.pushed == len(company.feed) - len(kept)
    # the old backup comes back and syncs
    close_database()
    shutil.rmtree(env.paths.root)
    shutil.copytree(backup, env.paths.root)
    open_database(env.paths)
    restored = env.sync(dossier_id)
    assert restored.status == "success", restored.error
    assert (restored.counts.pushed, restored.counts.adopted) == (
        0,
        len(company.feed) - len(kept) + 10,
    )
    assert restored.counts.details["inqom_adopted_from_changes"] == restored.counts.adopted
    exactly_once(env, siret)
    waiting = Rejection.select().where(
        (Rejection.kind == "inqom") & Rejection.resolved_at.is_null()
    )
    assert waiting.count() == 0  # nothing for a person to decide about Inqom


@pytest.fixture
def other_env(tmp_path: Path) -> Iterator[SyncEnv]:
    """A sandbox whose Inqom holds entries another connector booked for the demo company."""
    yield from _env(tmp_path, other_connector=True)


def test_other_connector_seed_adopted_near_matches_set_aside(other_env: SyncEnv) -> None:
    env = other_env
    dossier_id, siret = env.add_dossier(SMALL)
    seeded = env.state.inqom.other_connector[siret]
    booked = seeded["booked"]
    odd = set(seeded["near"]) | set(seeded["twice"])
    before = {i for ids in booked.values() for i in ids}
    result = env.sync(dossier_id)
    assert result.status == "partial", result.error  # the odd ones wait for a person
    feed = env.feed_ids(siret)
    assert result.counts.adopted == len(booked) - len(odd)
    assert result.counts.pushed == len(feed) - len(booked)
    folder = env.state.inqom_folder(siret)
    posted = Counter(e.ExternalId for e in folder.entries.values() if e.ExternalId)
    assert set(posted) == set(feed) - set(booked) and max(posted.values()) == 1
    assert before <= set(folder.entries)  # nothing of the other connector's was touched
    held = {r.source_id: r for r in Rejection.select().where(Rejection.kind == "inqom")}
    assert set(held) == odd
    assert {held[s].reason_code for s in seeded["near"]} == {"inqom_near"}
    assert {held[s].reason_code for s in seeded["twice"]} == {"inqom_ambiguous"}
    assert all("Adopter l'écriture Inqom" in r.message for r in held.values())
    near = held[seeded["near"][0]]
    assert str(booked[seeded["near"][0]][0]) in near.message  # Inqom's side shown
    statuses = Counter(r.status for r in PushRecord.select())
    assert statuses == {"pushed": len(feed) - len(odd), "held": len(odd)}
    # pièces: none sent to an Inqom entry that carries one, the others sent once
    by_entry = Counter(d.entry_id for d in folder.documents.values())
    assert max(by_entry.values()) == 1
    adopted_with = {booked[m][0] for m in seeded["with_document"]}
    assert all(by_entry[i] == 1 for i in adopted_with)
    again = env.sync(dossier_id)
    assert (again.counts.pushed, again.counts.adopted) == (0, 0)
    assert Counter(e.ExternalId for e in folder.entries.values() if e.ExternalId) == posted


def test_crash_after_the_first_piece_reached_inqom(env: SyncEnv) -> None:
    """A run killed after Inqom took an entry's only pièce, before the answer was recorded:
    the next run finds the pièce on the entry, sends no second one and settles the record
    (it was left ``attaching`` for good, run after run)."""
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).status == "success"
    docs = env.check_inqom_documents(dossier_id, siret)
    one_piece = (
        PushRecord.select()
        .where((PushRecord.status == "pushed") & (PushRecord.documents_attached == 1))
        .first()
    )
    assert one_piece is not None and len(one_piece.entry.documents) == 1
    # as left by the upload: ``attaching``, sent once, nothing counted
    PushRecord.update(status="attaching", documents_attached=0).where(
        PushRecord.id == one_piece.id
    ).execute()
    again = env.sync(dossier_id)
    assert again.status == "success", again.error
    assert again.counts.details.get("documents_attached", 0) == 0
    settled = PushRecord.get_by_id(one_piece.id)
    assert (settled.status, settled.documents_attached) == ("pushed", 1)
    assert env.check_inqom_documents(dossier_id, siret) == docs
    assert env.sync(dossier_id).status == "success"
    assert PushRecord.get_by_id(one_piece.id).status == "pushed"
