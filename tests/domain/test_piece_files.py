"""Pièce files: types from their bytes, names made by the app, never runnable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.piece_files import (
    JPEG,
    PDF,
    PNG,
    TIFF,
    XML,
    piece_file_name,
    safe_stem,
    sniff_media_type,
)

CII = b'<?xml version="1.0"?>\n<!-- x -->\n<rsm:CrossIndustryInvoice xmlns:rsm="urn:x">'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\x89PNG\r\n\x1a\n....", PNG),
        (b"\xff\xd8\xff\xe0", JPEG),
        (b"II*\x00\x08\x00", TIFF),
        (b"MM\x00*\x00\x00", TIFF),
        (CII, XML),
        (b"\xef\xbb\xbf<Invoice xmlns='urn:oasis'>", XML),
        (b"  <CreditNote>", XML),
        (b"<!DOCTYPE html><html>", None),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", None),
        (b"<HTA:APPLICATION />", None),
        (b"@echo off\r\n", None),
        (b"MZ\x90\x00", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_type_is_what_the_bytes_say(head: bytes, expected: str | None) -> None:
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    ("ref", "media_type", "index", "name"),
    [
        ("FA-2025-0042", PDF, 0, "FA-2025-0042.pdf"),
        ("FA-2025-0042", "image/JPG", 1, "FA-2025-0042-2.jpg"),
        ("facture.bat", PDF, 0, "facture.bat.pdf"),
        ("..\\..\\Windows\\evil", PNG, 0, "Windows_evil.png"),
        ('a/b:c*d?e<f>g|h"i', XML, 0, "a_b_c_d_e_f_g_h_i.xml"),
        ("CON", PDF, 0, "_CON.pdf"),
        ("nul.txt", TIFF, 0, "_nul.txt.tif"),
        ("  ...  ", PDF, 0, "piece.pdf"),
        ("x\x00y\u202e", PDF, 0, "x_y.pdf"),
    ],
)
def test_names_are_made_by_the_app(ref: str, media_type: str, index: int, name: str) -> None:
    assert piece_file_name(ref, media_type, index) == name


@given(st.text())
def test_any_reference_gives_a_safe_stem(ref: str) -> None:
    stem = safe_stem(ref)
    assert 0 < len(stem) <= 80
    assert not stem.startswith((".", " ")) and not stem.endswith((".", " "))
    assert not set(stem) & set('/\\:*?"<>|\x00')
    assert all(c.isprintable() for c in stem)
