"""The FEC validation report: errors and alerts exactly as the DGFiP's Test Compta Demat counts
them (its verdict: conforming when there is no error), accounting checks it does not make
(labelled as such) and reading notes.

Every finding carries its line number (1 = header), column, rule code and a French message.
Counts are exact; the findings kept for display are capped per rule so a file of millions of
lines gives a report of bounded size.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from meg_inqom_desktop.domain.fec.columns import REQUIRED_TO_IMPORT
from meg_inqom_desktop.domain.fec.dgfip import DgfipHeader


class Severity(enum.StrEnum):
    ERROR = "error"  # Test Compta Demat: erreur
    ALERT = "alert"  # Test Compta Demat: alerte
    CHECK = "check"  # contrôle comptable (not made by Test Compta Demat)
    NOTE = "note"  # remarque de lecture (encoding, padding, ...)


SEVERITY_TITLES: dict[Severity, str] = {
    Severity.ERROR: "Erreurs (comptées comme telles par Test Compta Demat)",
    Severity.ALERT: "Alertes (comptées comme telles par Test Compta Demat)",
    Severity.CHECK: "Contrôles comptables (non faits par Test Compta Demat)",
    Severity.NOTE: "Remarques de lecture",
}

#: rule code -> (severity, short French title). Errors and alerts are exactly what Test Compta
#: Demat counts (see :mod:`.dgfip` for how it reads a file); the other groups are ours.
RULES: dict[str, tuple[Severity, str]] = {
    "file_name": (Severity.ERROR, "nom de fichier refusé (…FECAAAAMMJJ attendu)"),
    "empty_file": (Severity.ERROR, "fichier vide ou sans ligne d'en-tête"),
    "separator": (Severity.ERROR, "séparateur autre que tabulation ou |"),
    "missing_column": (Severity.ERROR, "colonne obligatoire absente"),
    "field_count": (Severity.ERROR, "nombre de champs différent de l'en-tête"),
    "trailing_separator": (Severity.ERROR, "séparateur final en plus ou en moins qu'à l'en-tête"),
    "line_end": (Severity.ERROR, "fin de ligne LF seule dans un fichier CRLF (lignes collées)"),
    "empty_line": (Severity.ERROR, "ligne vide"),
    "empty_mandatory": (Severity.ERROR, "champ obligatoire vide"),
    "amount_decimal_point": (Severity.ERROR, "point décimal au lieu de la virgule"),
    "amount_thousands_separator": (Severity.ERROR, "séparateur de milliers"),
    "amount_invalid": (Severity.ERROR, "montant illisible"),
    "date_invalid": (Severity.ERROR, "date impossible"),
    "sens_invalid": (Severity.ERROR, "sens autre que D, C, +1, -1"),
    "account_prefix": (Severity.ALERT, "CompteNum ne commence pas par trois chiffres"),
    "debit_and_credit": (Severity.ALERT, "débit et crédit sur la même ligne"),
    "no_amount": (Severity.ALERT, "ni débit ni crédit"),
    "year_range": (Severity.ALERT, "année hors 1900-2099"),
    "file_name_remark": (Severity.CHECK, "nom de fichier hors de la forme stricte de l'arrêté"),
    "duplicate_column": (Severity.CHECK, "colonne en double : fichier illisible"),
    "amount_sub_cent": (Severity.CHECK, "montant au-delà du centime : ligne non importable"),
    "amount_too_large": (
        Severity.CHECK,
        "montant trop grand pour le registre : ligne non importable",
    ),
    "date_format": (Severity.CHECK, "date hors de la forme AAAAMMJJ de l'arrêté"),
    "date_unreadable": (Severity.CHECK, "date sans jour réel : ligne non importable"),
    "empty_field": (Severity.CHECK, "champ vide : ligne non importable"),
    "unbalanced_entry": (Severity.CHECK, "écriture non équilibrée"),
    "numbering_gap": (Severity.CHECK, "numérotation discontinue dans un journal"),
    "date_order": (Severity.CHECK, "date antérieure à la ligne précédente"),
    "outside_fiscal_year": (Severity.CHECK, "date hors de l'exercice du nom de fichier"),
    "valid_date_missing": (Severity.CHECK, "date de validation vide"),
    "entry_mixed_dates": (Severity.CHECK, "écriture aux lignes de dates différentes"),
    "file_unbalanced": (Severity.CHECK, "fichier non équilibré (total débit ≠ total crédit)"),
    "invalid_bytes": (Severity.NOTE, "octets invalides décodés"),
    "unknown_column": (Severity.NOTE, "colonne inconnue ignorée"),
    "extra_column": (Severity.NOTE, "colonne d'un autre régime, ignorée"),
    "journal_case": (Severity.NOTE, "codes journal en minuscules"),
}

#: Rules whose finding sets the line aside (it cannot be read into a row), unless the call says
#: otherwise (``reject=``). Findings of the other rules leave the line readable.
REJECTING: frozenset[str] = frozenset(
    {
        "field_count",
        "empty_mandatory",
        "amount_decimal_point",
        "amount_thousands_separator",
        "amount_invalid",
        "amount_sub_cent",
        "amount_too_large",
        "date_invalid",
        "date_unreadable",
        "empty_field",
        "sens_invalid",
    }
)

MAX_KEPT_PER_RULE = 200


@dataclass(frozen=True)
class Finding:
    """One problem: 1-based file line (header = 1; 0 = the whole file), column, rule, message."""

    line: int
    column: str
    rule: str
    message: str

    @property
    def severity(self) -> Severity:
        return RULES[self.rule][0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Grouping:
    """How lines were gathered into entries, and why."""

    key: str  # "journal+num", "num", "running_balance"
    label: str  # French description of the key
    reason: str  # French explanation of the choice


@dataclass
class FecReport:
    """Everything a check of one FEC file found."""

    filename: str
    encoding: str = ""
    separator: str = ""
    line_ending: str = ""
    regime: str = ""  # French label of the regime checked against
    regime_given: bool = False  # True: from the caller (--regime); False: from the header
    amount_mode: str = ""
    columns: tuple[str, ...] = ()
    rows: int = 0
    entries: int = 0
    total_debit_cents: int = 0
    total_credit_cents: int = 0
    first_date: str = ""
    last_date: str = ""
    grouping: Grouping | None = None
    unbalanced_entries: int = 0  # entries of the chosen grouping that do not balance
    unbalanced_lines: int = 0  # the lines those entries hold
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    rejected_lines: set[int] = field(default_factory=set)  # lines that cannot be read
    dgfip: DgfipHeader | None = field(default=None, repr=False)  # its header as TCD reads it

    def add(
        self, line: int, column: str, rule: str, message: str, *, reject: bool | None = None
    ) -> None:
        """Count a finding; keep it for display while its rule is under the cap.

        The line is set aside when the rule is in :data:`REJECTING` (or ``reject`` says so).
        """
        self.counts[rule] += 1
        if self.counts[rule] <= MAX_KEPT_PER_RULE:
            self.findings.append(Finding(line, column, rule, message))
        if line > 1 and (rule in REJECTING if reject is None else reject):
            self.rejected_lines.add(line)

    def full(self, rule: str) -> bool:
        """True once ``rule`` has as many kept findings as shown: count it with :meth:`bump`."""
        return self.counts[rule] >= MAX_KEPT_PER_RULE

    def bump(self, rule: str, line: int = 0, *, reject: bool | None = None) -> None:
        """Count a finding whose message is not kept (cap reached)."""
        self.counts[rule] += 1
        if line > 1 and (rule in REJECTING if reject is None else reject):
            self.rejected_lines.add(line)

    def count(self, severity: Severity) -> int:
        return sum(n for rule, n in self.counts.items() if RULES[rule][0] is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def alerts(self) -> int:
        return self.count(Severity.ALERT)

    @property
    def checks(self) -> int:
        return self.count(Severity.CHECK)

    @property
    def conforming(self) -> bool:
        """Test Compta Demat's verdict: no error (alerts do not count)."""
        return self.errors == 0

    @property
    def fatal(self) -> bool:
        """True when the file cannot be read line by line (no header, bad separator...)."""
        return any(self.counts[r] for r in ("empty_file", "separator", "duplicate_column")) or (
            self.counts["missing_column"] > 0 and not self.rows
        )

    @property
    def importable(self) -> bool:
        """True when every line can be read and every entry balances: an import takes it all."""
        return not self.fatal and not self.rejected_lines and not self.unbalanced_entries

    def blocking(self) -> list[Finding]:
        """The kept findings that keep lines out of an import: unreadable lines, then entries
        that do not balance."""
        unreadable = [
            f
            for f in self.findings
            if f.line in self.rejected_lines
            and f.rule in REJECTING
            and (f.rule != "empty_mandatory" or f.column in REQUIRED_TO_IMPORT)
        ]
        unbalanced = [f for f in self.findings if f.rule == "unbalanced_entry"]
        return unreadable + unbalanced

    def by_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity is severity]

    def rule_counts(self, severity: Severity) -> list[tuple[str, str, int]]:
        """(rule, French title, count) of one group, most frequent first."""
        rows = [(r, RULES[r][1], n) for r, n in self.counts.items() if RULES[r][0] is severity]
        return sorted(rows, key=lambda x: (-x[2], x[0]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "encoding": self.encoding,
            "separator": self.separator,
            "line_ending": self.line_ending,
            "regime": self.regime,
            "regime_given": self.regime_given,
            "conforming": self.conforming,
            "amount_mode": self.amount_mode,
            "columns": list(self.columns),
            "rows": self.rows,
            "entries": self.entries,
            "total_debit_cents": self.total_debit_cents,
            "total_credit_cents": self.total_credit_cents,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "grouping": (
                {
                    "key": self.grouping.key,
                    "label": self.grouping.label,
                    "reason": self.grouping.reason,
                }
                if self.grouping
                else None
            ),
            "unbalanced_entries": self.unbalanced_entries,
            "unbalanced_lines": self.unbalanced_lines,
            "importable": self.importable,
            "notes": list(self.notes),
            "errors": self.errors,
            "alerts": self.alerts,
            "checks": self.checks,
            "counts": {sev.value: {r: n for r, _t, n in self.rule_counts(sev)} for sev in Severity},
            "findings": [f.as_dict() for f in self.findings],
        }
