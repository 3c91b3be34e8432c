"""``meg-inqom fec check`` gives Test Compta Demat's verdict as its exit code, under the regime
given, on the four real samples (tests/data/fec, MIT, see SOURCES.md there).

The verdicts are those of Test Compta Demat 1.00.10b run on the same files: the 10-digit SIREN
passes, CR CR LF line ends hide the Idevise column, an empty ValidDate is an error under BIC/IS
but not under BNC cash accounting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli

CONFORMING, NOT_CONFORMING, NOT_CHECKED = 0, 1, 2


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def check(
    capsys: pytest.CaptureFixture[str], data_dir: Path, path: Path, *options: str
) -> tuple[int, dict[str, Any]]:
    code = cli.main(["--data-dir", str(data_dir), "--json", "fec", "check", str(path), *options])
    return code, json.loads(capsys.readouterr().out)


def dgfip_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["severity"] in ("error", "alert")]


def test_ten_digit_siren_is_conforming_and_only_remarked(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = check(
        capsys, data_dir, fec_samples / "0000000001FEC20220831.txt", "--regime", "bic"
    )
    assert code == CONFORMING and report["conforming"] is True
    assert (report["errors"], report["alerts"]) == (0, 0) and dgfip_findings(report) == []
    (remark,) = [f for f in report["findings"] if f["rule"] == "file_name_remark"]
    assert remark["severity"] == "check" and "10 chiffres" in remark["message"]
    assert report["regime"].startswith("BIC/IS") and report["regime_given"] is True


def test_cr_cr_lf_is_not_conforming_idevise_missing_with_the_fix(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = check(
        capsys, data_dir, fec_samples / "123456789FEC20500930.txt", "--regime", "bic"
    )
    assert code == NOT_CONFORMING and report["conforming"] is False
    (error,) = dgfip_findings(report)
    assert (error["rule"], error["column"], error["line"]) == ("missing_column", "Idevise", 1)
    assert "CR CR LF" in error["message"] and "CRLF ou LF" in error["message"]
    assert report["rows"] == 10756 and report["entries"] == 4001  # we still read it all


def test_empty_valid_date_depends_on_the_regime(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fec_samples / "000000000FEC20231231.txt"
    code, report = check(capsys, data_dir, path, "--regime", "bic")
    assert code == NOT_CONFORMING
    assert report["counts"]["error"] == {"empty_mandatory": 2102}
    assert {f["column"] for f in dgfip_findings(report)} == {"ValidDate"}
    code, report = check(capsys, data_dir, path, "--regime", "bnc", "--tresorerie")
    assert code == CONFORMING and report["conforming"] is True
    assert report["regime"] == "BNC, comptabilité de trésorerie (22 colonnes)"
    assert report["counts"]["check"]["valid_date_missing"] == 2102  # still said, apart


def test_pipe_fixed_width_sample_is_conforming(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = check(
        capsys, data_dir, fec_samples / "111111111FEC20221231.TXT", "--regime", "bic"
    )
    assert code == CONFORMING and (report["errors"], report["alerts"]) == (0, 0)
    assert report["counts"]["note"]["invalid_bytes"] == 6


def test_the_report_says_which_regime_it_assumed(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fec_samples / "000000000FEC20231231.txt"
    code = cli.main(["--data-dir", str(data_dir), "fec", "check", str(path)])
    out = capsys.readouterr().out
    assert code == CONFORMING  # the 22-column header suggests BNC cash accounting
    assert "BNC, comptabilité de trésorerie (22 colonnes) (supposé d'après l'en-tête" in out
    assert "Verdict Test Compta Demat : conforme" in out
    code = cli.main(["--data-dir", str(data_dir), "fec", "check", str(path), "--regime", "bic"])
    out = capsys.readouterr().out
    assert code == NOT_CONFORMING and "(option --regime)" in out
    assert "Non conforme pour Test Compta Demat" in out


@pytest.mark.parametrize(
    ("options", "said"),
    [(["--tresorerie"], "--regime bnc"), (["--regime", "bic", "--tresorerie"], "engagement")],
)
def test_contradictory_regime_options_are_not_checked(
    data_dir: Path,
    fec_samples: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    said: str,
) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    code = cli.main(["--data-dir", str(data_dir), "fec", "check", str(path), *options])
    captured = capsys.readouterr()
    assert code == NOT_CHECKED and said in captured.out + captured.err


def test_cash_regime_on_an_18_column_file_misses_its_columns(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    code, report = check(capsys, data_dir, path, "--regime", "ba", "--tresorerie")
    assert code == NOT_CONFORMING
    missing = {f["column"] for f in dgfip_findings(report) if f["rule"] == "missing_column"}
    assert missing == {"DateRglt", "ModeRglt", "NatOp"}
