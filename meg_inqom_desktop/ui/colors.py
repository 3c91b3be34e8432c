"""Status colours that stay readable in light and dark mode (chosen from the palette)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette

_LIGHT = {"error": "#c0392b", "ok": "#1e8449"}
_DARK = {"error": "#ff7b6b", "ok": "#5fd38d"}


def dark_mode() -> bool:
    """True when the application's window background is dark."""
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def color(kind: str) -> str:
    """``error`` or ``ok`` as a CSS colour for the current palette."""
    return (_DARK if dark_mode() else _LIGHT)[kind]


def style(kind: str, *, bold: bool = False) -> str:
    """A style sheet for a label showing ``kind``."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {color(kind)};{weight}"
