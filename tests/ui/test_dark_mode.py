"""Dark mode: status colours follow the palette; a screenshot of step 1 in dark mode."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from qt_helpers import save_screenshot

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1f1f1f"),
        (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#3a3a3a"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#2f6fb3"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
    ):
        palette.setColor(role, QColor(value))
    return palette


def test_status_colours_follow_the_palette(qapp, qtbot, ledger_paths) -> None:
    light = qapp.palette()
    style = qapp.style().name()
    assert not colors.dark_mode()
    assert colors.color("error") == "#c0392b"
    try:
        qapp.setStyle("Fusion")
        qapp.setPalette(_dark_palette())
        assert colors.dark_mode() and colors.color("ok") == "#5fd38d"
        wizard = SetupWizard(Connector(ledger_paths), add_dossier=True)
        qtbot.addWidget(wizard)
        page = wizard.meg_page
        qtbot.keyClicks(page.siret_edit, "732 829 320 00074")
        page.auth.status.setText("✓ Accès autorisé.")
        page.checks[0].set(True)
        page.checks[1].set(
            False,
            "Dans MEG : menu Supervision, cliquez sur le crayon de la "
            "société, cochez « Accès aux modules MEG Premium ».",
        )
        page.checks[2].set(True)
        wizard.show()
        assert "#ff7b6b" in page.checks[1].mark.styleSheet()
        save_screenshot(wizard, "wizard_1_meg_dark")
    finally:
        qapp.setPalette(light)
        qapp.setStyle(style)
