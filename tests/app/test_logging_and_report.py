"""Log files (rotation, redaction) and the support report (contents, nothing secret)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from meg_inqom_desktop import __version__
from meg_inqom_desktop.app import logging_setup
from meg_inqom_desktop.app.logging_setup import last_log_lines, log_file, setup_logging
from meg_inqom_desktop.app.support_report import build_report, dossier_sirets, scrub
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-Very-Secret"


@pytest.fixture
def paths(data_dir: Path) -> DataPaths:
    return resolve_data_paths(data_dir)


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_log_file_redacts_tokens_from_any_logger(paths: DataPaths) -> None:
    path = setup_logging(paths, "gui")
    assert path == paths.logs / "gui.log"
    logging.getLogger("httpx2").info("request headers {'Authorization': 'Bearer %s'}", TOKEN)
    logging.getLogger("some.library").warning('token reply {"access_token": "%s"}', TOKEN)
    try:
        raise RuntimeError(f"refresh failed: refresh_token={TOKEN}")
    except RuntimeError:
        logging.getLogger("meg_inqom_desktop.sync").exception("sync failed")
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = path.read_text(encoding="utf-8")
    assert "request headers" in text and "sync failed" in text and "RuntimeError" in text
    assert TOKEN not in text
    assert "[masqué]" in text
    assert text.splitlines()[0][:4].isdigit() and "Z " in text.splitlines()[0]


def test_log_files_rotate(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2_000)
    setup_logging(paths, "cli")
    log = logging.getLogger("meg_inqom_desktop.test")
    for i in range(200):
        log.info("ligne %03d %s", i, "x" * 40)
    current = log_file(paths, "cli")
    assert current.exists()
    assert current.with_name("cli.log.1").exists()
    assert not current.with_name(f"cli.log.{logging_setup.BACKUP_COUNT + 1}").exists()
    tail = last_log_lines(paths, "cli", 5)
    assert len(tail) == 5 and tail[-1].endswith("ligne 199 " + "x" * 40)


def test_setup_twice_keeps_one_handler(paths: DataPaths) -> None:
    setup_logging(paths, "gui")
    setup_logging(paths, "gui")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "meg-inqom-file"]
    assert len(ours) == 1


def test_report_has_versions_error_and_logs_but_nothing_secret(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    setup_logging(paths, "gui")
    logging.getLogger("meg_inqom_desktop.meg").info("connexion de comptable@cabinet-dupont.fr")
    logging.getLogger("meg_inqom_desktop.meg").info("dernière ligne avant l'erreur")
    for handler in logging.getLogger().handlers:
        handler.flush()
    try:
        raise ValueError(f"Authorization: Bearer {TOKEN} in {tmp_path}/data/ledger.sqlite3")
    except ValueError as exc:
        error = exc

    report = build_report(paths, error=error, versions={"Qt": "6.12.0"}, sirets=["73282932000074"])

    assert f"Version : {__version__}" in report
    assert "Qt : 6.12.0" in report
    assert "Python : " in report and "Système : " in report
    assert "73282932000074" in report
    assert "ValueError" in report and "Traceback" in report
    assert "dernière ligne avant l'erreur" in report
    assert TOKEN not in report
    assert "comptable@cabinet-dupont.fr" not in report and "<e-mail>" in report
    assert str(tmp_path) not in report and "~/data" in report


def test_report_without_logs_or_database(paths: DataPaths) -> None:
    report = build_report(paths, sirets=None)
    assert "Dossiers (SIRET) : aucun" in report
    assert "(journal vide)" in report
    assert dossier_sirets(paths) == []


def test_scrub_masks_bearer_and_email() -> None:
    text = scrub(f"Bearer {TOKEN} by a.b@example.org")
    assert TOKEN not in text and "example.org" not in text
