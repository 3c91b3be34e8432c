# ruff: noqa: E501  (frozen DDL, one statement per line)
"""Schema version 1, frozen: the DDL the models produced when version 1 was released.

Never edit: a database at version 1 has exactly these tables and indexes. Later versions
change the schema through migrations (``store/migrations.py``). Generated from the models
with peewee's schema manager (``Model._schema._create_table`` / ``_create_indexes``).
"""

from __future__ import annotations

V1_DDL: tuple[str, ...] = (
    'CREATE TABLE "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, "applied_at" TEXT NOT NULL, "app_version" VARCHAR(255) NOT NULL)',
    'CREATE TABLE "dossier" ("id" INTEGER NOT NULL PRIMARY KEY, "siret" VARCHAR(14) NOT NULL, "name" VARCHAR(255) NOT NULL, "created_at" TEXT NOT NULL, "start_date" DATE, "local_only" INTEGER NOT NULL, "inqom_folder_id" INTEGER, "inqom_folder_name" VARCHAR(255) NOT NULL, "meg_company_id" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "dossier_siret" ON "dossier" ("siret")',
    'CREATE TABLE "entry" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER NOT NULL, "provenance" VARCHAR(16) NOT NULL, "source_id" VARCHAR(255) NOT NULL, "journal_code" VARCHAR(16) NOT NULL, "journal_label" VARCHAR(255) NOT NULL, "number" VARCHAR(255) NOT NULL, "date" DATE NOT NULL, "piece_ref" VARCHAR(255) NOT NULL, "piece_date" DATE, "label" VARCHAR(255) NOT NULL, "validation_date" DATE, "total_cents" INTEGER NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "entry_dossier_id_provenance_source_id" ON "entry" ("dossier_id", "provenance", "source_id")',
    'CREATE INDEX "entry_dossier_id_date_id" ON "entry" ("dossier_id", "date", "id")',
    'CREATE TABLE "entry_line" ("id" INTEGER NOT NULL PRIMARY KEY, "entry_id" INTEGER NOT NULL, "line_no" INTEGER NOT NULL, "dossier_id" INTEGER NOT NULL, "provenance" VARCHAR(16) NOT NULL, "journal_code" VARCHAR(16) NOT NULL, "date" DATE NOT NULL, "piece_ref" VARCHAR(255) NOT NULL, "account" VARCHAR(255) NOT NULL, "account_label" VARCHAR(255) NOT NULL, "aux_account" VARCHAR(255) NOT NULL, "aux_label" VARCHAR(255) NOT NULL, "label" VARCHAR(255) NOT NULL, "debit_cents" INTEGER NOT NULL, "credit_cents" INTEGER NOT NULL, "lettering" VARCHAR(255) NOT NULL, "lettering_date" DATE, "currency_amount_cents" INTEGER, "currency" VARCHAR(255) NOT NULL, "source_id" VARCHAR(255) NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "entry" ("id") ON DELETE CASCADE, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "entry_line_entry_id" ON "entry_line" ("entry_id")',
    'CREATE INDEX "ix_line_date" ON "entry_line" ("dossier_id", "date", "entry_id", "line_no")',
    'CREATE INDEX "ix_line_provenance" ON "entry_line" ("dossier_id", "provenance", "date", "entry_id", "line_no")',
    'CREATE INDEX "ix_line_journal" ON "entry_line" ("dossier_id", "journal_code", "date", "entry_id", "line_no")',
    'CREATE INDEX "ix_line_account" ON "entry_line" ("dossier_id", "account", "date", "entry_id", "line_no", "debit_cents", "credit_cents")',
    'CREATE TABLE "document" ("id" INTEGER NOT NULL PRIMARY KEY, "entry_id" INTEGER NOT NULL, "dossier_id" INTEGER NOT NULL, "source_id" VARCHAR(255) NOT NULL, "filename" VARCHAR(255) NOT NULL, "media_type" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, "sha256" VARCHAR(64) NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "entry" ("id") ON DELETE CASCADE, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "document_entry_id" ON "document" ("entry_id")',
    'CREATE INDEX "document_dossier_id" ON "document" ("dossier_id")',
    'CREATE UNIQUE INDEX "document_entry_id_source_id" ON "document" ("entry_id", "source_id")',
    'CREATE INDEX "document_sha256" ON "document" ("sha256")',
    'CREATE TABLE "sync_cursor" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER NOT NULL, "source" VARCHAR(16) NOT NULL, "cursor" TEXT NOT NULL, "updated_at" TEXT NOT NULL, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "sync_cursor_dossier_id" ON "sync_cursor" ("dossier_id")',
    'CREATE UNIQUE INDEX "sync_cursor_dossier_id_source" ON "sync_cursor" ("dossier_id", "source")',
    'CREATE TABLE "sync_run" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER, "trigger" VARCHAR(16) NOT NULL, "slot" TEXT, "started_at" TEXT NOT NULL, "finished_at" TEXT, "status" VARCHAR(16) NOT NULL, "new" INTEGER NOT NULL, "unchanged" INTEGER NOT NULL, "conflicts" INTEGER NOT NULL, "rejected" INTEGER NOT NULL, "pushed" INTEGER NOT NULL, "documents" INTEGER NOT NULL, "bytes" INTEGER NOT NULL, "retries" INTEGER NOT NULL, "error_title" VARCHAR(255) NOT NULL, "error_message" TEXT NOT NULL, "details" TEXT NOT NULL, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "sync_run_dossier_id" ON "sync_run" ("dossier_id")',
    'CREATE INDEX "sync_run_dossier_id_started_at" ON "sync_run" ("dossier_id", "started_at")',
    'CREATE TABLE "rejection" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER, "provenance" VARCHAR(16) NOT NULL, "source_id" VARCHAR(255) NOT NULL, "kind" VARCHAR(16) NOT NULL, "reason_code" VARCHAR(255) NOT NULL, "message" TEXT NOT NULL, "raw_payload" TEXT NOT NULL, "run_id" INTEGER, "attempts" INTEGER NOT NULL, "created_at" TEXT NOT NULL, "last_seen_at" TEXT NOT NULL, "resolved_at" TEXT, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE, FOREIGN KEY ("run_id") REFERENCES "sync_run" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "rejection_dossier_id" ON "rejection" ("dossier_id")',
    'CREATE INDEX "rejection_run_id" ON "rejection" ("run_id")',
    'CREATE INDEX "rejection_dossier_id_resolved_at" ON "rejection" ("dossier_id", "resolved_at")',
    'CREATE INDEX "rejection_dossier_id_kind_source_id" ON "rejection" ("dossier_id", "kind", "source_id")',
    'CREATE TABLE "conflict" ("id" INTEGER NOT NULL PRIMARY KEY, "entry_id" INTEGER NOT NULL, "dossier_id" INTEGER NOT NULL, "new_fingerprint" VARCHAR(64) NOT NULL, "new_payload" TEXT NOT NULL, "detected_at" TEXT NOT NULL, "resolved_at" TEXT, "resolution" VARCHAR(255) NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "entry" ("id") ON DELETE CASCADE, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "conflict_entry_id" ON "conflict" ("entry_id")',
    'CREATE INDEX "conflict_dossier_id" ON "conflict" ("dossier_id")',
    'CREATE UNIQUE INDEX "conflict_entry_id_new_fingerprint" ON "conflict" ("entry_id", "new_fingerprint")',
    'CREATE TABLE "push_record" ("id" INTEGER NOT NULL PRIMARY KEY, "entry_id" INTEGER NOT NULL, "dossier_id" INTEGER NOT NULL, "status" VARCHAR(16) NOT NULL, "inqom_entry_id" INTEGER, "documents_attached" INTEGER NOT NULL, "attempts" INTEGER NOT NULL, "sent_at" TEXT, "confirmed_at" TEXT, "error" TEXT NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "entry" ("id") ON DELETE CASCADE, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "push_record_entry_id" ON "push_record" ("entry_id")',
    'CREATE INDEX "push_record_dossier_id" ON "push_record" ("dossier_id")',
    'CREATE INDEX "push_record_dossier_id_status" ON "push_record" ("dossier_id", "status")',
    'CREATE TABLE "inqom_account" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER NOT NULL, "account" VARCHAR(255) NOT NULL, "inqom_number" VARCHAR(255) NOT NULL, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "inqom_account_dossier_id" ON "inqom_account" ("dossier_id")',
    'CREATE UNIQUE INDEX "inqom_account_dossier_id_account" ON "inqom_account" ("dossier_id", "account")',
    'CREATE TABLE "import_record" ("id" INTEGER NOT NULL PRIMARY KEY, "dossier_id" INTEGER NOT NULL, "filename" VARCHAR(255) NOT NULL, "sha256" VARCHAR(64) NOT NULL, "imported_at" TEXT NOT NULL, "entries_new" INTEGER NOT NULL, "entries_unchanged" INTEGER NOT NULL, "lines_rejected" INTEGER NOT NULL, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "import_record_dossier_id" ON "import_record" ("dossier_id")',
)
