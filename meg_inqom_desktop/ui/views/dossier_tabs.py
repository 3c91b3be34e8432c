"""The main window's tabs of the selected dossier: Journal, Grand livre, À traiter, Historique.

Each tab is built when first shown (its code is imported then, so the window paints before
it loads) and shows the current dossier when it becomes visible: a tab left behind is only
marked stale, and read again when shown or asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

TABS = ("journal", "grand_livre", "todo", "history")


class TallTabBar(QTabBar):
    """Tabs a little taller than the style's: Fusion clips the label of a tab that is not the
    current one at its top, which took the accent off « À traiter »."""

    def tabSizeHint(self, index: int) -> QSize:
        hint = super().tabSizeHint(index)
        return QSize(hint.width(), hint.height() + 4)


class DossierTabs(QTabWidget):
    """``build(name)`` makes a tab's view; ``show_in(view, name, dossier_id)`` shows the
    dossier in it."""

    def __init__(
        self,
        titles: tuple[str, ...],
        build: Callable[[str], QWidget],
        show_in: Callable[[Any, str, int | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTabBar(TallTabBar())
        self._build = build
        self._show_in = show_in
        self._views: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        self.dossier_id: int | None = None
        self.ready = False  # False until the window painted once: nothing is read before
        for title in titles:
            self.addTab(QWidget(), title)
        self.currentChanged.connect(lambda _index: self.refresh_current())

    def view(self, name: str) -> Any:
        """The tab's view (built, in place of its placeholder, if not yet)."""
        view = self._views.get(name)
        if view is None:
            view = self._build(name)
            self._views[name] = view
            index = TABS.index(name)
            current = self.currentIndex()
            title = self.tabText(index)
            placeholder = self.widget(index)
            self.blockSignals(True)
            self.removeTab(index)
            self.insertTab(index, view, title)
            self.setCurrentIndex(current)
            self.blockSignals(False)
            if placeholder is not None:
                placeholder.deleteLater()
        return view

    def shown(self, name: str) -> Any:
        """The tab's view, showing the current dossier."""
        view = self.view(name)
        self.refresh(name)
        return view

    def show_dossier(self, dossier_id: int | None) -> None:
        """Every tab to show ``dossier_id``: the visible one now (once ready), the others when
        they are shown."""
        self.dossier_id = dossier_id
        self._stale = set(TABS)
        if self.ready:
            self.refresh_current()

    def mark_stale(self) -> None:
        self._stale = set(TABS)

    def refresh(self, name: str) -> None:
        if name not in self._stale:
            return
        self._stale.discard(name)
        self._show_in(self.view(name), name, self.dossier_id)

    def refresh_current(self) -> None:
        self.refresh(TABS[self.currentIndex()])

    def refresh_all(self) -> None:
        for name in TABS:
            self.refresh(name)
