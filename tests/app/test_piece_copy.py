"""« Ouvrir avec l'application par défaut »: the copy handed to the system is named from what
its bytes are, in an owner-only folder; bytes of a type not accepted are never handed over."""

from __future__ import annotations

import asyncio
import hashlib
import stat
from pathlib import Path

import pytest

from meg_inqom_desktop.app.piece_files import piece_copy
from meg_inqom_desktop.errors import DocumentRefused
from meg_inqom_desktop.store.content_store import ContentStore, Piece

PDF = b"%PDF-1.4\n@echo off\r\nstart calc.exe\r\n%%EOF\n"


def stored(store: ContentStore, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    asyncio.run(store.add([Piece(data, sha)]))
    return sha


@pytest.mark.parametrize(
    ("stored_name", "copy_name"),
    [
        ("FA-2025-0042.pdf", "FA-2025-0042.pdf"),  # what the sync stores now
        ("facture.bat", "facture.pdf"),  # names stored before: never their extension
        ("facture.pdf.hta", "facture.pdf.pdf"),
        ("..\\..\\Startup\\run.cmd", "run.pdf"),
        ("CON", "_CON.pdf"),
    ],
)
def test_copy_named_from_its_bytes(tmp_path: Path, stored_name: str, copy_name: str) -> None:
    store = ContentStore(tmp_path / "documents", durable=False)
    copy = piece_copy(store, stored(store, PDF), stored_name)
    assert copy.name == copy_name and copy.read_bytes() == PDF
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert copy.parent != tmp_path


def test_bytes_of_a_refused_type_are_never_handed_over(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents", durable=False)
    sha = stored(store, b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    with pytest.raises(DocumentRefused) as info:
        piece_copy(store, sha, "facture.pdf")
    assert info.value.message == (
        "La pièce facture.pdf n'est pas ouverte : son contenu n'est pas d'un type accepté (PDF, "
        "PNG, JPEG, TIFF ou facture électronique XML ; début : « <!DOCTYP »)."
    )
