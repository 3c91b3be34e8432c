"""peewee models of the local ledger. Amounts are integer cents; timestamps aware UTC.

Lines carry a few denormalised columns of their entry (dossier, provenance, journal, date,
piece ref) so the Journal and Grand livre queries read one indexed table with keyset paging.
"""

from __future__ import annotations

import peewee

from meg_inqom_desktop.store.db import BaseModel, UtcDateTimeField, utcnow


class SchemaVersion(BaseModel):
    """One row per applied schema version (the highest is current)."""

    version = peewee.IntegerField(primary_key=True)
    applied_at = UtcDateTimeField(default=utcnow)
    app_version = peewee.CharField(default="")


class DossierRow(BaseModel):
    """A client company, by SIRET; optionally linked to an Inqom accounting folder."""

    id = peewee.AutoField()

    siret = peewee.CharField(max_length=14, unique=True)
    name = peewee.CharField(default="")
    created_at = UtcDateTimeField(default=utcnow)
    start_date = peewee.DateField(null=True)  # first date pulled from MEG
    local_only = peewee.BooleanField(default=True)  # no Inqom push
    inqom_folder_id = peewee.IntegerField(null=True)
    inqom_folder_name = peewee.CharField(default="")
    meg_company_id = peewee.CharField(default="")
    active = peewee.BooleanField(default=True)  # False: paused, not synced

    class Meta:
        table_name = "dossier"


class EntryRow(BaseModel):
    """A stored entry, unique by (dossier, provenance, source_id)."""

    id = peewee.AutoField()
    dossier_id: int  # set by the foreign key

    # indexed by the unique (dossier, provenance, source_id) index below
    dossier = peewee.ForeignKeyField(
        DossierRow, backref="entries", on_delete="CASCADE", index=False
    )
    provenance = peewee.CharField(max_length=16)  # Provenance.code
    source_id = peewee.CharField()  # MEG id, or a stable key for a FEC import
    journal_code = peewee.CharField(max_length=16)
    journal_label = peewee.CharField(default="")
    number = peewee.CharField(default="")  # EcritureNum
    date = peewee.DateField()
    piece_ref = peewee.CharField(default="")
    piece_date = peewee.DateField(null=True)
    label = peewee.CharField(default="")
    validation_date = peewee.DateField(null=True)
    total_cents = peewee.BigIntegerField(default=0)  # sum of debits
    fingerprint = peewee.CharField(max_length=64)
    created_at = UtcDateTimeField(default=utcnow)

    class Meta:
        table_name = "entry"
        indexes = (
            (("dossier", "provenance", "source_id"), True),
            (("dossier", "date", "id"), False),
        )


class EntryLineRow(BaseModel):
    """A line of an entry, with denormalised entry columns for the ledger queries."""

    id = peewee.AutoField()
    entry_id: int  # set by the foreign key
    dossier_id: int  # set by the foreign key

    entry = peewee.ForeignKeyField(EntryRow, backref="lines", on_delete="CASCADE")
    line_no = peewee.IntegerField()
    # no index of its own: every composite index below starts with it
    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE", index=False)
    provenance = peewee.CharField(max_length=16)
    journal_code = peewee.CharField(max_length=16)
    date = peewee.DateField()
    piece_ref = peewee.CharField(default="")
    account = peewee.CharField()
    account_label = peewee.CharField(default="")
    aux_account = peewee.CharField(default="")
    aux_label = peewee.CharField(default="")
    label = peewee.CharField(default="")
    debit_cents = peewee.BigIntegerField(default=0)
    credit_cents = peewee.BigIntegerField(default=0)
    lettering = peewee.CharField(default="")
    lettering_date = peewee.DateField(null=True)
    currency_amount_cents = peewee.BigIntegerField(null=True)
    currency = peewee.CharField(default="")
    source_id = peewee.CharField(default="")

    class Meta:
        table_name = "entry_line"


