"""``meg-inqom ledger journal|grand-livre|balance`` on a small real store."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.dossiers import get_or_create_dossier
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"
NNBSP = "\u202f"


def _entry(sid: str, day: date, journal: str, lines: list[tuple[str, str, str, str]]) -> Entry:
    return Entry(
        source_id=sid,
        journal=Journal(journal),
        date=day,
        piece_ref=f"P-{sid}",
        label=lines[0][1],
        number=sid,
        lines=tuple(
            EntryLine(account=a, label=lbl, debit=Decimal(d), credit=Decimal(c))
            for a, lbl, d, c in lines
        ),
    )


@pytest.fixture
def store(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("meg_inqom_desktop.cli.ledger_cmd",))
    monkeypatch.setenv("COLUMNS", "200")
    open_database(resolve_data_paths(data_dir))
    dossier, _ = get_or_create_dossier(SIRET, name="Démo SA")
    upsert_entries(
        dossier.id,
        [
            _entry(
                "1",
                date(2026, 1, 10),
                "VT",
                [
                    ("411000", "Facture Dupont", "1234.56", "0"),
                    ("706000", "Facture Dupont", "0", "1234.56"),
                ],
            ),
            _entry(
                "2",
                date(2026, 2, 5),
                "BQ",
                [
                    ("512000", "Règlement Dupont", "1000.00", "0"),
                    ("411000", "Règlement Dupont", "0", "1000.00"),
                ],
            ),
        ],
        provenance="meg",
    )
    upsert_entries(
        dossier.id,
        [
            _entry(
                "9",
                date(2025, 12, 31),
                "OD",
                [("401000", "Reprise 100%", "0", "50.00"), ("606000", "Reprise", "50.00", "0")],
            )
        ],
        provenance="fec",
    )
    close_database()
    return data_dir


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir), *args])
    return code, capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, Any]:
    code, out = run(capsys, data_dir, "--json", *args)
    return code, json.loads(out)


def test_journal_json_in_date_order_with_totals(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_json(capsys, store, "ledger", "journal", "--dossier", "732 829 320 00074")
    assert code == 0
    assert [(ln["date"], ln["account"]) for ln in out["lines"]] == [
        ("2025-12-31", "401000"),
        ("2025-12-31", "606000"),
        ("2026-01-10", "411000"),
        ("2026-01-10", "706000"),
        ("2026-02-05", "512000"),
        ("2026-02-05", "411000"),
    ]
    assert out["totals"] == {"debit": "2284.56", "credit": "2284.56", "balance": "0.00", "count": 6}
    assert out["lines"][2]["debit"] == "1234.56"


def test_journal_filters(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("ledger", "journal", "--dossier", SIRET)
    _, out = run_json(capsys, store, *base, "--provenance", "Import FEC")
    assert {ln["provenance"] for ln in out["lines"]} == {"fec"}
    _, out = run_json(capsys, store, *base, "--from", "01/01/2026", "--to", "2026-01-31")
    assert {ln["date"] for ln in out["lines"]} == {"2026-01-10"}
    _, out = run_json(capsys, store, *base, "--account", "41")
    assert [ln["account"] for ln in out["lines"]] == ["411000", "411000"]
    _, out = run_json(capsys, store, *base, "--text", "100%")
    assert [ln["account"] for ln in out["lines"]] == ["401000"]
    _, out = run_json(capsys, store, *base, "--journal", "bq", "--journal", "VT", "--limit", "3")
    assert out["shown"] == 3 and out["totals"]["count"] == 4


def test_journal_table_in_french(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, store, "ledger", "journal", "--dossier", SIRET)
    assert code == 0
    assert f"1{NNBSP}234,56" in out
    assert f"2{NNBSP}284,56" in out  # totals
    assert "10/01/2026" in out
    assert "Journal — Démo SA" in out
    assert "6 ligne(s) affichée(s) sur 6." in out


def test_grand_livre_running_balance(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(capsys, store, "ledger", "grand-livre", "--dossier", SIRET)
    assert code == 0
    accounts = {a["account"]: a for a in out["accounts"]}
    assert list(accounts) == ["401000", "411000", "512000", "606000", "706000"]
    client = accounts["411000"]
    assert [ln["balance"] for ln in client["lines"]] == ["1234.56", "234.56"]
    assert (client["debit"], client["credit"], client["balance"]) == (
        "1234.56",
        "1000.00",
        "234.56",
    )
    code, text = run(capsys, store, "ledger", "grand-livre", "--dossier", SIRET, "--limit", "1")
    assert "Total 411000 (+1 lignes)" in text
    assert "234,56" in text and "Solde" in text


def test_balance(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(capsys, store, "ledger", "balance", "--dossier", SIRET)
    assert code == 0
    rows = {a["account"]: a for a in out["accounts"]}
    assert rows["411000"]["balance_debit"] == "234.56"
    assert rows["706000"]["balance_credit"] == "1234.56"
    totals = out["totals"]
    assert totals["balance_debit"] == totals["balance_credit"] == "1284.56"
    code, text = run(capsys, store, "ledger", "balance", "--dossier", SIRET, "--account", "4")
    assert "Solde débiteur" in text and "401000" in text and "706000" not in text


def test_unknown_and_invalid_dossiers(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(capsys, store, "ledger", "balance", "--dossier", "35600000000048")
    assert code == 1
    assert out["title"] == "Dossier inconnu"
    code, out = run_json(capsys, store, "ledger", "journal", "--dossier", "123")
    assert code == 1
    assert out["error"] == "invalid_siret"


def test_bad_period(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(
        capsys,
        store,
        "ledger",
        "journal",
        "--dossier",
        SIRET,
        "--from",
        "2026-02-01",
        "--to",
        "2026-01-01",
    )
    assert code == 1 and out["title"] == "Période invalide"
    with pytest.raises(SystemExit) as info:
        cli.main(["ledger", "journal", "--dossier", SIRET, "--from", "31-12-2026"])
    assert info.value.code == 2
    assert "date illisible" in capsys.readouterr().err
