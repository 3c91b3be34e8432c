"""argparse in French: « utilisation : », « options : », its error messages and the help of
``-h``, for the ``meg-inqom`` command line (``--lang en`` keeps argparse's English).

argparse looks its texts up through ``gettext`` at the moment it uses them; :func:`install`
points its lookup at the table below for the language of the command line.
"""

from __future__ import annotations

import argparse
from gettext import gettext, ngettext

FRENCH = {
    "usage: ": "utilisation : ",
    # argparse writes a section as « title: »; French puts a space before the colon
    "positional arguments": "arguments ",
    "options": "options ",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "une valeur au plus attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisissez parmi %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
FRENCH_PLURALS = {
    ("expected %s argument", "expected %s arguments"): (
        "%s valeur attendue",
        "%s valeurs attendues",
    )
}

_language = "fr"


def _french(text: str) -> str:
    return FRENCH.get(text, text) if _language == "fr" else gettext(text)


def _french_plural(singular: str, plural: str, n: int) -> str:
    if _language != "fr":
        return ngettext(singular, plural, n)
    one, many = FRENCH_PLURALS.get((singular, plural), (singular, plural))
    return one if n <= 1 else many


def install(language: str) -> None:
    """Have argparse speak ``language`` ("fr" or "en") from now on."""
    global _language
    _language = "en" if language == "en" else "fr"
    argparse._ = _french  # type: ignore[attr-defined]
    argparse.ngettext = _french_plural  # type: ignore[attr-defined]


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser whose section titles follow the language installed (argparse reads
    them once, when the parser is made)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = _french("positional arguments")
        self._optionals.title = _french("options")
