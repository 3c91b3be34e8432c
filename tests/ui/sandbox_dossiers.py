"""Helpers of the GUI tests that run dossiers on the sandbox: the demo companies the connector
can pull, a connector without Inqom's rate limit, a company's months in MEG, the main window
shown (a uniquely named module: ``conftest`` names clash across folders)."""

from __future__ import annotations

from datetime import date
from typing import Any

from meg_inqom_desktop.app.clients import ClientTuning
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.tray import Tray

__all__ = [
    "fast_connector",
    "last_month_start",
    "month_after_validated",
    "ready_companies",
    "shown_main_window",
]


def ready_companies(sandbox: Any) -> list[Any]:
    """The sandbox's MEG companies with a premium licence and the production connection on."""
    return [
        c
        for c in sandbox.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    ]


def fast_connector(paths: Any, sandbox: Any) -> Connector:
    """A connector on ``sandbox`` whose Inqom limiter never holds a call back."""
    return Connector(
        paths,
        sandbox=sandbox,
        open_browser=False,
        tuning=ClientTuning(limiter=TokenBucket(10_000, 1_000)),
    )


def month_after_validated(company: Any) -> str:
    """The month (``YYYY-MM``) after the company's last month validated in MEG."""
    last = max(company.validated)
    year, month = int(last[:4]), int(last[5:])
    return f"{year + (month == 12)}-{month % 12 + 1:02d}"


def last_month_start(company: Any) -> date:
    """The first day of the company's last month validated in MEG."""
    last = max(company.validated)
    return date(int(last[:4]), int(last[5:]), 1)


def shown_main_window(connector: Connector, qtbot: Any) -> MainWindow:
    """The main window on ``connector``, kept by ``qtbot``, shown and loaded."""
    window = MainWindow(connector, Tray())
    qtbot.addWidget(window)
    window.show()
    window.reload()
    return window
