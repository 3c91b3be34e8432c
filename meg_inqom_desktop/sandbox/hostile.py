"""A hostile MEG: the same contract, bad data. ``start_sandbox(hostile="amount,piece-status")``
or ``meg-inqom sandbox --hostile MODE[,MODE...]``.

Every mode acts on one company, :data:`TARGET` (the demo firm's smallest, "Garage"), and
leaves the others as seeded. Entries added by a mode sit among good ones near the start of its
feed (validated in the same month), so a page holds both; their ids are in
``state.meg.hostile["entries"]`` (mode → ids).

Modes:

- ``amount``: a balanced entry of 99 999 999 999 999 999 999 999 999 999,99 € per line.
- ``date``: an entry dated 0001-01-01, with a pièce date of 9999-12-31 and a validation at
  9999-12-31T23:59:59-14:00 (beyond what a UTC conversion can hold).
- ``text``: an entry whose label is 100,000 characters long.
- ``nul``: an entry whose label holds a NUL character.
- ``piece-status``: entries whose pièce answers 302, 400, 403, 410 or 451 (with MEG's error
  body), and one whose pièce answers 503 every time.
- ``piece-type``: pièces named ``facture.bat``, ``facture.html`` and ``facture.pdf.hta`` whose
  bytes start with ``%PDF-`` (PDFs, to store as ``<piece_ref>.pdf``), an HTML page announced as
  a PDF, a pièce announced as ``text/html``, a TIFF and a Factur-X XML (accepted).
- ``feed-loop``: from the 41st entry on, the feed answers ``has_more: true`` with the cursor it
  was given, forever (``state.meg.hostile.pop("feed_loop_at")`` ends it).
- ``feed-endless``: from the 41st entry on, the feed answers empty pages, each with a new
  cursor and ``has_more: true``, forever (``pop("feed_endless_at")`` ends it).
- ``huge-entry[=SIZE]``: an entry whose label is SIZE long (default 40MB): any page holding it
  is larger than a client may read; the body is streamed, never held in memory.
- ``all``: every mode above but the two feed ones.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.sandbox.state import MegCompany, MegDocument, MegEntry, MegLine, MegState

TARGET = 5  # index of the company in the seeded order (the smallest demo company)
POSITION = 2  # where the first hostile entry goes in the target's feed
LOOP_AT = 40
ENTRY_MODES = ("amount", "date", "text", "nul")
PIECE_STATUSES = (302, 400, 403, 410, 451)
FEED_MODES = ("feed-loop", "feed-endless")
MODES = (*ENTRY_MODES, "piece-status", "piece-type", *FEED_MODES, "huge-entry")
HUGE_MARK = "@@HUGE-LABEL@@"  # stands for the huge label in the page until it is streamed
DEFAULT_HUGE = 40 * 1024 * 1024
TIFF_BYTES = b"II*\x00\x08\x00\x00\x00\x00\x00"
CII_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- facture electronique -->\n'
    b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
    b'CrossIndustryInvoice:100"><rsm:ExchangedDocument/></rsm:CrossIndustryInvoice>\n'
)
FAKE_PDF = b"%PDF-1.4\n@echo off\r\nstart calc.exe\r\n<script>alert(1)</script>\n%%EOF\n"
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


class HostileSpecError(ValueError):
    """A hostile spec that cannot be read."""


def parse_hostile(spec: str | None) -> dict[str, str]:
    """``"amount,huge-entry=2GB"`` → ``{"amount": "", "huge-entry": "2GB"}``; ``all`` expands."""
    modes: dict[str, str] = {}
    for raw in (spec or "").split(","):
        item = raw.strip()
        if not item:
            continue
        name, _, arg = item.partition("=")
        if name == "all":
            modes.update({m: "" for m in MODES if m not in FEED_MODES})
        elif name in MODES:
            modes[name] = arg
        else:
            raise HostileSpecError(f"mode hostile inconnu {name!r} (connus : {', '.join(MODES)})")
    if modes.get("huge-entry"):
        _size(modes["huge-entry"])
    return modes


def _size(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s*(B|KB|MB|GB)?", text.strip(), re.IGNORECASE)
    if not m:
        raise HostileSpecError(f"taille illisible : {text}")
    mult = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[(m.group(2) or "").upper()]
    return int(m.group(1)) * mult


class _Builder:
    """Adds hostile entries to the target company's feed, next to good ones."""

    def __init__(self, meg: MegState, company: MegCompany) -> None:
        self.meg = meg
        self.company = company
        self.model = company.feed[POSITION]
        self.at = company.feed_times[POSITION]
        self.position = POSITION
        self.ids: dict[str, list[str]] = meg.hostile.setdefault("entries", {})

    def entry(self, mode: str, tag: str, **changes: Any) -> MegEntry:
        model = self.model
        amount, zero = Decimal("120.00"), Decimal(0)
        lines = [
            MegLine(1, "411000", "CHOSTILE", "Clients", "Client hostile", "Vente", amount, zero),
            MegLine(2, "706000", None, "Prestations", None, "Vente", zero, amount),
        ]
        fields: dict[str, Any] = {
            "id": f"meg-{self.company.siren}-hostile-{tag}",
            "siret": self.company.siret,
            "journal": "VT",
            "journal_label": "Ventes",
            "date": model.date,
            "piece_ref": f"HOST-{tag.upper()}",
            "piece_date": model.date,
            "label": f"Écriture hostile ({tag})",
            "lines": lines,
            "validated_at": model.validated_at,
        }
        fields.update(changes)
        entry = MegEntry(**fields)
        self.company.feed.insert(self.position, entry)
        self.company.feed_times.insert(self.position, self.at)
        self.position += 1
        self.ids.setdefault(mode, []).append(entry.id)
        return entry

    def piece(self, entry: MegEntry, filename: str, media_type: str, **render: Any) -> None:
        doc = MegDocument(
            id=f"doc-{entry.id}",
            entry_id=entry.id,
            filename=filename,
            media_type=media_type,
            render=render,
            siret=self.company.siret,
            content=render.pop("content", None),
        )
        entry.documents.append(doc)
        self.meg.documents[doc.id] = doc


