"""A hostile MEG (``sandbox/hostile.py``): each bad item is set aside with its French reason in
« À traiter », every good entry of the same pages is stored and pushed, the next run works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop.sandbox.hostile import LOOP_AT, PIECE_STATUSES, TARGET
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.models import DocumentRow, EntryRow, PushRecord, Rejection, SyncRun
from meg_inqom_desktop.store.todo import todo_items
from tests.sync.conftest import SyncEnv, _env


@pytest.fixture
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SyncEnv]:
    yield from _env(tmp_path, hostile=request.param)


def _setup(env: SyncEnv) -> tuple[int, str]:
    dossier_id, siret = env.add_dossier(TARGET)
    env.authorize(siret)
    return dossier_id, siret


def _hostile_ids(env: SyncEnv, mode: str) -> list[str]:
    ids: list[str] = env.state.meg.hostile["entries"][mode]
    return ids


def _open(dossier_id: int) -> dict[str, Any]:
    """Open items set aside by the pull and the push (the Factur-X cross-checks' « invoice »
    findings on seeded pièces are another matter)."""
    rows = Rejection.select().where(
        (Rejection.dossier == dossier_id)
        & Rejection.resolved_at.is_null()
        & Rejection.kind.in_(("entry", "document", "push"))
    )
    return {r.source_id: r for r in rows}


def _good_stored_and_pushed(env: SyncEnv, dossier_id: int, siret: str, bad: set[str]) -> None:
    """Every entry of the feed but the bad ones is stored once and posted to Inqom once."""
    good = sorted(set(env.feed_ids(siret)) - bad)
    stored = env.stored_ids(dossier_id)
    assert sorted(stored) == good
    pushed = env.inqom_external_ids(siret)
    assert sorted(pushed) == good and max(pushed.values()) == 1


VALUE_CASES = {
    "amount": (
        "amount_too_large",
        "hors limites (au plus 9\u202f999\u202f999\u202f999\u202f999,99 €)",
    ),
    "date": ("date_out_of_range", "Date 0001-01-01 hors limites (du 01/01/1900 au 31/12/2199)"),
    "text": ("text_too_long", "Libellé trop long (100000 caractères, au plus 255)"),
    "nul": ("text_bad_character", "Libellé avec un caractère invalide (caractère nul"),
}


@pytest.mark.parametrize("hostile", sorted(VALUE_CASES), indirect=True)
def test_value_the_ledger_cannot_hold_sets_one_entry_aside(hostile: SyncEnv) -> None:
    env = hostile
    mode = next(iter(env.state.meg.hostile["modes"]))
    dossier_id, siret = _setup(env)
    result = env.sync(dossier_id)
    assert result.status == "partial" and result.error is None
    (bad_id,) = _hostile_ids(env, mode)
    code, text = VALUE_CASES[mode]
    rejection = _open(dossier_id)[bad_id]
    assert rejection.reason_code == code and rejection.kind == "entry"
    assert rejection.message.startswith(f"Écriture MEG {bad_id} mise de côté : ")
    assert text in rejection.message
    assert [i.what for i in todo_items(dossier_id) if not i.what.startswith("invoice ")] == [
        f"entry {bad_id}"
    ]
    _good_stored_and_pushed(env, dossier_id, siret, {bad_id})
    again = env.sync(dossier_id)
    assert again.status == "partial" and again.counts.new == 0 and again.error is None
    # read again from its payload, except the 100 KB one (kept in part only: 64 KB at most)
    assert _open(dossier_id)[bad_id].attempts == (1 if mode == "text" else 2)
    _good_stored_and_pushed(env, dossier_id, siret, {bad_id})


@pytest.mark.parametrize("hostile", ["piece-status"], indirect=True)
def test_piece_refused_by_meg_sets_its_entry_aside_then_comes_back(hostile: SyncEnv) -> None:
    env = hostile
    dossier_id, siret = _setup(env)
    result = env.sync(dossier_id)
    assert result.status == "partial" and result.error is None
    ids = _hostile_ids(env, "piece-status")
    found = _open(dossier_id)
    for status, bad_id in zip((*PIECE_STATUSES, 503), ids, strict=True):
        rejection = found[bad_id]
        if status == 503:  # transient: tried again at the end of the run, later runs too
            assert rejection.reason_code == "document_unavailable"
            assert "pour l'instant" in rejection.message and "(503)" in rejection.message
            continue
        assert rejection.reason_code == "document_refused"
        detail = "Found" if status == 302 else f"Pièce retirée de MEG (statut {status})."
        assert f"MEG refuse de la fournir ({status} : {detail})" in rejection.message
        assert "avec « Réessayer »" in rejection.message
    _good_stored_and_pushed(env, dossier_id, siret, set(ids))
    # MEG serves the pièces again: the next run (or « Réessayer ») stores and pushes them
    for document in env.state.meg.documents.values():
        if document.render.get("kind") == "status":
            document.render = {"kind": "served"}
    again = env.sync(dossier_id)
    assert again.status == "success", again.summary
    assert not _open(dossier_id)
    _good_stored_and_pushed(env, dossier_id, siret, set())
    assert env.check_inqom_documents(dossier_id, siret) == env.check_documents(dossier_id)


@pytest.mark.parametrize("hostile", ["piece-type"], indirect=True)
def test_piece_is_what_its_bytes_are_and_named_by_the_app(hostile: SyncEnv) -> None:
    env = hostile
    dossier_id, siret = _setup(env)
    result = env.sync(dossier_id)
    assert result.status == "partial" and result.error is None
    prefix = f"meg-{siret[:9]}-hostile-type-"
    names = {
        row.entry.source_id.removeprefix(prefix): (row.filename, row.media_type)
        for row in DocumentRow.select().join(EntryRow)
        if row.entry.source_id.startswith(prefix)
    }
    assert names == {
        "bat": ("HOST-TYPE-BAT.pdf", "application/pdf"),
        "html": ("HOST-TYPE-HTML.pdf", "application/pdf"),
        "hta": ("HOST-TYPE-HTA.pdf", "application/pdf"),
        "tiff": ("HOST-TYPE-TIFF.tif", "image/tiff"),
        "xml": ("HOST-TYPE-XML.xml", "application/xml"),
    }
    found = _open(dossier_id)
    page = found[prefix + "htmlpage"]
    assert page.reason_code == "document_refused"
    assert "ce n'est pas une pièce acceptée (PDF, PNG, JPEG, TIFF ou facture électronique XML)" in (
        page.message
    )
    announced = found[prefix + "announced-html"]
    assert announced.reason_code == "piece_type_refused" and "text/html" in announced.message
    for kind, name in (("tiff", "HOST-TYPE-TIFF.tif"), ("xml", "HOST-TYPE-XML.xml")):
        note = found[f"{prefix}{kind}/{name}"]
        assert note.reason_code == "inqom_type" and "reste dans le registre local" in note.message
    bad = {prefix + "htmlpage", prefix + "announced-html"}
    _good_stored_and_pushed(env, dossier_id, siret, bad)
    assert env.sync(dossier_id).status == "partial"


@pytest.mark.parametrize("hostile", ["feed-loop", "feed-endless"], indirect=True)
def test_a_feed_that_never_ends_ends_the_run(hostile: SyncEnv) -> None:
    env = hostile
    mode = next(iter(env.state.meg.hostile["modes"]))
    dossier_id, siret = _setup(env)
    result = env.sync(dossier_id)
    assert result.status == "failed" and result.error is not None
    assert result.error.code == "feed_stuck" and result.error.title == "Flux MEG sans fin"
    if mode == "feed-loop":
        assert "renvoie une position du flux d'écritures déjà lue (page 2)" in result.error.message
        requests = 2
    else:
        assert "envoie plus de pages (50)" in result.error.message
        requests = 50  # then MEG's count of validated entries allows no more
    stats = result.counts.details["http"]["meg"]["requests"]
    assert stats["GET /companies/{siret}/entries"] == requests
    assert stats.get("GET /companies/{siret}/periods", 0) == (mode == "feed-endless")
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret)[:LOOP_AT])
    assert SyncRun.get_by_id(result.run_id).status == "failed"
    env.state.meg.hostile.pop("feed_loop_at", None)  # MEG mends its feed
    env.state.meg.hostile.pop("feed_endless_at", None)
    again = env.sync(dossier_id)
    assert again.status == "success", again.summary
    _good_stored_and_pushed(env, dossier_id, siret, set())


@pytest.mark.parametrize("hostile", ["huge-entry=40MB"], indirect=True)
def test_an_entry_too_large_to_read_is_skimmed_past(hostile: SyncEnv) -> None:
    env = hostile
    dossier_id, siret = _setup(env)
    result = env.sync(dossier_id)
    assert result.status == "partial" and result.error is None
    (bad_id,) = _hostile_ids(env, "huge-entry")
    rejection = _open(dossier_id)[bad_id]
    assert rejection.reason_code == "entry_too_large"
    assert "l'écriture fait 40 Mo, plus que les 32 Mo qu'une page peut faire" in rejection.message
    assert len(rejection.raw_payload) < 200  # its id and size, not its 40 MB
    _good_stored_and_pushed(env, dossier_id, siret, {bad_id})
    again = env.sync(dossier_id)
    assert again.status == "partial" and again.counts.new == 0
    assert _open(dossier_id)[bad_id].attempts == 1  # not read again: nothing to read it from
    assert PushRecord.select().count() == len(env.feed_ids(siret)) - 1


CHILD = Path(__file__).with_name("crash_child.py")  # one real sync of every dossier
ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT_MB = 300
# Runs the child script, then writes its own peak resident memory (kB): the high-water mark of
# its address space (VmHWM), not ru_maxrss, which Linux carries over from the parent at exec.
MEASURED = """
import atexit, resource, runpy, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage // 1024 if sys.platform == "darwin" else usage
out, script = sys.argv[1], sys.argv[2]
atexit.register(lambda: open(out, "w").write(str(peak())))
sys.argv = sys.argv[2:]
runpy.run_path(script, run_name="__main__")
"""
SERVICES = ("meg", "inqom")


@pytest.mark.parametrize("hostile", ["all,huge-entry=1GB"], indirect=True)
def test_every_hostile_case_at_once_in_bounded_memory(hostile: SyncEnv, tmp_path: Path) -> None:
    """A real sync in its own process against every hostile mode, a 1 GB entry included
    (sent chunked, so its size is known only by reading): peak memory under 300 MB."""
    env = hostile
    dossier_id, siret = env.add_dossier(TARGET)
    close_database()  # the child owns the ledger while it runs
    tokens = {f"{s}:{siret}": env.sandbox.issue_tokens(s) for s in SERVICES}  # whole answers
    tokens_file = tmp_path / "tokens.json"
    tokens_file.write_text(json.dumps(tokens))
    dossiers_file = tmp_path / "dossiers.json"
    folder_id = env.state.inqom_folder(siret).Id
    dossiers_file.write_text(json.dumps([[siret, env.state.meg.companies[siret].name, folder_id]]))
    out, err, peak = (tmp_path / n for n in ("out.txt", "err.txt", "peak.txt"))
    args = [str(env.paths.root), env.sandbox.meg_url, env.sandbox.inqom_url]
    args += [str(tokens_file), str(dossiers_file)]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, str(peak), str(CHILD), *args],
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=300,
        )
    code = done.returncode
    peak_mb = int(peak.read_text()) / 1024
    print(f"\nhostile sync, every mode and a 1 GB entry: peak memory {peak_mb:.0f} MB")
    assert code == 0, err.read_text()
    assert "Traceback" not in err.read_text()
    result = json.loads(out.read_text().splitlines()[-1])["result"]
    assert result[0][0] == "partial" and "13 éléments mis de côté" in result[0][1]
    assert peak_mb < MEMORY_LIMIT_MB
    open_database(env.paths)
    bad = {i for ids in env.state.meg.hostile["entries"].values() for i in ids}
    served = {f"meg-{siret[:9]}-hostile-type-{k}" for k in ("bat", "html", "hta", "tiff", "xml")}
    _good_stored_and_pushed(env, dossier_id, siret, bad - served)
    assert {r.source_id for r in _open(dossier_id).values() if r.kind == "entry"} == bad - served


@pytest.mark.parametrize("hostile", ["piece-status"], indirect=True)
def test_a_piece_answering_401_renews_the_token_once_then_asks(hostile: SyncEnv) -> None:
    env = hostile
    dossier_id, siret = _setup(env)
    refused = next(d for d in env.state.meg.documents.values() if d.render.get("status") == 410)
    refused.render["status"] = 401

    def access_tokens() -> int:
        return sum(t.kind == "access" for t in env.state.meg_oauth.tokens.values())

    issued = access_tokens()
    result = env.sync(dossier_id)
    assert result.status == "failed" and result.error is not None
    assert result.error.code == "authorization_revoked"
    assert f"L'accès à MEG n'est plus autorisé pour le dossier {siret}" in result.error.message
    # the run uses the access token kept at the authorization; the 401 renews it once: no more
    assert access_tokens() == issued + 1
