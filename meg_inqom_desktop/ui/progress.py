"""Sync progress shown on a bar and a label (wizard step 3 and main window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QProgressBar


def set_progress(bar: QProgressBar, label: QLabel, event: Any) -> None:
    """Show a sync ``Progress`` event on a bar (busy while the total is unknown) and a label."""
    done = getattr(event, "entries_done", 0)
    total = getattr(event, "entries_total", None)
    if isinstance(total, int) and total > 0:
        bar.setRange(0, total)
        bar.setValue(min(done, total))
    else:
        bar.setRange(0, 0)
    text = getattr(event, "label", "") or getattr(event, "phase", "")
    name = getattr(event, "dossier_name", "")
    label.setText(
        f"{name} — {text} : {done} écritures, {getattr(event, 'documents', 0)} pièces"
        if name
        else str(text)
    )