def apply_hostile(meg: MegState, spec: str | None) -> dict[str, str]:
    """Make the target company of ``meg`` hostile as ``spec`` says; returns the modes."""
    modes = parse_hostile(spec)
    if not modes:
        return modes
    company = list(meg.companies.values())[TARGET]
    meg.hostile["siret"] = company.siret
    meg.hostile["modes"] = dict(modes)
    build = _Builder(meg, company)
    huge = 10**29 - Decimal("0.01")
    if "amount" in modes:
        big = [
            MegLine(1, "411000", None, "Clients", None, "Vente", huge, Decimal(0)),
            MegLine(2, "706000", None, "Prestations", None, "Vente", Decimal(0), huge),
        ]
        build.entry("amount", "amount", lines=big)
    if "date" in modes:
        late = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))
        build.entry(
            "date", "date", date=date(1, 1, 1), piece_date=date(9999, 12, 31), validated_at=late
        )
    if "text" in modes:
        build.entry("text", "text", label="L" * 100_000)
    if "nul" in modes:
        build.entry("nul", "nul", label="Vente\x00cachée")
    if "piece-status" in modes:
        for status in (*PIECE_STATUSES, 503):
            e = build.entry("piece-status", f"status-{status}")
            build.piece(
                e, "facture.pdf", "application/pdf", kind="status", status=status, content=FAKE_PDF
            )
    if "piece-type" in modes:
        disguised = (("bat", "facture.bat"), ("html", "facture.html"), ("hta", "facture.pdf.hta"))
        for tag, name in disguised:
            e = build.entry("piece-type", f"type-{tag}")
            build.piece(e, name, "application/pdf", content=FAKE_PDF + tag.encode())
        e = build.entry("piece-type", "type-htmlpage")
        build.piece(e, "facture.pdf", "application/pdf", content=HTML_PAGE)
        e = build.entry("piece-type", "type-announced-html")
        build.piece(e, "facture.html", "text/html", content=HTML_PAGE)
        e = build.entry("piece-type", "type-tiff")
        build.piece(e, "scan.tif", "image/tiff", content=TIFF_BYTES)
        e = build.entry("piece-type", "type-xml")
        build.piece(e, "facture.xml", "application/xml", content=CII_XML)
    if "huge-entry" in modes:
        meg.hostile["huge_size"] = _size(modes["huge-entry"] or "40MB")
        build.entry("huge-entry", "huge", label=HUGE_MARK)
    if "feed-loop" in modes:
        meg.hostile["feed_loop_at"] = LOOP_AT
    if "feed-endless" in modes:
        meg.hostile["feed_endless_at"] = LOOP_AT
    return modes
