"""Autostart at login: the XDG backend for real on a temporary config folder, the Windows and
macOS backends against an injected registry and a temporary home folder."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

from meg_inqom_desktop.app import autostart
from meg_inqom_desktop.app.autostart import (
    AUTOSTART_ARGS,
    LaunchAgentAutostart,
    WindowsAutostart,
    XdgAutostart,
    autostart_backend,
    desktop_exec_quote,
    launch_command,
    set_autostart,
)

COMMAND = ["/opt/MEG Inqom/meg-inqom-desktop", "--flag"]


def unquote_exec(line: str) -> list[str]:
    """Parse an ``Exec=`` value back into arguments, as a desktop environment does."""
    # The string-value escape first (\\ -> \), then the Exec quoting rule.
    text = line.replace("\\\\", "\\")
    args: list[str] = []
    current = ""
    in_quotes = False
    started = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_quotes:
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                current += text[i + 1]
                i += 1
            elif ch == '"':
                in_quotes = False
            else:
                current += ch
        elif ch == '"':
            in_quotes = True
            started = True
        elif ch == " ":
            if started:
                args.append(current)
            current, started = "", False
        else:
            current += ch
            started = True
        i += 1
    if started:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def test_xdg_register_writes_a_valid_desktop_file(tmp_path: Path) -> None:
    backend = XdgAutostart(config_home=tmp_path / "config")
    assert not backend.is_registered()

    backend.register(COMMAND)

    path = tmp_path / "config" / "autostart" / "meg-inqom-desktop.desktop"
    assert backend.path == path
    assert backend.is_registered()
    text = path.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert unquote_exec(exec_line.removeprefix("Exec=")) == COMMAND
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr

    backend.unregister()
    assert not path.exists()
    assert not backend.is_registered()
    backend.unregister()  # a second time is harmless


def test_xdg_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    backend = autostart_backend("linux")
    assert isinstance(backend, XdgAutostart)
    assert set_autostart(True, backend, COMMAND) is True
    assert (tmp_path / "xdg" / "autostart" / "meg-inqom-desktop.desktop").is_file()
    assert set_autostart(False, backend) is False


def test_xdg_entry_hidden_by_the_user_counts_as_off(tmp_path: Path) -> None:
    backend = XdgAutostart(config_home=tmp_path)
    backend.register(COMMAND)
    text = backend.path.read_text(encoding="utf-8")
    backend.path.write_text(text + "Hidden=true\n", encoding="utf-8")
    assert not backend.is_registered()


@pytest.mark.parametrize(
    "arg",
    ["plain", "with space", 'quote"d', "dollar$HOME", "back\\slash", "100%", "tick`x`", ""],
)
def test_desktop_exec_quoting_round_trips(arg: str) -> None:
    assert unquote_exec(desktop_exec_quote(arg)) == [arg]


class FakeRunKey:
    """The current user's Run key as a dict."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.refuse = False

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        if self.refuse:
            raise PermissionError("access denied")
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_windows_register_writes_a_quoted_run_value() -> None:
    key = FakeRunKey()
    backend = WindowsAutostart(run_key=key)
    assert not backend.is_registered()

    backend.register(
        [r"C:\Users\compta\AppData\Local\Programs\MEG Inqom\meg-inqom-desktop.exe", "--x"]
    )

    assert backend.is_registered()
    assert key.values == {
        "MEG-Inqom-Desktop": (
            r'"C:\Users\compta\AppData\Local\Programs\MEG Inqom\meg-inqom-desktop.exe" ' + "--x"
        )
    }
    backend.unregister()
    assert key.values == {}
    assert not backend.is_registered()


def test_windows_refusal_is_a_readable_error() -> None:
    key = FakeRunKey()
    key.refuse = True
    with pytest.raises(autostart.AutostartError) as info:
        WindowsAutostart(run_key=key).register(COMMAND)
    assert "clé Run" in info.value.message


def test_macos_launch_agent_plist(tmp_path: Path) -> None:
    backend = LaunchAgentAutostart(home=tmp_path)
    assert not backend.is_registered()

    backend.register(["/Applications/MEG Inqom.app/Contents/MacOS/meg-inqom-desktop"])

    path = tmp_path / "Library" / "LaunchAgents" / "fr.meg-inqom.desktop.plist"
    assert backend.path == path and backend.is_registered()
    with path.open("rb") as handle:
        data = plistlib.load(handle)
    assert data["Label"] == "fr.meg-inqom.desktop"
    assert data["ProgramArguments"] == [
        "/Applications/MEG Inqom.app/Contents/MacOS/meg-inqom-desktop"
    ]
    assert data["RunAtLoad"] is True
    backend.unregister()
    assert not path.exists() and not backend.is_registered()


def test_backend_per_platform() -> None:
    assert isinstance(autostart_backend("darwin"), LaunchAgentAutostart)
    assert isinstance(autostart_backend("linux"), XdgAutostart)
    assert isinstance(autostart_backend("freebsd14"), XdgAutostart)


def test_launch_command_for_each_install(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    # Bundle started from the console executable: the windowed one beside it.
    assert launch_command(str(bundle / "meg-inqom.exe"), frozen=True, platform="win32") == [
        str(bundle / "meg-inqom-desktop.exe"),
        *AUTOSTART_ARGS,
    ]
    # A venv with the gui-script installed.
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "meg-inqom-desktop").write_text("#!/bin/sh\n")
    assert launch_command(str(venv_bin / "python"), frozen=False, platform="linux") == [
        str(venv_bin / "meg-inqom-desktop"),
        *AUTOSTART_ARGS,
    ]
    # A bare interpreter: python -m, with pythonw on Windows when it exists.
    bare = tmp_path / "py"
    bare.mkdir()
    (bare / "pythonw.exe").write_text("")
    assert launch_command(str(bare / "python.exe"), frozen=False, platform="win32") == [
        str(bare / "pythonw.exe"),
        "-m",
        "meg_inqom_desktop",
        *AUTOSTART_ARGS,
    ]
