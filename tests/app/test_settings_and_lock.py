"""Settings JSON (defaults, damage, atomic save) and the one-process-per-data-folder lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from waiting import wait_until

from meg_inqom_desktop.app.instance_lock import InstanceLock
from meg_inqom_desktop.app.settings import Settings, load_settings, save_settings, update_settings
from meg_inqom_desktop.errors import DataFolderLocked


def test_defaults_when_missing(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "settings.json")
    assert s.slots == ("10:00", "14:00", "18:00")
    assert s.notifications == "all" and not s.paused and s.language == "fr"


def test_round_trip_and_update(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(slots=("18:30", "9:00"), notifications="errors"))
    s = load_settings(path)
    assert s.slots == ("09:00", "18:30")
    assert s.notifications == "errors"
    s = update_settings(path, paused=True, proxy="http://proxy:3128")
    assert load_settings(path) == s and s.paused
    assert json.loads(path.read_text())["proxy"] == "http://proxy:3128"
    assert not list(tmp_path.glob(".settings-*"))


def test_invalid_values_refused_on_save(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Horaire invalide"):
        save_settings(tmp_path / "s.json", Settings(slots=("26:00",)))
    with pytest.raises(ValueError, match="Notifications"):
        save_settings(tmp_path / "s.json", Settings(notifications="loud"))
    with pytest.raises(ValueError, match="Proxy"):
        save_settings(tmp_path / "s.json", Settings(proxy="proxy:3128"))


def test_damaged_file_gives_defaults_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.bad").exists()


def test_bad_field_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"slots": ["x"], "paused": "yes", "language": "en", "extra": 1}))
    s = load_settings(path)
    assert s.slots == Settings().slots and s.paused is False and s.language == "en"


def test_lock_excludes_second_holder(tmp_path: Path) -> None:
    lock_path = tmp_path / "sync.lock"
    with InstanceLock(lock_path) as first:
        assert first.held
        with pytest.raises(DataFolderLocked) as info:
            InstanceLock(lock_path).acquire()
        assert "déjà utilisé" in info.value.message
        assert str(os.getpid()) in info.value.message
    with InstanceLock(lock_path) as again:
        assert again.held


_HOLDER = """
import sys
from pathlib import Path
from meg_inqom_desktop.app.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
sys.stdin.read()  # holds the lock until killed (or until the test closes its stdin)
"""


def test_lock_across_processes_released_by_sigkill(tmp_path: Path) -> None:
    lock_path = tmp_path / "sync.lock"
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(DataFolderLocked) as info:
            InstanceLock(lock_path).acquire()
        assert str(child.pid) in info.value.message
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL

        def free() -> bool:
            try:
                InstanceLock(lock_path).acquire().release()
            except DataFolderLocked:
                return False
            return True

        wait_until(free, 5, "the killed holder's lock to be free")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