# The ledger queries name these indexes (INDEXED BY); every one yields lines in key order
# (date, entry, line_no) within a dossier, after equality on its second column.
EntryLineRow.add_index(
    EntryLineRow.index(
        EntryLineRow.dossier,
        EntryLineRow.date,
        EntryLineRow.entry,
        EntryLineRow.line_no,
        name="ix_line_date",
    )
)
EntryLineRow.add_index(
    EntryLineRow.index(
        EntryLineRow.dossier,
        EntryLineRow.provenance,
        EntryLineRow.date,
        EntryLineRow.entry,
        EntryLineRow.line_no,
        name="ix_line_provenance",
    )
)
EntryLineRow.add_index(
    EntryLineRow.index(
        EntryLineRow.dossier,
        EntryLineRow.journal_code,
        EntryLineRow.date,
        EntryLineRow.entry,
        EntryLineRow.line_no,
        name="ix_line_journal",
    )
)
# covering for running balances and per-account totals (no table access)
EntryLineRow.add_index(
    EntryLineRow.index(
        EntryLineRow.dossier,
        EntryLineRow.account,
        EntryLineRow.date,
        EntryLineRow.entry,
        EntryLineRow.line_no,
        EntryLineRow.debit_cents,
        EntryLineRow.credit_cents,
        name="ix_line_account",
    )
)


class DocumentRow(BaseModel):
    """A pièce: metadata here, bytes in the content-addressed folder under its sha256."""

    id = peewee.AutoField()
    entry_id: int  # set by the foreign key
    dossier_id: int  # set by the foreign key

    entry = peewee.ForeignKeyField(EntryRow, backref="documents", on_delete="CASCADE")
    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    source_id = peewee.CharField()
    filename = peewee.CharField()
    media_type = peewee.CharField(default="application/pdf")
    size = peewee.BigIntegerField(default=0)
    sha256 = peewee.CharField(max_length=64)
    created_at = UtcDateTimeField(default=utcnow)

    class Meta:
        table_name = "document"
        indexes = ((("entry", "source_id"), True), (("sha256",), False))


class SyncCursor(BaseModel):
    """Where the feed of one dossier and source stopped (opaque to us)."""

    id = peewee.AutoField()
    dossier_id: int  # set by the foreign key

    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    source = peewee.CharField(max_length=16)  # "meg"
    cursor = peewee.TextField(default="")
    updated_at = UtcDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("dossier", "source"), True),)


class SyncRun(BaseModel):
    """One sync (or skipped slot) with its counts and errors."""

    id = peewee.AutoField()
    dossier_id: int | None  # set by the foreign key

    dossier = peewee.ForeignKeyField(DossierRow, null=True, on_delete="CASCADE")
    trigger = peewee.CharField(max_length=16)  # schedule, catch_up, manual, cli, setup
    slot = UtcDateTimeField(null=True)  # the scheduled slot this run serves
    started_at = UtcDateTimeField(default=utcnow)
    finished_at = UtcDateTimeField(null=True)
    status = peewee.CharField(max_length=16, default="running")
    # running, success, partial, failed, cancelled, skipped
    new = peewee.IntegerField(default=0)
    unchanged = peewee.IntegerField(default=0)
    conflicts = peewee.IntegerField(default=0)
    rejected = peewee.IntegerField(default=0)
    pushed = peewee.IntegerField(default=0)
    documents = peewee.IntegerField(default=0)
    bytes = peewee.BigIntegerField(default=0)
    retries = peewee.IntegerField(default=0)
    error_title = peewee.CharField(default="")
    error_message = peewee.TextField(default="")
    details = peewee.TextField(default="")  # JSON: retries per route, skipped reason, ...
    # who runs it (« POSTE-3 / jdupont ») and, while it runs, its latest progress event (JSON),
    # for the other workstations of a firm database, which follow it live
    holder = peewee.CharField(max_length=64, default="")
    progress = peewee.TextField(default="")

    class Meta:
        indexes = ((("dossier", "started_at"), False),)


class Rejection(BaseModel):
    """An item set aside (entry, document, FEC line, push) with its reason and raw payload."""

    id = peewee.AutoField()
    dossier_id: int | None  # set by the foreign key
    run_id: int | None  # set by the foreign key

    dossier = peewee.ForeignKeyField(DossierRow, null=True, on_delete="CASCADE")
    provenance = peewee.CharField(max_length=16)
    source_id = peewee.CharField(default="")  # MEG id, FEC line number, ...
    kind = peewee.CharField(max_length=16)  # entry, document, fec_line, push
    reason_code = peewee.CharField()
    message = peewee.TextField()
    raw_payload = peewee.TextField(default="")
    run = peewee.ForeignKeyField(SyncRun, null=True, on_delete="SET NULL")
    attempts = peewee.IntegerField(default=1)
    created_at = UtcDateTimeField(default=utcnow)
    last_seen_at = UtcDateTimeField(default=utcnow)
    resolved_at = UtcDateTimeField(null=True)

    class Meta:
        indexes = ((("dossier", "resolved_at"), False), (("dossier", "kind", "source_id"), False))


