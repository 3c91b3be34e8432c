"""« Lancer au démarrage de la session »: register the desktop app to start when the user logs in.

One small interface, :class:`AutostartBackend` (``register`` / ``unregister`` /
``is_registered``), with a backend per OS:

* Windows: a value in ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` (the current
  user's Run key; no admin rights), through a :class:`RunKey` that wraps ``winreg``;
* Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/meg-inqom-desktop.desktop``;
* macOS: a LaunchAgent ``~/Library/LaunchAgents/<label>.plist`` with ``RunAtLoad``.

The registry and the home folder are injected, so every backend is tested on any OS.
:func:`autostart_backend` picks the backend for the running OS; :func:`launch_command` says what
to start (the bundled executable, the installed ``meg-inqom-desktop`` script, or
``python -m meg_inqom_desktop``). No Qt here.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from meg_inqom_desktop.errors import MegInqomError

APP_ID = "meg-inqom-desktop"
DISPLAY_NAME = "MEG → Inqom"
RUN_KEY_PATH = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE_NAME = "MEG-Inqom-Desktop"
LAUNCH_AGENT_LABEL = "fr.meg-inqom.desktop"
# Extra arguments for the GUI when the session starts it. Empty while ``ui/application.py``
# has no option for it; set to ("--autostart",) once the GUI accepts one (start in the tray).
AUTOSTART_ARGS: tuple[str, ...] = ()


class AutostartError(MegInqomError):
    """The OS refused to (un)register the app at login."""


class AutostartBackend(Protocol):
    """What the settings need: register, unregister, ask."""

    def register(self, command: Sequence[str]) -> None: ...

    def unregister(self) -> None: ...

    def is_registered(self) -> bool: ...


# --- what to start -------------------------------------------------------------------------


def launch_command(
    executable: str | None = None,
    frozen: bool | None = None,
    platform: str | None = None,
) -> list[str]:
    """The command line that starts the GUI at login, for the way the app was installed."""
    executable = executable or sys.executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    platform = platform or sys.platform
    exe = Path(executable)
    suffix = ".exe" if platform.startswith("win") else ""
    gui_name = f"{APP_ID}{suffix}"
    if frozen:
        # Bundle: both executables share one folder; started from the console one, point at
        # the windowed one beside it.
        return [str(exe.with_name(gui_name)), *AUTOSTART_ARGS]
    script = exe.with_name(gui_name)
    if script.exists():  # pip/venv install: the gui-script next to the interpreter
        return [str(script), *AUTOSTART_ARGS]
    if platform.startswith("win"):
        pythonw = exe.with_name("pythonw.exe")
        if pythonw.exists():
            exe = pythonw
    return [str(exe), "-m", "meg_inqom_desktop", *AUTOSTART_ARGS]


# --- Windows ---------------------------------------------------------------------------------


class RunKey(Protocol):
    """The current user's Run key: string values by name."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class WinregRunKey:
    """:class:`RunKey` on the real registry (Windows only)."""

    def __init__(self, path: str = RUN_KEY_PATH) -> None:
        import winreg  # only exists on Windows

        self._winreg = winreg
        self._path = path

    def get(self, name: str) -> str | None:
        winreg = self._winreg
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self._path) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        winreg = self._winreg
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, self._path, 0, winreg.KEY_SET_VALUE) as k:
            winreg.SetValueEx(k, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        winreg = self._winreg
        try:
            with winreg.OpenKey(
                winreg.HKEY_CURRENT_USER, self._path, 0, winreg.KEY_SET_VALUE
            ) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


class WindowsAutostart:
    """A ``REG_SZ`` value in the current user's Run key holding the quoted command line."""

    def __init__(self, run_key: RunKey | None = None, value_name: str = RUN_VALUE_NAME) -> None:
        self._key = run_key if run_key is not None else WinregRunKey()
        self._name = value_name

    def register(self, command: Sequence[str]) -> None:
        try:
            self._key.set(self._name, subprocess.list2cmdline(list(command)))
        except OSError as exc:
            raise AutostartError(
                "Démarrage automatique impossible",
                f"Windows a refusé d'écrire la clé Run de l'utilisateur : {exc}",
            ) from exc

    def unregister(self) -> None:
        try:
            self._key.delete(self._name)
        except OSError as exc:
            raise AutostartError(
                "Démarrage automatique",
                f"Windows a refusé de retirer la clé Run : {exc}",
            ) from exc

    def is_registered(self) -> bool:
        return bool(self._key.get(self._name))


# --- Linux / XDG -----------------------------------------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec_quote(arg: str) -> str:
    """One argument of a ``.desktop`` ``Exec=`` line, quoted per the Desktop Entry spec."""
    arg = arg.replace("%", "%%")
    if arg and not any(ch in _EXEC_RESERVED for ch in arg):
        return arg
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    # A backslash in a .desktop string value is itself escaped once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


class XdgAutostart:
    """A ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart`` (``~/.config`` by default)."""

    def __init__(self, config_home: Path | None = None, icon: str = APP_ID) -> None:
        if config_home is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            config_home = Path(env) if env and Path(env).is_absolute() else Path.home() / ".config"
        self.path = config_home / "autostart" / f"{APP_ID}.desktop"
        self._icon = icon

    def register(self, command: Sequence[str]) -> None:
        text = "\n".join(
            (
                "[Desktop Entry]",
                "Type=Application",
                "Version=1.0",
                f"Name={DISPLAY_NAME}",
                "Comment=Synchronisation des écritures MEG vers Inqom",
                "Exec=" + " ".join(desktop_exec_quote(a) for a in command),
                f"Icon={self._icon}",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                "",
            )
        )
        _write_file(self.path, text.encode("utf-8"))

    def unregister(self) -> None:
        _remove_file(self.path)

    def is_registered(self) -> bool:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return False
        values = dict(line.split("=", 1) for line in lines if "=" in line)
        return (
            values.get("Hidden", "false").strip().lower() != "true"
            and values.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"
        )


def _write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (temporary file, then rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise AutostartError(
            "Démarrage automatique impossible", f"Impossible d'écrire {path} : {exc}"
        ) from exc


def _remove_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            "Démarrage automatique", f"Impossible de supprimer {path} : {exc}"
        ) from exc


# --- macOS -----------------------------------------------------------------------------------


class LaunchAgentAutostart:
    """A per-user LaunchAgent plist with ``RunAtLoad`` (read by launchd at the next login)."""

    def __init__(self, home: Path | None = None, label: str = LAUNCH_AGENT_LABEL) -> None:
        home = home if home is not None else Path.home()
        self.label = label
        self.path = home / "Library" / "LaunchAgents" / f"{label}.plist"

    def register(self, command: Sequence[str]) -> None:
        plist = {
            "Label": self.label,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
        _write_file(self.path, plistlib.dumps(plist))

    def unregister(self) -> None:
        _remove_file(self.path)

    def is_registered(self) -> bool:
        try:
            with self.path.open("rb") as handle:
                data = plistlib.load(handle)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return bool(data.get("RunAtLoad")) and bool(data.get("ProgramArguments"))


# --- choosing and using ----------------------------------------------------------------------


def autostart_backend(platform: str | None = None) -> AutostartBackend:
    """The backend for ``platform`` (default: the running OS)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return WindowsAutostart()
    if platform == "darwin":
        return LaunchAgentAutostart()
    return XdgAutostart()


def set_autostart(
    enabled: bool,
    backend: AutostartBackend | None = None,
    command: Sequence[str] | None = None,
) -> bool:
    """Register (with :func:`launch_command`) or unregister; returns the state now in force."""
    backend = backend if backend is not None else autostart_backend()
    if enabled:
        backend.register(list(command) if command is not None else launch_command())
    else:
        backend.unregister()
    return backend.is_registered()
