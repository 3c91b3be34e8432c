"""What the wizard says of its steps: each step's title and each missing thing, written once
here and shown through Qt's translation (context ``Wizard``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from meg_inqom_desktop.app.wizard_flow import Need, Step
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Wizard"

STEP_TITLES: dict[Step, str] = {
    Step.PREREQUISITES: QT_TRANSLATE_NOOP("Wizard", "Prérequis"),
    Step.MEG: QT_TRANSLATE_NOOP("Wizard", "Étape 1 : configurer MEG"),
    Step.VALIDATE: QT_TRANSLATE_NOOP("Wizard", "Étape 2 : valider les écritures"),
    Step.CONNECT: QT_TRANSLATE_NOOP("Wizard", "Étape 3 : connexion"),
}

NEED_TEXTS: dict[Need, str] = {
    Need.PREREQUISITES: QT_TRANSLATE_NOOP("Wizard", "Confirmez que vous disposez des prérequis."),
    Need.VALID_SIRET: QT_TRANSLATE_NOOP(
        "Wizard", "Saisissez le SIRET de la société (14 chiffres)."
    ),
    Need.MEG_AUTHORIZATION: QT_TRANSLATE_NOOP(
        "Wizard", "Autorisez l'accès à MEG dans le navigateur."
    ),
    Need.COMPANY_FOUND: QT_TRANSLATE_NOOP("Wizard", "La société n'a pas été trouvée dans MEG."),
    Need.PREMIUM: QT_TRANSLATE_NOOP("Wizard", "La licence premium n'est pas active."),
    Need.CONNECTION_ENABLED: QT_TRANSLATE_NOOP(
        "Wizard", "La connexion avec votre logiciel de production est désactivée."
    ),
    Need.VALIDATION: QT_TRANSLATE_NOOP(
        "Wizard", "Validez une période, ou passez cette étape si c'est déjà fait."
    ),
    Need.INQOM_AUTHORIZATION: QT_TRANSLATE_NOOP(
        "Wizard", "Autorisez l'accès à Inqom, ou choisissez « local uniquement »."
    ),
    Need.INQOM_FOLDER: QT_TRANSLATE_NOOP("Wizard", "Choisissez le dossier Inqom."),
    Need.MARKETPLACE_OFF: QT_TRANSLATE_NOOP(
        "Wizard",
        "Confirmez que l'application MEG de la Marketplace Inqom n'est pas active sur ce dossier.",
    ),
    Need.START_DATE: QT_TRANSLATE_NOOP("Wizard", "Choisissez la date de début."),
    Need.CONNECTED: QT_TRANSLATE_NOOP("Wizard", "Cliquez sur « Connexion »."),
}


def step_title(step: Step) -> str:
    return QCoreApplication.translate(CONTEXT, STEP_TITLES[step])


def need_text(need: Need) -> str:
    return QCoreApplication.translate(CONTEXT, NEED_TEXTS[need])
