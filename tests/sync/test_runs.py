"""Run records: start/finish, skipped slots, interrupted runs, history, French summaries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.models import DossierRow, SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync import runs
from meg_inqom_desktop.sync.runs import RunCounts, RunStatus, summary_text


@pytest.fixture
def db(tmp_path: Path) -> Iterator[None]:
    open_database(resolve_data_paths(tmp_path / "data").ensure())
    yield
    close_database()


def test_run_lifecycle_and_history(db: None) -> None:
    d = DossierRow.create(siret="73282932000074", name="ACME SARL")
    assert runs.last_success(d.id) is None
    run_id, _ = runs.start_run(d.id, "manual")
    assert SyncRun.get_by_id(run_id).status == "running"
    counts = RunCounts(new=12, documents=9, bytes=1234, retries=3, details={"x": 1})
    runs.finish_run(run_id, RunStatus.SUCCESS, counts)
    row = SyncRun.get_by_id(run_id)
    assert (row.status, row.new, row.documents, row.retries) == ("success", 12, 9, 3)
    assert runs.last_success(d.id) == row.started_at
    runs.record_skipped(None, "schedule", datetime(2026, 11, 27, 9, tzinfo=UTC), "paused", "P")
    history = runs.list_runs()
    assert [h.status for h in history] == ["skipped", "success"]
    assert history[1].dossier_name == "ACME SARL" and history[1].details == {"x": 1}
    assert history[0].details == {"skipped": "paused"}
    assert runs.list_runs(d.id)[0].id == run_id


def test_interrupted_runs_closed(db: None) -> None:
    d = DossierRow.create(siret="73282932000074", name="ACME SARL")
    run_id, _ = runs.start_run(d.id, "manual")
    assert runs.close_interrupted_runs() == 1
    row = SyncRun.get_by_id(run_id)
    assert row.status == "failed" and "interrompue" in row.error_title
    assert runs.last_success(d.id) is None


def test_summary_texts() -> None:
    assert (
        summary_text("ACME SARL", RunCounts(new=12, documents=9), RunStatus.SUCCESS)
        == "MEG : 12 écritures et 9 pièces importées pour ACME SARL."
    )
    assert (
        summary_text("ACME SARL", RunCounts(), RunStatus.SUCCESS)
        == "MEG : rien de nouveau pour ACME SARL."
    )
    assert (
        summary_text("ACME SARL", RunCounts(unchanged=162), RunStatus.SUCCESS)
        == "MEG : rien de nouveau pour ACME SARL (162 écritures relues, toutes déjà dans le "
        "registre local)."
    )
    text = summary_text(
        "ACME SARL", RunCounts(new=1, documents=1, pushed=1, rejected=2), RunStatus.PARTIAL
    )
    assert text == (
        "MEG : 1 écriture et 1 pièce importées pour ACME SARL "
        "(1 écriture envoyée à Inqom, 2 éléments mis de côté)."
    )
    # after a cancelled run: nothing new in MEG, but the push and its pièces happen now
    pushed_only = RunCounts(pushed=427, details={"documents_attached": 55})
    assert summary_text("ACME SARL", pushed_only, RunStatus.SUCCESS) == (
        "Inqom : 427 écritures et 55 pièces envoyées pour ACME SARL (rien de nouveau dans MEG)."
    )
    with_pieces = RunCounts(new=2, documents=2, pushed=2, details={"documents_attached": 2})
    assert summary_text("ACME SARL", with_pieces, RunStatus.SUCCESS) == (
        "MEG : 2 écritures et 2 pièces importées pour ACME SARL "
        "(2 écritures envoyées à Inqom, 2 pièces jointes dans Inqom)."
    )
    assert "Échec" in summary_text("X", RunCounts(), RunStatus.FAILED, "réseau")


def test_summary_counts_entries_already_in_inqom_apart() -> None:
    counts = RunCounts(new=330, documents=4, pushed=12, adopted=318)
    text = summary_text("ACME SARL", counts, RunStatus.SUCCESS)
    assert text == (
        "MEG : 330 écritures et 4 pièces importées pour ACME SARL "
        "(12 écritures envoyées, 318 déjà présentes dans Inqom)."
    )
    counts.details["first_look"] = True  # no record here before: say who else may post
    text = summary_text("ACME SARL", counts, RunStatus.SUCCESS)
    assert text.endswith(
        "La plupart étaient déjà dans Inqom sans trace sur ce poste : normal après une remise "
        "à zéro ou une réinstallation ; sinon, un autre poste ou le connecteur MEG d'Inqom "
        "synchronise aussi ce dossier (un seul doit envoyer)."
    )
    counts = RunCounts(new=0, pushed=1, details={"inqom_left_to_other_writer": 23})
    assert "23 laissées à un autre poste" in summary_text("X", counts, RunStatus.SUCCESS)
