"""A small deterministic ledger for the UI tests (raw inserts, fast)."""

from __future__ import annotations

from datetime import date, timedelta

from meg_inqom_desktop.store.db import DB, utcnow

JOURNALS = (("VT", "706000", "411000"), ("AC", "606100", "401000"), ("BQ", "512000", "411000"))


def seed_dossier(siret: str = "73282932000074", name: str = "ACME SARL") -> int:
    """Insert a dossier and return its id."""
    now = utcnow().isoformat()
    cur = DB.execute_sql(
        "INSERT INTO dossier (siret, name, created_at, local_only, inqom_folder_name, "
        "meg_company_id, active) VALUES (?, ?, ?, 1, '', '', 1)",
        [siret, name, now],
    )
    return int(cur.lastrowid)


def seed_entries(dossier_id: int, count: int, *, provenance_every: int = 3) -> None:
    """``count`` balanced two-line entries; every ``provenance_every``-th is a FEC import."""
    start = date(2026, 1, 1)
    now = utcnow().isoformat()
    with DB.atomic():
        for i in range(count):
            code, acc_a, acc_b = JOURNALS[i % len(JOURNALS)]
            prov = "fec" if i % provenance_every == 0 else "meg"
            day = (start + timedelta(days=i % 300)).isoformat()
            cents = 100_000 + i * 7
            cur = DB.execute_sql(
                "INSERT INTO entry (dossier_id, provenance, source_id, journal_code, "
                "journal_label, number, date, piece_ref, piece_date, validation_date, label, "
                "total_cents, fingerprint, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fp', ?)",
                [
                    dossier_id,
                    prov,
                    f"S{i}",
                    code,
                    f"Journal {code}",  # what an import of a conforming FEC stores
                    str(i),
                    day,
                    f"P{i:05d}",
                    day,
                    day,
                    f"Facture {i}",
                    cents,
                    now,
                ],
            )
            entry_id = cur.lastrowid
            for line_no, (acc, debit, credit) in enumerate(
                ((acc_b, cents, 0), (acc_a, 0, cents)), start=1
            ):
                DB.execute_sql(
                    "INSERT INTO entry_line (entry_id, line_no, dossier_id, provenance, "
                    "journal_code, date, piece_ref, account, account_label, aux_account, "
                    "aux_label, label, debit_cents, credit_cents, lettering, currency, "
                    "source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, '', '', '')",
                    [
                        entry_id,
                        line_no,
                        dossier_id,
                        prov,
                        code,
                        day,
                        f"P{i:05d}",
                        acc,
                        f"Compte {acc}",
                        f"Facture {i}",
                        debit,
                        credit,
                    ],
                )
