"""Translations: French source strings, English from ``resources/i18n/meg_inqom_en.qm``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from meg_inqom_desktop.ui import formatting

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for translation in ``context`` without translating it yet (Qt's macro,
    typed: PySide6's own is declared to return ``object``)."""
    return source


def i18n_dir() -> Path:
    try:
        from meg_inqom_desktop.resources import resource_path

        return resource_path("i18n")
    except FileNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources" / "i18n"


def install_language(app: QCoreApplication, language: str) -> bool:
    """Install the app's and Qt's own translations for ``language``; True when loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    formatting.set_language(language)
    QLocale.setDefault(
        QLocale(QLocale.Language.English if language == "en" else QLocale.Language.French)
    )
    if language == "fr":
        qt = QTranslator(app)
        if qt.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
        return True
    ours = QTranslator(app)
    loaded = ours.load(str(i18n_dir() / f"meg_inqom_{language}.qm"))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    return loaded
