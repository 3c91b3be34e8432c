"""Raw INSERT statements of the FEC bulk import (columns of ``store/models.py``)."""

from __future__ import annotations

ENTRY_SQL = (
    'INSERT INTO "entry" (id, dossier_id, provenance, source_id, journal_code, journal_label,'
    " number, date, piece_ref, piece_date, label, validation_date, total_cents, fingerprint,"
    " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
LINE_SQL = (
    'INSERT INTO "entry_line" (entry_id, line_no, dossier_id, provenance, journal_code, date,'
    " piece_ref, account, account_label, aux_account, aux_label, label, debit_cents,"
    " credit_cents, lettering, lettering_date, currency_amount_cents, currency, source_id)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
