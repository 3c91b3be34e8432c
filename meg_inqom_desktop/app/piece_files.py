"""Copies of pièces for the system's default application, under names the app makes.

Opening a pièce hands a file to the operating system, which picks the program by the file's
extension: a pièce named ``facture.bat`` would run. So the copy is named from what its bytes
are (``domain.piece_files``), whatever name it was stored or received under, and a pièce whose
bytes are not of an accepted type is never handed over.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePath

from meg_inqom_desktop.domain.piece_files import (
    ACCEPTED_TEXT,
    SNIFF_BYTES,
    describe,
    piece_file_name,
    sniff_media_type,
)
from meg_inqom_desktop.errors import DocumentRefused
from meg_inqom_desktop.store.content_store import ContentStore


def piece_copy(store: ContentStore, sha256: str, stored_name: str) -> Path:
    """The pièce ``sha256`` copied into a new owner-only temporary folder, named
    ``<stem of stored_name>.<extension of its sniffed type>``."""
    with store.open(sha256) as source:
        head = source.read(SNIFF_BYTES)
    media_type = sniff_media_type(head)
    if media_type is None:
        raise DocumentRefused(
            stored_name,
            message=f"La pièce {stored_name} n'est pas ouverte : son contenu n'est pas d'un type "
            f"accepté ({ACCEPTED_TEXT} ; début : « {describe(head)} »).",
        )
    stem = PurePath(PurePath(stored_name.replace("\\", "/")).name).stem
    folder = Path(tempfile.mkdtemp(prefix="meg-inqom-piece-"))  # 0700, this user's only
    target = folder / piece_file_name(stem, media_type)
    shutil.copyfile(store.path_for(sha256), target)
    os.chmod(target, 0o600)
    return target
