"""What the app's codes read as, in the user's language: run states and triggers (Historique,
dossiers), authorization states, months. Written once here (context ``Labels``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from meg_inqom_desktop.domain.periods import parse_month
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Labels"

RUN_STATUS = {
    "success": QT_TRANSLATE_NOOP("Labels", "réussie"),
    "partial": QT_TRANSLATE_NOOP("Labels", "partielle"),
    "failed": QT_TRANSLATE_NOOP("Labels", "échec"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "annulée"),
    "running": QT_TRANSLATE_NOOP("Labels", "en cours"),
    "skipped": QT_TRANSLATE_NOOP("Labels", "sautée"),
    "": QT_TRANSLATE_NOOP("Labels", "jamais"),
}

TRIGGERS = {
    "schedule": QT_TRANSLATE_NOOP("Labels", "créneau"),
    "catch_up": QT_TRANSLATE_NOOP("Labels", "rattrapage"),
    "manual": QT_TRANSLATE_NOOP("Labels", "manuelle"),
    "cli": QT_TRANSLATE_NOOP("Labels", "ligne de commande"),
    "setup": QT_TRANSLATE_NOOP("Labels", "mise en service"),
    "recovery": QT_TRANSLATE_NOOP("Labels", "reprise"),
    "resync": QT_TRANSLATE_NOOP("Labels", "resynchronisation"),
}

AUTHORIZATIONS = {
    "valid": QT_TRANSLATE_NOOP("Labels", "valide"),
    "missing": QT_TRANSLATE_NOOP("Labels", "absente"),
    "renew": QT_TRANSLATE_NOOP("Labels", "à renouveler"),
    "not_used": QT_TRANSLATE_NOOP("Labels", "sans objet"),
    "unknown": QT_TRANSLATE_NOOP("Labels", "?"),
}

MONTHS = (
    QT_TRANSLATE_NOOP("Labels", "janvier"),
    QT_TRANSLATE_NOOP("Labels", "février"),
    QT_TRANSLATE_NOOP("Labels", "mars"),
    QT_TRANSLATE_NOOP("Labels", "avril"),
    QT_TRANSLATE_NOOP("Labels", "mai"),
    QT_TRANSLATE_NOOP("Labels", "juin"),
    QT_TRANSLATE_NOOP("Labels", "juillet"),
    QT_TRANSLATE_NOOP("Labels", "août"),
    QT_TRANSLATE_NOOP("Labels", "septembre"),
    QT_TRANSLATE_NOOP("Labels", "octobre"),
    QT_TRANSLATE_NOOP("Labels", "novembre"),
    QT_TRANSLATE_NOOP("Labels", "décembre"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def run_status(code: str) -> str:
    """``success`` → « réussie »; an unknown code is shown as it is."""
    return _tr(RUN_STATUS[code]) if code in RUN_STATUS else code


def trigger(code: str) -> str:
    """``catch_up`` → « rattrapage »."""
    return _tr(TRIGGERS[code]) if code in TRIGGERS else code


def authorization(state: str) -> str:
    return _tr(AUTHORIZATIONS[state]) if state in AUTHORIZATIONS else state


def month(code: str) -> str:
    """``2026-03`` → « mars 2026 »."""
    year, number = parse_month(code)
    return f"{_tr(MONTHS[number - 1])} {year}"
