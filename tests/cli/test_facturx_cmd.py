"""``meg-inqom facturx show``: what a pièce's invoice says, as text and as JSON; exit code 1
for a file without an invoice, 2 for a file that cannot be opened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.sandbox.pdfs import document_bytes
from meg_inqom_desktop.sandbox.seed import build_seed

SAMPLES = Path(__file__).parents[1] / "data" / "einvoice"
KEYS = {
    "type_code",
    "number",
    "issue_date",
    "currency",
    "total_without_tax",
    "tax_total",
    "grand_total",
    "due_payable",
    "seller",
    "buyer",
    "vat",
}


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def show(
    capsys: pytest.CaptureFixture[str], data_dir: Path, path: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    code = cli.main(["--data-dir", str(data_dir), "--json", "facturx", "show", str(path), *extra])
    return code, json.loads(capsys.readouterr().out)


def test_json_of_a_public_sample(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = show(capsys, data_dir, SAMPLES / "extended_simple_2.xml")
    assert code == 0 and set(data) >= KEYS
    assert (data["type_code"], data["number"], data["issue_date"]) == (
        "380",
        "F20200027",
        "2020-01-15",
    )
    assert (
        data["total_without_tax"],
        data["tax_total"],
        data["grand_total"],
        data["due_payable"],
    ) == (
        "100.00",
        "10.00",
        "110.00",
        "100.00",
    )
    seller = data["seller"]
    assert (seller["name"], seller["siren"], seller["vat_id"]) == (
        "LE FOURNISSEUR",
        "123456789",
        "FR32123456789",
    )
    assert (
        set(data["seller"]) >= {"name", "siren", "vat_id"} and data["buyer"]["siren"] == "987654321"
    )
    assert data["vat"] == [{"category": "S", "rate": "10.00", "basis": "100.00", "tax": "10.00"}]


def test_sandbox_factur_x_credit_note(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meg, _ = build_seed(42)
    doc = next(
        d for d in meg.documents.values() if d.render.get("einvoice", {}).get("type_code") == "381"
    )
    path = tmp_path / doc.filename
    path.write_bytes(document_bytes(doc))
    code, data = show(capsys, data_dir, path)
    assert code == 0 and data["container"] == "pdf" and data["attachment"] == "factur-x.xml"
    assert data["type_code"] == "381" and data["credit_note"] is True
    assert data["grand_total"] == f"{float(doc.render['total_ttc']):.2f}"
    code = cli.main(["--data-dir", str(data_dir), "facturx", "show", str(path)])
    out = capsys.readouterr().out
    assert code == 0 and f"Avoir n° {data['number']}" in out
    assert "Vendeur" in out and "SIRET" in out and "Net à payer" in out and "Échéance" in out


def test_a_file_without_invoice_says_so(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meg, _ = build_seed(42)
    plain = next(d for d in meg.documents.values() if d.render["kind"] == "expense_report")
    path = tmp_path / plain.filename
    path.write_bytes(document_bytes(plain))
    code = cli.main(["--data-dir", str(data_dir), "facturx", "show", str(path)])
    assert code == 1 and "ne contient pas de facture électronique" in capsys.readouterr().out
    code, data = show(capsys, data_dir, path)
    assert code == 1 and data["error"] == "no_invoice" and data["findings"] == []


def test_a_refused_xml_gives_its_reason(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>')
    code, data = show(capsys, data_dir, path)
    assert code == 1 and [f["rule"] for f in data["findings"]] == ["xml_refused"]
    assert "DOCTYPE" in data["findings"][0]["message"]


def test_missing_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--data-dir", str(data_dir), "facturx", "show", str(data_dir / "absent.pdf")])
    captured = capsys.readouterr()
    assert code == 2 and "introuvable" in captured.out + captured.err
