"""``meg-inqom auth`` and ``meg-inqom meg status|preview|validate``, with ``--sandbox``.

Each ``--sandbox`` run starts its own in-process sandbox (seed 42, like the session fixture
whose state gives the SIRETs) and authorizes through the sandbox's consent page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.store.paths import resolve_data_paths


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cli, "COMMAND_MODULES", ("meg_inqom_desktop.cli.auth_cmd", "meg_inqom_desktop.cli.meg_cmd")
    )


def siret_where(sandbox: Any, **flags: bool) -> str:
    return next(
        c.siret
        for c in sandbox.state.meg.companies.values()
        if all(getattr(c, k) == v for k, v in flags.items())
    )


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_auth_in_the_sandbox_prints_the_link_and_says_consent_is_automatic(
    sandbox: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    siret = siret_where(sandbox, premium_licence=True)
    code, out = run(capsys, data_dir, "auth", "meg", "--siret", siret, "--sandbox")
    assert code == 0, out
    assert "/meg/oauth/authorize?" in out and "code_challenge_method=S256" in out
    assert "consentement donné automatiquement" in out
    assert f"✓ MEG autorisé pour le dossier {siret}" in out
    code, out = run(capsys, data_dir, "--json", "auth", "inqom", "--siret", siret, "--sandbox")
    assert code == 0
    assert json.loads(out[out.index("{") :]) == {
        "ok": True,
        "service": "inqom",
        "siret": siret,
        "account": "comptable@cabinet-demo.fr",
    }


def test_status_ready_and_not_ready(
    sandbox: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = siret_where(sandbox, premium_licence=True, production_software_connection=True)
    code, out = run(capsys, data_dir, "--json", "meg", "status", "--siret", ok, "--sandbox")
    report = json.loads(out[out.index("{") :])
    assert code == 0 and report["ready"] and report["name"]
    no_premium = siret_where(sandbox, premium_licence=False)
    code, out = run(capsys, data_dir, "meg", "status", "--siret", no_premium, "--sandbox")
    assert code == 1
    assert "Supervision > crayon > Accès aux modules MEG Premium" in out
    no_link = siret_where(sandbox, production_software_connection=False)
    code, out = run(capsys, data_dir, "meg", "status", "--siret", no_link, "--sandbox")
    assert code == 1 and "Cabinets/Sites" in out


def test_preview_lists_totals_per_journal(
    sandbox: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    siret = siret_where(sandbox, premium_licence=True, production_software_connection=True)
    args = ("meg", "preview", "--siret", siret, "--from", "2026-03-01", "--to", "31/03/2026")
    code, out = run(capsys, data_dir, "--json", *args, "--sandbox")
    report = json.loads(out[out.index("{") :])
    assert code == 0 and report["months"] == ["2026-03"] and report["entry_count"] > 0
    assert {t["journal"] for t in report["totals"]} >= {"VT", "AC"}
    code, out = run(capsys, data_dir, *args, "--sandbox")
    assert code == 0 and "Écritures à verrouiller par journal" in out


def test_validate_asks_first_then_locks_with_yes(
    sandbox: Any,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    siret = siret_where(sandbox, premium_licence=True, production_software_connection=True)
    args = ("meg", "validate", "--siret", siret, "--from", "2026-03-01", "--to", "2026-03-31")
    answers: list[str] = []

    def answer_no(question: str) -> str:
        answers.append(question)
        return "n"

    monkeypatch.setattr("builtins.input", answer_no)
    code, out = run(capsys, data_dir, *args, "--sandbox")
    assert code == 1 and "rien n'a été verrouillé" in out
    assert "définitivement" in answers[0]
    code, out = run(capsys, data_dir, "--json", *args, "--yes", "--sandbox")
    report = json.loads(out[out.index("{") :])
    assert code == 0 and report["validated"] and report["months"] == ["2026-03"]
    assert len(answers) == 1  # --yes asked nothing
    with Connector(resolve_data_paths(data_dir)).opened() as front:  # who locked which period
        (line,) = front.audit_events()
    assert (line.action, line.siret) == ("period_validated", siret)
    assert line.detail.startswith("Période du 01/03/2026 au 31/03/2026 validée")


def test_bad_input_and_missing_authorization(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, data_dir, "meg", "status", "--siret", "123")
    assert code == 1 and "SIRET invalide" in out
    code, out = run(
        capsys,
        data_dir,
        "meg",
        "preview",
        "--siret",
        "73282932000074",
        "--from",
        "2025-02-01",
        "--to",
        "2025-01-01",
    )
    assert code == 1 and "fin précède" in out
    # No token stored (fresh keyring): a clear message, and no network call is attempted.
    code, out = run(capsys, data_dir, "meg", "status", "--siret", "73282932000074")
    assert code == 1 and "meg-inqom auth meg" in out


def test_validate_refuses_a_month_not_over(
    sandbox: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MEG locks whole months: the current month only with --current-month-complete, a
    future one never (refused before MEG is asked)."""
    from meg_inqom_desktop.app.dossier_board import paris_today
    from meg_inqom_desktop.domain.periods import month_label, month_of

    siret = siret_where(sandbox, premium_licence=True, production_software_connection=True)
    today = paris_today()
    code, out = run(
        capsys,
        data_dir,
        "meg",
        "validate",
        "--siret",
        siret,
        "--from",
        today.replace(day=1).isoformat(),
        "--to",
        today.isoformat(),
        "--yes",
        "--sandbox",
    )
    assert code == 1
    assert f"Mois non terminé : Le mois de {month_label(month_of(today))} est en cours" in out
