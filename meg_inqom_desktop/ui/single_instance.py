"""One app instance per data folder: a second launch asks the first to show itself, then exits.

The first instance listens on a ``QLocalServer`` whose name derives from the data folder; a
second one connects with ``QLocalSocket``, sends ``show`` and exits. A stale socket left by a
crash is removed before listening.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_root: Path) -> str:
    """A short, per-user and per-folder name for the local socket."""
    digest = hashlib.sha256(str(data_root.resolve()).encode()).hexdigest()[:16]
    return f"meg-inqom-desktop-{digest}"


def notify_running_instance(name: str, timeout_ms: int = 500) -> bool:
    """Ask a running instance to come forward; True when one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """The first instance's listener; ``activation_requested`` fires on a second launch."""

    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # stale socket of a crashed instance
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()
        QLocalServer.removeServer(self.name)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            ready = socket.waitForReadyRead(500) or socket.bytesAvailable()
            if ready and bytes(socket.readAll().data()).strip() == b"show":
                self.activation_requested.emit()
            socket.abort()
