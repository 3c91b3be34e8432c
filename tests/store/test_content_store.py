"""Content-addressed pièces: addresses, dedup, checks, and no partial file after a crash."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from meg_inqom_desktop.store.content_store import (
    ContentStore,
    DocumentMissing,
    DocumentRefused,
    Piece,
)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 5000 + b"\n%%EOF\n"  # > 1 MiB
SHA = hashlib.sha256(PDF).hexdigest()


def _final_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def add(store: ContentStore, *pieces: Piece) -> int:
    return asyncio.run(store.add(pieces))


@pytest.mark.parametrize("durable", [True, False])
def test_a_piece_is_stored_under_its_sha256(tmp_path: Path, durable: bool) -> None:
    store = ContentStore(tmp_path / "documents", durable=durable)
    assert add(store, Piece(PDF, SHA)) == 1
    path = store.path_for(SHA)
    assert path == tmp_path / "documents" / SHA[:2] / SHA
    assert path.read_bytes() == PDF
    assert store.read(SHA) == PDF
    assert store.exists(SHA)
    assert not list(store.tmp.iterdir()), "no temporary file left"


def test_the_same_content_is_kept_once(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    assert add(store, Piece(PDF, SHA), Piece(PDF, SHA.upper())) == 1
    assert add(store, Piece(PDF, SHA)) == 1  # written again: a damaged copy is repaired
    assert len(_final_files(store.root)) == 1


def test_bytes_that_do_not_hash_to_their_name_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    good = b"%PDF-1.4 other"
    with pytest.raises(DocumentRefused):
        add(store, Piece(good, hashlib.sha256(good).hexdigest()), Piece(PDF, "0" * 64))
    assert _final_files(store.root) == [], "nothing of the batch takes a final name"
    assert not list(store.tmp.iterdir())


def test_a_missing_piece_says_what_to_do(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    with pytest.raises(DocumentMissing) as caught:
        store.open(SHA)
    assert "Relancez une synchronisation" in caught.value.message


def test_bad_addresses_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    for bad in ("", "../etc/passwd", "g" * 64, "ab" * 31):
        with pytest.raises(ValueError):
            store.path_for(bad)


def test_a_cancelled_batch_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "documents")
    blobs = [b"%%PDF-%d" % i for i in range(40)]
    pieces = [Piece(data, hashlib.sha256(data).hexdigest()) for data in blobs]

    async def cancel_mid_way() -> None:
        task = asyncio.ensure_future(store.add(pieces))
        for _ in range(2):  # the writer yields to the loop every few files
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_mid_way())
    assert not list(store.tmp.glob("part-*"))
    for path in _final_files(store.root):  # whatever took a final name is complete
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name


def test_a_process_killed_mid_batch_leaves_no_partial_file_under_a_final_name(
    tmp_path: Path,
) -> None:
    root = tmp_path / "documents"
    script = textwrap.dedent(
        f"""
        import asyncio, hashlib, os
        from meg_inqom_desktop.store import content_store
        from meg_inqom_desktop.store.content_store import ContentStore, Piece

        def power_cut(*args):
            os._exit(9)  # after the temporary files, before any rename: no cleanup at all

        content_store._barrier = power_cut
        data = b"%PDF-1.4 " + b"x" * 100_000
        store = ContentStore({str(root)!r})
        asyncio.run(store.add([Piece(data, hashlib.sha256(data).hexdigest())]))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert proc.returncode == 9
    store = ContentStore(root)
    assert _final_files(root) == []
    assert len(list(store.tmp.glob("part-*"))) == 1, "the partial copy is only a temp file"
    assert store.remove_leftovers() == 1
    assert add(store, Piece(PDF, SHA)) == 1
    assert len(_final_files(root)) == 1
