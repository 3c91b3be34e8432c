"""The crash harness with a hostile MEG mixed in: real syncs in a child process, SIGKILLed at
random moments while the smallest company's feed holds every hostile case (values the ledger
cannot hold, pièces refused by MEG or of a refused type, an entry too large to be read). Then
one clean sync: every good entry stored once and posted to Inqom once, every bad one set aside
once with its reason, nothing lost, nothing duplicated."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from meg_inqom_desktop.inqom.mapping import ATTACHABLE
from meg_inqom_desktop.sandbox.hostile import TARGET
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.models import EntryRow, PushRecord, Rejection, SyncRun
from tests.sync.conftest import SyncEnv, _env
from tests.sync.test_crash_harness import Child, _validate_next_month, _write_tokens

KILLS = 30
HOSTILE = "amount,date,text,nul,piece-status,piece-type,huge-entry=34MB"
OTHER = 1  # a company left as seeded, synced in the same children


@pytest.fixture
def hostile_env(tmp_path: Path) -> Iterator[SyncEnv]:
    yield from _env(tmp_path, hostile=HOSTILE)


def assert_attached_once(env: SyncEnv, dossier_id: int, siret: str) -> None:
    """Each posted entry carries its pièces once, those Inqom takes (a TIFF, an XML stay
    local)."""
    local = {
        row.source_id: sorted(d.sha256 for d in row.documents if d.media_type in ATTACHABLE)
        for row in EntryRow.select().where(EntryRow.dossier == dossier_id)
    }
    folder = env.state.inqom_folder(siret)
    attached: dict[int, list[str]] = {}
    for doc in folder.documents.values():
        attached.setdefault(doc.entry_id, []).append(hashlib.sha256(doc.content).hexdigest())
    for entry in folder.entries.values():
        assert sorted(attached.get(entry.Id, [])) == local[entry.ExternalId or ""]


@pytest.mark.slow
def test_sigkill_with_a_hostile_meg_then_clean_sync(hostile_env: SyncEnv, tmp_path: Path) -> None:
    env = hostile_env
    rng = random.Random(20261206)
    env.sandbox.set_faults("*:latency=15ms")  # stretch the work so kills land inside it
    dossiers = [env.add_dossier(TARGET), env.add_dossier(OTHER)]
    sirets = [s for _d, s in dossiers]
    close_database()
    tokens, wanted = tmp_path / "tokens.json", tmp_path / "dossiers.json"
    listed = [[s, env.state.meg.companies[s].name, env.state.inqom_folder(s).Id] for s in sirets]
    wanted.write_text(json.dumps(listed))
    phases: Counter[str] = Counter()
    for kill_no in range(KILLS):
        if kill_no % 5 == 4:
            _validate_next_month(env, sirets[(kill_no // 5) % len(sirets)])
        _write_tokens(env, sirets, tokens)
        child = Child(env, env.paths.root, tokens, wanted, small_pages=kill_no % 2 == 1)
        assert child.started.wait(60), child.proc.stderr.read() if child.proc.stderr else ""
        time.sleep(rng.uniform(0.0, 1.5))  # the kill moment is what this harness varies
        phases[child.kill()] += 1
    env.sandbox.set_faults(None)
    _write_tokens(env, sirets, tokens)
    child = Child(env, env.paths.root, tokens, wanted)
    assert child.wait(300) == 0, child.proc.stderr.read() if child.proc.stderr else ""
    open_database(env.paths)
    assert DB.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    hostile_ids = {i for ids in env.state.meg.hostile["entries"].values() for i in ids}
    prefix = f"meg-{sirets[0][:9]}-hostile-type-"
    served = {prefix + k for k in ("bat", "html", "hta", "tiff", "xml")}
    bad = hostile_ids - served
    lost = duplicated = total = 0
    for dossier_id, siret in dossiers:
        feed = env.feed_ids(siret)
        stored = env.stored_ids(dossier_id)
        good = sorted(set(feed) - bad)
        lost += len(set(good) - set(stored))
        duplicated += len(stored) - len(set(stored))
        assert sorted(stored) == good
        ext = env.inqom_external_ids(siret)
        lost += len(set(good) - set(ext))
        duplicated += sum(n - 1 for n in ext.values())
        assert set(ext) == set(good) and max(ext.values()) == 1
        env.check_documents(dossier_id)
        assert_attached_once(env, dossier_id, siret)
        total += len(good)
    open_entry_rejections = {
        r.source_id: r.attempts
        for r in Rejection.select().where(
            (Rejection.kind == "entry") & Rejection.resolved_at.is_null()
        )
    }
    assert set(open_entry_rejections) == bad  # each bad entry set aside once, with its reason
    assert PushRecord.select().where(PushRecord.status != "pushed").count() == 0
    assert SyncRun.select().where(SyncRun.status == "running").count() == 0
    report = {
        "kills": KILLS,
        "phases_at_kill": dict(phases),
        "good_entries": total,
        "bad_entries_set_aside": len(bad),
        "lost": lost,
        "duplicated": duplicated,
    }
    print("\ncrash harness with a hostile MEG:", json.dumps(report))
    assert lost == duplicated == 0
