"""Generate a realistic FEC file of N lines for the benchmarks (deterministic, streamed)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from meg_inqom_desktop.domain.fec.writer import HEADER

_JOURNALS = (("VT", "Ventes"), ("AC", "Achats"), ("BQ", "Banque"), ("OD", "Opérations diverses"))
_ACCOUNTS = (
    ("411000", "Clients"),
    ("401000", "Fournisseurs"),
    ("706000", "Prestations de services"),
    ("607000", "Achats de marchandises"),
    ("445710", "TVA collectée"),
    ("445660", "TVA déductible"),
    ("512000", "Banque"),
    ("625100", "Voyages et déplacements"),
)


def generate_fec(path: Path, lines: int, *, seed: int = 7, year: int = 2025) -> Path:
    """Write ``lines`` data lines (balanced entries of 2 to 6 lines) to ``path``."""
    rng = random.Random(seed)
    numbers = {code: 0 for code, _ in _JOURNALS}
    start = date(year, 1, 1)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER + "\n")
        buf: list[str] = []
        while written < lines:
            code, lib = _JOURNALS[rng.randrange(4)]
            numbers[code] += 1
            num = str(numbers[code])
            day = start + timedelta(days=min(364, written * 365 // lines))
            d = f"{day:%Y%m%d}"
            n = min(rng.randint(2, 6), lines - written)
            if n < 2:
                n = 2
            piece = f"{code}{numbers[code]:06d}"
            label = f"Facture {piece} société Éléphant & Cie"
            amounts = [rng.randint(1, 500_000) for _ in range(n - 1)]
            total = sum(amounts)
            for i in range(n):
                acc, acc_lib = _ACCOUNTS[rng.randrange(len(_ACCOUNTS))]
                if i < n - 1:
                    debit, credit = amounts[i], 0
                else:
                    debit, credit = 0, total
                aux, aux_lib = ("C0042", "Dupont SARL") if acc == "411000" else ("", "")
                buf.append(
                    f"{code}\t{lib}\t{num}\t{d}\t{acc}\t{acc_lib}\t{aux}\t{aux_lib}\t{piece}\t{d}"
                    f"\t{label}\t{debit // 100},{debit % 100:02d}\t{credit // 100},"
                    f"{credit % 100:02d}\t\t\t{d}\t\t\n"
                )
            written += n
            if len(buf) >= 10_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return path
