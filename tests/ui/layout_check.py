"""What a person would see cut in a shown window: a label, button, check box, combo, field
placeholder, tab or column header whose text does not fit, and a window not wholly on screen.

Each check compares the text's width (the widget's font metrics) with the room the layout gave
it; ``problems(window)`` lists what is cut, in words a failing test can print."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

SLACK = 1  # pixels of rounding tolerated


def _plain(text: str) -> bool:
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace

    return not GuiQt.mightBeRichText(text)


def _label(label: QLabel) -> str | None:
    text = label.text()
    if not text or not label.pixmap().isNull() or not _plain(text):
        return None
    room = label.contentsRect()
    margin = 2 * label.margin()
    fm = label.fontMetrics()
    if label.wordWrap():
        needed = label.heightForWidth(room.width() + margin) - margin
        if needed > room.height() + SLACK and needed > 0:
            return f"label « {text[:60]} » cut in height: needs {needed} px, has {room.height()}"
        return None
    widest = max(fm.horizontalAdvance(line) for line in text.split("\n"))
    if widest > room.width() - margin + SLACK:
        return f"label « {text[:60]} » cut: needs {widest} px, has {room.width() - margin}"
    return None


def _button(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    hint = button.sizeHint().width()
    if isinstance(button, QCheckBox) and button.parentWidget() is not None:
        hint = button.minimumSizeHint().width()
    if hint > button.width() + SLACK:
        return f"button « {text} » cut: needs {hint} px, has {button.width()}"
    return None


def _combo(combo: QComboBox) -> str | None:
    """Every item must fit (the one chosen later would be cut as well): the width the style
    needs around the widest item's text, as Qt computes a combo's own size."""
    texts = [combo.itemText(i) for i in range(combo.count())]
    if not texts:
        return None
    fm = combo.fontMetrics()
    widest = max(texts, key=fm.horizontalAdvance)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = QSize(fm.horizontalAdvance(widest), fm.height())
    needed = (
        combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, room, combo).width()
    )
    if needed > combo.width() + SLACK:
        return f"combo item « {widest} » cut: needs {needed} px, has {combo.width()}"
    return None


def _placeholder(edit: QLineEdit) -> str | None:
    text = edit.placeholderText()
    if edit.text() or not text:
        return None
    needed = edit.fontMetrics().horizontalAdvance(text) + 12
    if edit.isClearButtonEnabled():
        needed += 20
    if needed > edit.width() + SLACK:
        return f"placeholder « {text} » cut: needs {needed} px, has {edit.width()}"
    return None


def _tabs(bar: QTabBar) -> list[str]:
    out = []
    fm = bar.fontMetrics()
    for i in range(bar.count()):
        text = bar.tabText(i).replace("&", "")
        rect = bar.tabRect(i)
        needed = fm.horizontalAdvance(text) + 12
        if rect.width() < needed:
            out.append(f"tab « {text} » cut: needs {needed} px, has {rect.width()}")
        # Fusion draws a tab that is not the current one 2 px lower and clips its label: with
        # less than 16 px above the font's height, the accent of « À traiter » is cut off
        tall = fm.height() + 16
        if i != bar.currentIndex() and rect.height() < tall:
            out.append(f"tab « {text} » cut in height: needs {tall} px, has {rect.height()}")
    return out


def _headers(header: QHeaderView) -> list[str]:
    """A section narrower than Qt's own size for its text (margins, sort arrow) is elided."""
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    out = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        if not text:
            continue
        needed = header.sectionSizeHint(section)
        if header.sectionSize(section) < needed - SLACK:
            out.append(
                f"header « {text} » cut: needs {needed} px, has {header.sectionSize(section)}"
            )
    return out


def problems(window: QWidget, screen: QRect) -> list[str]:
    """Everything cut in the shown ``window``, and whether it leaves ``screen``."""
    name = window.windowTitle() or type(window).__name__
    out: list[str] = []
    frame = window.frameGeometry()
    if not screen.contains(frame):
        out.append(f"{name}: window {frame.getRect()} not inside the screen {screen.getRect()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        found: list[str | None] = []
        if isinstance(widget, QLabel):
            found.append(_label(widget))
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            found.append(_button(widget))
        elif isinstance(widget, QComboBox):
            found.append(_combo(widget))
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox):
            found.append(_placeholder(widget))
        elif isinstance(widget, QTabBar):
            found.extend(_tabs(widget))
        elif isinstance(widget, QHeaderView):
            found.extend(_headers(widget))
        elif isinstance(widget, QGroupBox) and widget.title():
            needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 20
            if needed > widget.width():
                found.append(f"group « {widget.title()} » cut")
        out.extend(f"{name}: {p}" for p in found if p)
    return out
