"""``meg-inqom-desktop``: QApplication, one qasync loop, one instance per data folder.

``run(argv)`` parses ``--sandbox`` (start the embedded MEG and Inqom emulators and use them),
``--sandbox-url URL`` (use the sandbox already running there: another workstation) and
``--data-dir``; a second launch on the same data folder brings the first window forward
and exits; the wizard opens when no dossier exists, the main window otherwise.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meg_inqom_desktop.sandbox.server import SandboxHandle

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="meg-inqom-desktop", description="Connecteur MEG → Inqom (application de bureau)"
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="démarre les émulateurs MEG et Inqom intégrés et les utilise",
    )
    parser.add_argument(
        "--sandbox-url",
        default=None,
        metavar="URL",
        help="comme --sandbox, avec le bac à sable déjà lancé à cette adresse (meg-inqom "
        "sandbox) : plusieurs dossiers de données y sont plusieurs postes",
    )
    parser.add_argument("--data-dir", default=None, help="dossier de données")
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="base du cabinet PostgreSQL (défaut : MEG_INQOM_DATABASE, sinon Paramètres, "
        "sinon la base du dossier de données)",
    )
    parser.add_argument("--lang", choices=("fr", "en"), default=None, help="langue")
    return parser.parse_args(list(argv))


async def start_sandbox() -> SandboxHandle:
    """The embedded sandbox (started in this process, on loopback; seeding takes a moment)."""
    import asyncio

    from meg_inqom_desktop import sandbox

    return await asyncio.to_thread(sandbox.start_sandbox)


def join_sandbox(url: str) -> SandboxHandle:
    """The sandbox already running at ``url`` (checked to answer: a loopback call)."""
    from meg_inqom_desktop.sandbox.remote import RemoteSandbox

    handle = RemoteSandbox(url)
    handle.summary()
    return handle


async def stop_sandbox(handle: SandboxHandle) -> None:
    import asyncio

    await asyncio.to_thread(handle.stop)


BENCH_ENV = "MEG_INQOM_BENCH_FIRST_PAINT"


def _report_first_paint(app: Any, mode: str) -> Any:
    """For ``bench/bench_gui_startup.py``: print "painted" at the first paint of a top-level
    window (``mode`` "main": of the wizard or main window, not the splash), then exit."""
    import os

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QDialog, QMainWindow

    wanted: tuple[type, ...] = (QMainWindow, QDialog) if mode == "main" else (QObject,)

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(obj, wanted)
                and getattr(obj, "isWindow", lambda: False)()
            ):
                sys.stdout.write("painted\n")
                sys.stdout.flush()
                os._exit(0)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return watcher


class _Splash:
    """A frameless label with the app icon, painted at once while the rest loads.

    (``QSplashScreen.show()`` waits up to a second for the window to be exposed on some
    platforms; a plain label does not.)"""

    def __init__(self, app: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPixmap
        from PySide6.QtWidgets import QLabel

        self.label = QLabel()
        self.label.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        try:
            from meg_inqom_desktop.resources import app_icon_png

            self.label.setPixmap(QPixmap(str(app_icon_png(128))))
        except (FileNotFoundError, ValueError):
            self.label.setText("MEG → Inqom")
        self.label.resize(200, 200)
        screen = app.primaryScreen()
        if screen is not None:
            self.label.move(screen.availableGeometry().center() - self.label.rect().center())
        self.label.show()
        app.processEvents()

    def finish(self, _window: Any = None) -> None:
        self.label.close()
        self.label.deleteLater()

    def close(self) -> None:
        self.label.close()


def _splash(app: Any) -> _Splash:
    return _Splash(app)


def run(argv: Sequence[str]) -> int:
    """Start the GUI; returns the process exit code."""
    args = parse_args(argv[1:])
    import os

    from meg_inqom_desktop.ui import platform_check

    problem = platform_check.platform_problem()  # Linux: Qt's X11 libraries all there?
    if problem is not None:
        sys.stderr.write(problem)
        return 1
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:  # a system library Qt itself needs is missing
        sys.stderr.write(platform_check.import_problem(exc))
        return 1

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    bench_mode = os.environ.get(BENCH_ENV, "")
    _watcher = _report_first_paint(app, bench_mode) if bench_mode else None
    splash = _splash(app)  # painted now; the rest loads behind it

    import asyncio

    import qasync
    from PySide6.QtWidgets import QMessageBox

    from meg_inqom_desktop.errors import MegInqomError
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.ui.i18n import install_language
    from meg_inqom_desktop.ui.icons import app_icon
    from meg_inqom_desktop.ui.single_instance import (
        SingleInstance,
        notify_running_instance,
        server_name,
    )

    try:  # a data folder that cannot be used: a dialog before any other window
        paths = resolve_data_paths(args.data_dir).ensure()
    except MegInqomError as exc:
        splash.close()
        QMessageBox.critical(None, exc.title, exc.message)  # before the loop: exec is fine
        return 1
    app.setApplicationName("meg-inqom-desktop")
    app.setApplicationDisplayName("MEG → Inqom")
    app.setOrganizationName("meg-inqom")
    app.setWindowIcon(app_icon())
    name = server_name(paths.root)
    if notify_running_instance(name):
        return 0  # the running instance shows itself
    instance = SingleInstance(name)
    instance.listen()
    try:
        from meg_inqom_desktop.app.logging_setup import setup_logging

        setup_logging(paths, "gui")
    except Exception:  # logging must never stop the app
        logging.basicConfig(level=logging.INFO)
    from meg_inqom_desktop.app.connector import Connector

    connector = Connector(paths, database=args.database)
    try:  # the database now; the data folder's lock once the window is up (see the controller)
        connector.open()
    except MegInqomError as exc:
        splash.close()
        log.warning("data folder not opened: %s: %s", exc.title, exc.message)
        QMessageBox.critical(None, exc.title, exc.message)  # before the loop: exec is fine
        return 1
    remote = None
    if args.sandbox_url:  # another process's sandbox: it must answer before anything shows
        try:
            remote = join_sandbox(args.sandbox_url)
        except MegInqomError as exc:
            splash.close()
            QMessageBox.critical(None, exc.title, exc.message)  # before the loop: exec is fine
            return 1
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    demo = " (sandbox)" if args.sandbox or args.sandbox_url else ""
    log.info("starting: data folder %s%s", paths.root, demo)

    def install_error_dialog() -> None:
        """Unexpected errors (main thread, workers, the loop) open the error dialog."""
        from meg_inqom_desktop.ui.error_dialog import install_excepthook

        install_excepthook(paths, QApplication.activeWindow, loop)

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    app.setQuitOnLastWindowClosed(False)

    async def main() -> int:
        from meg_inqom_desktop.ui.controller import AppController

        handle = remote if remote is not None else await start_sandbox() if args.sandbox else None
        if handle is not None:
            connector.use_sandbox(handle)
            sandboxes.append(handle)
        install_language(app, args.lang or connector.settings.language)
        # the app ends through the controller (« Quitter », the last window closed without a
        # tray): it closes the services, then sets ``closed`` and this coroutine finishes
        # before the loop stops (never QApplication.quit() under a pending coroutine)
        controller = AppController(connector, end=closed.set)
        instance.activation_requested.connect(controller.bring_forward)
        window = controller.start()
        splash.finish(window)
        loop.call_soon(install_error_dialog)  # once the first window is up
        # lock, crash recovery (off the GUI thread), then an interrupted push settled
        controller.schedule_startup()
        await closed.wait()
        if handle is not None:
            sandboxes.remove(handle)
            await stop_sandbox(handle)
        return 0

    sandboxes: list[SandboxHandle] = []
    try:
        with loop:
            try:
                code: int = loop.run_until_complete(main())
            except RuntimeError:
                if not closed.is_set():
                    raise
                # Qt ended its loop itself (the session closing): what is left, without it
                for handle in sandboxes:
                    handle.stop()
                code = 0
            return code
    finally:
        instance.close()
        connector.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
