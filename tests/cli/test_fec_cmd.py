"""``meg-inqom fec check|import|export`` through ``cli.main``, on the real samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.domain.fec.columns import COLUMNS_18

SIRET = "73282932000074"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def run_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, Any]:
    code = cli.main(["--data-dir", str(data_dir), "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_check_exit_code_follows_errors(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys, data_dir, "fec", "check", str(fec_samples / "0000000001FEC20220831.txt")
    )
    assert code == 0  # Test Compta Demat accepts the 10-digit SIREN in the name
    assert "Erreurs (comptées comme telles par Test Compta Demat) : 0" in out
    assert "file_name_remark" in out and "10 chiffres" in out
    assert "Contrôles comptables (non faits par Test Compta Demat) : 181" in out
    assert "JournalCode + EcritureNum" in out
    assert "Import : toutes les écritures peuvent être importées." in out
    code, out = run(capsys, data_dir, "fec", "check", str(fec_samples / "123456789FEC20500930.txt"))
    assert code == 1 and "CR CR LF" in out


def test_check_json(data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(
        capsys, data_dir, "fec", "check", str(fec_samples / "111111111FEC20221231.TXT")
    )
    assert code == 0
    assert (report["rows"], report["entries"], report["errors"], report["alerts"]) == (
        934,
        248,
        0,
        0,
    )
    assert report["counts"]["note"]["invalid_bytes"] == 6
    stray = [f for f in report["findings"] if f["rule"] == "invalid_bytes"]
    assert stray[0]["line"] == 779 and stray[0]["column"] == "EcritureLib"
    assert report["grouping"]["key"] == "journal+num"


def test_check_missing_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, data_dir, "fec", "check", str(data_dir / "absent.txt"))
    assert code == 2 and "introuvable" in out  # 2: not checked (1 means not conforming)


def test_import_twice_then_export(
    data_dir: Path, fec_samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = str(fec_samples / "0000000001FEC20220831.txt")
    code, out = run(capsys, data_dir, "fec", "import", sample, "--dossier", "732 829 320 00074")
    assert code == 2 and "rien n'a été importé" in out and "--force" in out
    assert "n'existe pas encore" in out and "porte le SIREN 0000000001" in out
    code, out = run(
        capsys, data_dir, "fec", "import", sample, "--dossier", "732 829 320 00074", "--force"
    )
    assert code == 0
    assert "Dossier 732 829 320 00074 créé" in out
    assert "JournalCode + EcritureNum" in out
    assert "2033 nouvelles" in out and "5422 importées" in out
    code, out = run(capsys, data_dir, "fec", "import", sample, "--dossier", SIRET, "--force")
    assert code == 0 and "déjà été importé" in out and "rien n'a été ajouté" in out
    code, result = run_json(
        capsys,
        data_dir,
        "fec",
        "export",
        "--dossier",
        SIRET,
        "--year",
        "2022",
        "--out",
        str(tmp_path),
    )
    assert code == 0
    assert (result["entries"], result["lines"], result["closing"]) == (2033, 5422, "2022-08-31")
    exported = Path(result["file"])
    assert exported.name == "732829320FEC20220831.txt"
    code, report = run_json(capsys, data_dir, "fec", "check", str(exported))
    assert code == 0 and (report["errors"], report["alerts"]) == (0, 0)


def test_import_json_and_rejections(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "732829320FEC20231231.txt"
    header = (
        "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|"
        "CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|"
        "Montantdevise|Idevise"
    )
    rows = [
        "VT|Ventes|1|20230110|411000|Clients|||F1|20230110|Vente|10,00|0,00|||20230131||",
        "VT|Ventes|1|20230110|706000|Ventes|||F1|20230110|Vente|0,00|10,00|||20230131||",
        "VT|Ventes|2|20230111|411000|Clients|||F2|20230111|Vente|1.000,00|0,00|||20230131||",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    code, asked = run_json(capsys, data_dir, "fec", "import", str(path), "--dossier", SIRET)
    assert code == 2 and asked["error"] == "fec_confirmation_needed"
    assert [q["code"] for q in asked["questions"]] == ["new_dossier"]
    args = ("fec", "import", str(path), "--dossier", SIRET, "--force")
    code, result = run_json(capsys, data_dir, *args)
    assert code == 1 and result["refused"] is True  # all or nothing: nothing
    assert (result["entries_new"], result["lines_new"], result["lines_unreadable"]) == (0, 0, 1)
    assert [(p["line"], p["rule"]) for p in result["problems"]] == [
        (4, "amount_thousands_separator")
    ]
    code, out = run(capsys, data_dir, *args)
    assert code == 1 and "Rien n'a été importé" in out and "--partial" in out
    assert "1.000,00" in out
    code, result = run_json(capsys, data_dir, *args, "--partial")
    assert code == 3
    assert (result["entries_new"], result["lines_new"], result["lines_rejected"]) == (1, 2, 1)
    assert result["dossier_created"] is True and result["errors"] == 1


def test_import_of_a_file_without_valid_dates_keeps_every_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "\t".join(COLUMNS_18)
    rows = [
        "\t".join(
            [
                "VT",
                "Ventes",
                str(n),
                "20230110",
                acc,
                "L",
                "",
                "",
                f"F{n}",
                "20230110",
                "Vente",
                deb,
                cred,
                "",
                "",
                "",
                "",
                "",
            ]
        )
        for n in range(1, 51)
        for acc, deb, cred in (("411000", "10,00", "0,00"), ("706000", "0,00", "10,00"))
    ]
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    code, out = run(capsys, data_dir, "fec", "import", str(path), "--dossier", SIRET, "--force")
    assert code == 0
    assert "non conforme" in out  # for the administration: ValidDate is mandatory under BIC/IS
    assert "Lignes : 100 importées, 0 écartées." in out
    assert "50 écritures sans ValidDate" in out


def test_export_needs_a_known_dossier(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, data_dir, "fec", "export", "--dossier", SIRET, "--year", "2023")
    assert code == 1 and "Base de données introuvable" in out  # nothing imported yet
    sample = str(fec_samples / "111111111FEC20221231.TXT")
    assert run(capsys, data_dir, "fec", "import", sample, "--dossier", SIRET, "--force")[0] == 0
    code, out = run(
        capsys, data_dir, "fec", "export", "--dossier", "44306184100047", "--year", "2023"
    )
    assert code == 1 and "Aucun dossier local" in out
    code, out = run(capsys, data_dir, "fec", "export", "--dossier", "123", "--year", "2023")
    assert code == 1 and "SIRET" in out


def test_an_amount_too_large_is_a_finding_not_a_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "99999999999999999999999999999,99"
    rows = [
        "\t".join(
            [
                "VT",
                "Ventes",
                "1",
                "20230110",
                account,
                "L",
                "",
                "",
                "F1",
                "20230110",
                "Vente",
                debit,
                credit,
                "",
                "",
                "20230131",
                "",
                "",
            ]
        )
        for account, debit, credit in (("411000", huge, "0,00"), ("706000", "0,00", huge))
    ]
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_text("\n".join(["\t".join(COLUMNS_18), *rows]) + "\n", encoding="utf-8")
    code, report = run_json(capsys, data_dir, "fec", "check", str(path))
    assert code == 0  # Test Compta Demat reads it; our own check says the ledger cannot
    too_large = [
        (f["line"], f["column"]) for f in report["findings"] if f["rule"] == "amount_too_large"
    ]
    assert too_large == [(2, "Debit"), (3, "Credit")]
    code, out = run(capsys, data_dir, "fec", "import", str(path), "--dossier", SIRET, "--force")
    assert code == 1 and "Rien n'a été importé" in out and "trop grand" in out
    assert "Traceback" not in out
    code, out = run(capsys, data_dir, "fec", "import", str(path), "--dossier", "123", "--force")
    assert code == 2 and "SIRET" in out
