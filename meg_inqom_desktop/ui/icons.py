"""QIcons from the packaged resources (app icon, tray idle / syncing / error)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from meg_inqom_desktop import resources


@cache
def app_icon() -> QIcon:
    icon = QIcon()
    try:
        for path in resources.app_icon_pngs():
            if path.exists():
                icon.addFile(str(path))
        if icon.isNull():
            icon = QIcon(str(resources.app_icon_svg()))
    except FileNotFoundError:
        pass
    return icon


@cache
def tray_icon(state: resources.TrayState) -> QIcon:
    icon = QIcon()
    try:
        for path in resources.tray_icon_pngs(state):
            if path.exists():
                icon.addFile(str(path))
        if icon.isNull():
            icon = QIcon(str(resources.tray_icon_svg(state)))
    except FileNotFoundError:
        pass
    return icon
