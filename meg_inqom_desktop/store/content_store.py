"""Content-addressed folder of pièces: ``documents/ab/<sha256>``.

Bytes are hashed while they are copied into a temporary file of the same folder tree, flushed
to disk, then renamed to their final name (``os.replace`` is atomic), so a crash never leaves a
partial file under a final name; leftovers of an interrupted copy sit in ``documents/tmp`` and
are removed by :meth:`ContentStore.remove_leftovers`. A pièce stored twice is kept once.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from meg_inqom_desktop.errors import DocumentRefused, FatalError, RecoverableError

_CHUNK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DocumentMissing(RecoverableError):
    title = "Pièce introuvable"
    code = "document_missing"


class ContentStoreError(FatalError):
    title = "Dossier des pièces inutilisable"
    code = "content_store"


class _SourceFailed(Exception):
    """Reading the source failed: re-raised as the original error, not as a disk error."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _read(stream: BinaryIO) -> bytes:
    try:
        return stream.read(_CHUNK)
    except OSError as exc:
        raise _SourceFailed(exc) from exc


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ContentStore:
    """The pièces folder of one data folder (``DataPaths.documents``)."""

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self.durable = durable  # fsync before rename; tests of bulk paths may turn it off

    # --- addresses -----------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        """Where the pièce with this digest lives (whether or not it is there)."""
        digest = sha256.lower()
        if not _SHA256.match(digest):
            raise ValueError(f"not a sha256 digest: {sha256!r}")
        return self.root / digest[:2] / digest

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes, opened for reading."""
        path = self.path_for(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise DocumentMissing(
                message=f"La pièce {sha256[:12]}… n'est plus dans le dossier des pièces "
                f"({self.root}). Relancez une synchronisation pour la retélécharger.",
                sha256=sha256,
            ) from exc

    def verify(self, sha256: str) -> bool:
        """True if the stored file exists and still hashes to its name."""
        try:
            with self.open(sha256) as fh:
                digest = hashlib.sha256()
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
        except DocumentMissing:
            return False
        return digest.hexdigest() == sha256.lower()

    # --- writes --------------------------------------------------------------------------

    def put_bytes(self, data: bytes, *, expected_sha256: str | None = None) -> str:
        """Store ``data``; returns its sha256."""
        return self.put_stream(io.BytesIO(data), expected_sha256=expected_sha256)

    def put_file(
        self,
        source: Path | str | BinaryIO,
        *,
        expected_sha256: str | None = None,
        max_bytes: int | None = None,
    ) -> str:
        """Store a file (path or binary stream); returns its sha256."""
        if isinstance(source, str | Path):
            with Path(source).open("rb") as fh:
                return self.put_stream(fh, expected_sha256=expected_sha256, max_bytes=max_bytes)
        return self.put_stream(source, expected_sha256=expected_sha256, max_bytes=max_bytes)

    def put_stream(
        self,
        stream: BinaryIO,
        *,
        expected_sha256: str | None = None,
        max_bytes: int | None = None,
    ) -> str:
        """Copy ``stream`` to a temporary file while hashing it, then rename it into place.

        ``expected_sha256`` (the digest a source announced) and ``max_bytes`` are checked
        before anything takes a final name; a refused pièce raises :class:`DocumentRefused`.
        """
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="part-")
        except OSError as exc:
            raise self._io_error(exc) from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out:
                # errors reading ``stream`` (network, source file) propagate unchanged
                while chunk := _read(stream):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise DocumentRefused(
                            message=f"La pièce dépasse la taille maximale ({max_bytes} octets).",
                            max_bytes=max_bytes,
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                if self.durable:
                    os.fsync(out.fileno())
            sha = digest.hexdigest()
            if expected_sha256 is not None and sha != expected_sha256.lower():
                raise DocumentRefused(
                    message="La pièce reçue ne correspond pas à l'empreinte annoncée "
                    "(téléchargement corrompu ou fichier modifié).",
                    expected=expected_sha256,
                    actual=sha,
                )
            final = self.path_for(sha)
            if final.is_file() and final.stat().st_size == size:
                tmp.unlink()  # already stored (a damaged copy of another size is replaced)
                return sha
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            if self.durable:
                _fsync_dir(final.parent)
            return sha
        except _SourceFailed as failed:
            raise failed.original from None
        except OSError as exc:
            raise self._io_error(exc) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def remove(self, sha256: str) -> bool:
        """Delete a stored pièce (only when no Document row refers to it any more)."""
        try:
            self.path_for(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def remove_leftovers(self) -> int:
        """Delete temporary files left by an interrupted copy; returns how many."""
        if not self.tmp.is_dir():
            return 0
        count = 0
        for leftover in self.tmp.glob("part-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
                count += 1
        return count

    def _io_error(self, exc: OSError) -> ContentStoreError:
        return ContentStoreError(
            message=f"Écriture impossible dans le dossier des pièces ({self.root}) : "
            f"{exc.strerror or exc}. Vérifiez la place libre sur le disque et les droits sur "
            "le dossier de données.",
            path=str(self.root),
        )
