"""Window sizes that fit the screen: a window asks for its preferred size and gets at most
the screen's available area (minus room for the title bar), placed inside it. So nothing
opens taller than a 768-pixel screen or at 150 % scaling, with its title bar out of reach."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 40  # room left above a window for its frame and title bar
MARGIN = 16


def available_area(widget: QWidget) -> QRect:
    """The available geometry of the screen the widget (or its parent) is on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() if anchor is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` × ``height``, or less to fit the screen; a window without parent
    is also placed inside the screen (a dialog is centred on its parent by Qt, which keeps
    it on screen)."""
    area = available_area(widget)
    w = min(width, area.width() - 2 * MARGIN)
    h = min(height, area.height() - TITLE_BAR - MARGIN)
    widget.resize(max(w, 200), max(h, 150))
    if widget.parentWidget() is None:
        x = area.x() + max((area.width() - widget.width()) // 2, 0)
        y = area.y() + max((area.height() - widget.height()) // 2, TITLE_BAR)
        widget.move(x, y)