class Conflict(BaseModel):
    """A stored entry that came back from its source with a different content."""

    id = peewee.AutoField()
    entry_id: int  # set by the foreign key
    dossier_id: int  # set by the foreign key

    entry = peewee.ForeignKeyField(EntryRow, backref="conflicts", on_delete="CASCADE")
    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    new_fingerprint = peewee.CharField(max_length=64)
    new_payload = peewee.TextField()
    detected_at = UtcDateTimeField(default=utcnow)
    resolved_at = UtcDateTimeField(null=True)
    resolution = peewee.CharField(default="")  # kept, replaced

    class Meta:
        indexes = ((("entry", "new_fingerprint"), True),)


class PushRecord(BaseModel):
    """What was posted to Inqom for one entry (Inqom promises no idempotency)."""

    id = peewee.AutoField()
    entry_id: int  # set by the foreign key
    dossier_id: int  # set by the foreign key

    entry = peewee.ForeignKeyField(EntryRow, unique=True, on_delete="CASCADE")
    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    status = peewee.CharField(max_length=16, default="pending")
    # pending, sending (POST started, outcome unknown), pushed, rejected
    inqom_entry_id = peewee.BigIntegerField(null=True)
    documents_attached = peewee.IntegerField(default=0)
    attempts = peewee.IntegerField(default=0)
    sent_at = UtcDateTimeField(null=True)
    confirmed_at = UtcDateTimeField(null=True)
    error = peewee.TextField(default="")

    class Meta:
        indexes = ((("dossier", "status"), False),)


class InqomAccount(BaseModel):
    """Our account number -> the number Inqom created (it may rewrite it)."""

    id = peewee.AutoField()
    dossier_id: int  # set by the foreign key

    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    account = peewee.CharField()
    inqom_number = peewee.CharField()

    class Meta:
        indexes = ((("dossier", "account"), True),)


class ImportRecord(BaseModel):
    """One FEC file imported into a dossier (same file twice adds nothing and says so)."""

    id = peewee.AutoField()
    dossier_id: int  # set by the foreign key

    dossier = peewee.ForeignKeyField(DossierRow, on_delete="CASCADE")
    filename = peewee.CharField()
    sha256 = peewee.CharField(max_length=64)
    imported_at = UtcDateTimeField(default=utcnow)
    entries_new = peewee.IntegerField(default=0)
    entries_unchanged = peewee.IntegerField(default=0)
    lines_rejected = peewee.IntegerField(default=0)


class AuditEvent(BaseModel):
    """Who did what, where: one row per action a person (or the firm's service) took."""

    id = peewee.AutoField()
    at = UtcDateTimeField(default=utcnow)
    workstation = peewee.CharField(max_length=64)
    person = peewee.CharField(max_length=64)  # the OS user
    siret = peewee.CharField(max_length=14, default="")  # "" for firm-wide actions
    dossier_name = peewee.CharField(default="")
    action = peewee.CharField(max_length=32)  # see store/audit.py ACTIONS
    detail = peewee.TextField(default="")  # the French sentence shown in Historique
    data = peewee.TextField(default="")  # JSON: the action's particulars

    class Meta:
        indexes = ((("siret", "at"), False), (("person", "at"), False), (("at",), False))


class PieceData(BaseModel):
    """A pièce's bytes in a firm's shared database (by content); on a workstation's own
    ledger pièces are files in the data folder's content store and this table stays empty."""

    sha256 = peewee.CharField(max_length=64, primary_key=True)
    size = peewee.BigIntegerField()
    data = peewee.BlobField()


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    DossierRow,
    EntryRow,
    EntryLineRow,
    DocumentRow,
    SyncCursor,
    SyncRun,
    Rejection,
    Conflict,
    PushRecord,
    InqomAccount,
    ImportRecord,
    AuditEvent,
    PieceData,
)
