"""Content-addressed pièces: addresses, dedup, checks, and no partial file after a crash."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from meg_inqom_desktop.store.content_store import (
    ContentStore,
    DocumentMissing,
    DocumentRefused,
)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 5000 + b"\n%%EOF\n"  # > 1 MiB: several chunks


def _final_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def test_put_bytes_stores_under_its_sha256(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    sha = store.put_bytes(PDF)
    assert sha == hashlib.sha256(PDF).hexdigest()
    path = store.path_for(sha)
    assert path == tmp_path / "documents" / sha[:2] / sha
    assert path.read_bytes() == PDF
    with store.open(sha) as fh:
        assert fh.read() == PDF
    assert store.verify(sha)
    assert store.exists(sha)
    assert not list(store.tmp.iterdir()), "no temporary file left"


def test_the_same_content_is_kept_once(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    source = tmp_path / "facture.pdf"
    source.write_bytes(PDF)
    a = store.put_bytes(PDF)
    b = store.put_file(source)
    with source.open("rb") as fh:
        c = store.put_file(fh)
    assert a == b == c
    assert len(_final_files(store.root)) == 1


def test_announced_digest_and_size_cap_are_checked(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    with pytest.raises(DocumentRefused):
        store.put_bytes(PDF, expected_sha256="0" * 64)
    with pytest.raises(DocumentRefused):
        store.put_file(io.BytesIO(PDF), max_bytes=1000)
    assert _final_files(store.root) == []
    assert not list(store.tmp.iterdir())
    sha = hashlib.sha256(PDF).hexdigest()
    assert store.put_bytes(PDF, expected_sha256=sha.upper()) == sha


def test_verify_notices_a_damaged_or_missing_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    sha = store.put_bytes(PDF)
    store.path_for(sha).write_bytes(PDF[:-1] + b"X")
    assert not store.verify(sha)
    store.remove(sha)
    assert not store.verify(sha)
    with pytest.raises(DocumentMissing):
        store.open(sha)


def test_bad_addresses_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    for bad in ("", "../etc/passwd", "g" * 64, "ab" * 31):
        with pytest.raises(ValueError):
            store.path_for(bad)


class _FailingStream(io.RawIOBase):
    """Gives one chunk, then the connection drops."""

    def __init__(self) -> None:
        self.calls = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 1:
            raise ConnectionResetError("connection reset by peer")
        return PDF[:size]


def test_a_source_failing_mid_copy_leaves_nothing(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    with pytest.raises(ConnectionResetError):
        store.put_stream(_FailingStream())  # type: ignore[arg-type]
    assert _final_files(store.root) == []
    assert not list(store.tmp.iterdir())


def test_a_process_killed_mid_copy_leaves_no_partial_file_under_a_final_name(
    tmp_path: Path,
) -> None:
    root = tmp_path / "documents"
    script = textwrap.dedent(
        f"""
        import io, os
        from meg_inqom_desktop.store.content_store import ContentStore

        class Dying(io.RawIOBase):
            calls = 0
            def readable(self):
                return True
            def read(self, size=-1):
                self.calls += 1
                if self.calls > 1:
                    os._exit(9)  # power cut: no cleanup, no finally
                return b"x" * size

        ContentStore({str(root)!r}).put_stream(Dying())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert proc.returncode == 9
    store = ContentStore(root)
    assert _final_files(root) == []
    assert len(list(store.tmp.glob("part-*"))) == 1, "the partial copy is only a temp file"
    assert store.remove_leftovers() == 1
    assert store.put_bytes(PDF) == hashlib.sha256(PDF).hexdigest()
    assert len(_final_files(root)) == 1


def test_storing_again_repairs_a_truncated_copy(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    sha = store.put_bytes(PDF)
    store.path_for(sha).write_bytes(PDF[:100])
    assert not store.verify(sha)
    assert store.put_bytes(PDF) == sha
    assert store.verify(sha)
