"""Sync progress shown on a bar and a label (wizard step 3 and main window).

Each phase has its own scale: the pull counts entries stored (the total is unknown while MEG
pages: the bar is busy), the push counts entries sent out of those to send, then the pièces
of pushed entries sent out of those missing. So the bar is full only when a phase is over,
never while pièces are still being sent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QProgressBar

from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP

PHASES = {
    "start": QT_TRANSLATE_NOOP("Progress", "Préparation"),
    "retry": QT_TRANSLATE_NOOP("Progress", "Reprise des écritures mises de côté"),
    "pull": QT_TRANSLATE_NOOP("Progress", "Import MEG"),
    "documents": QT_TRANSLATE_NOOP("Progress", "Pièces"),
    "push": QT_TRANSLATE_NOOP("Progress", "Envoi vers Inqom"),
    "attach": QT_TRANSLATE_NOOP("Progress", "Envoi des pièces vers Inqom"),
    "done": QT_TRANSLATE_NOOP("Progress", "Terminé"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Progress", text)


def progress_text(event: Any) -> str:
    """What the label says of a ``Progress`` event, in the user's language."""
    phase = getattr(event, "phase", "")
    name = getattr(event, "dossier_name", "")
    done = getattr(event, "entries_done", 0)
    total = getattr(event, "entries_total", None)
    label = _tr(PHASES[phase]) if phase in PHASES else str(phase)
    if phase == "done":
        return str(getattr(event, "message", "") or label)
    if phase == "attach":
        detail = QCoreApplication.translate("Progress", "{0} pièces sur {1}").format(
            done, total or 0
        )
    elif phase == "push":
        detail = QCoreApplication.translate("Progress", "{0} écritures sur {1}").format(
            done, total or 0
        )
    else:
        detail = QCoreApplication.translate("Progress", "{0} écritures, {1} pièces").format(
            done, getattr(event, "documents", 0)
        )
    return f"{name} — {label} : {detail}" if name else label


def set_progress(bar: QProgressBar, label: QLabel, event: Any) -> None:
    """Show a sync ``Progress`` event on a bar (busy while the total is unknown) and a label."""
    done = getattr(event, "entries_done", 0)
    total = getattr(event, "entries_total", None)
    if isinstance(total, int) and total > 0:
        bar.setRange(0, total)
        bar.setValue(min(done, total))
    else:
        bar.setRange(0, 0)
    label.setText(progress_text(event))
