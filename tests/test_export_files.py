"""The export's file handling: the swap into place, hard links, compressed copies, the zip."""

import os
import random
import zipfile

import brotli
import pytest

from app.export import files
from app.export.manifest import MANIFEST_NAME


def tree(folder, content):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(content)
    return folder


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_the_new_export_takes_the_place_of_the_old(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(files, "_exchange", lambda first, second: False)
    out = tree(tmp_path / "export", "old")
    new = tree(tmp_path / "build", "new")
    files.swap_into_place(new, out)
    assert (out / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"  # left for the caller to delete
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build", "export"]


def test_the_first_export_is_renamed_into_place(tmp_path):
    new = tree(tmp_path / "build", "new")
    files.swap_into_place(new, tmp_path / "export")
    assert (tmp_path / "export/index.html").read_text() == "new"
    assert new.is_dir() and not any(new.iterdir())


def test_rewriting_a_linked_file_never_changes_the_served_copy(tmp_path):
    served = tree(tmp_path / "served", "old page " * 50) / "index.html"
    building = tmp_path / "build" / "index.html"
    assert files.link_file(served, building)
    assert building.stat().st_ino == served.stat().st_ino
    files.write_file(building, b"new page " * 50)
    assert served.read_text() == "old page " * 50
    assert building.read_bytes() == b"new page " * 50


def test_compressed_copies_are_written_only_when_smaller():
    assert set(files.compressed_copies("page.html", b"<p>words words words</p>" * 20)) == {".gz"}
    assert files.compressed_copies("tiny.txt", b"x") == {}
    assert files.compressed_copies("photo.jpg", b"\xff\xd8" * 500) == {}


def test_a_brotli_copy_only_where_the_gzip_copy_needs_more_than_one_round_trip():
    words = random.Random(7).choices(["partner", "water", "meeting", "report", "city"], k=30000)
    long_page = f"<p>{' '.join(words)}</p>".encode()
    copies = files.compressed_copies("list.html", long_page)
    assert len(copies[".gz"]) > files.BROTLI_FROM
    assert brotli.decompress(copies[".br"]) == long_page
    short_page = long_page[: len(long_page) // 4]
    assert len(files.compressed_copies("page.html", short_page)[".gz"]) <= files.BROTLI_FROM
    assert ".br" not in files.compressed_copies("page.html", short_page)


def test_the_zip_holds_one_folder_without_compressed_copies(tmp_path):
    export = tree(tmp_path / "export", "<p>home</p>" * 40)
    files.write_file(export / "index.html", b"<p>home</p>" * 40)
    (export / MANIFEST_NAME).write_text("{}")
    (export / files.JOURNAL_NAME).write_text("an update that failed to index")
    (export / "data").mkdir()
    (export / "data" / "archive.csv.gz").write_bytes(b"\x1f\x8b not a sibling")
    files.write_zip(export, tmp_path / "bundle.zip")
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        assert sorted(bundle.namelist()) == ["bundle/data/archive.csv.gz", "bundle/index.html"]
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".partial")]


def test_a_folder_is_an_export_only_if_empty_missing_or_marked(tmp_path):
    assert files.is_export_folder(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    assert files.is_export_folder(tmp_path / "empty")
    marked = tree(tmp_path / "marked", "x")
    (marked / MANIFEST_NAME).write_text("{}")
    assert files.is_export_folder(marked)
    assert not files.is_export_folder(tree(tmp_path / "other", "x"))


def test_an_update_in_place_replaces_changed_files_and_drops_stale_copies(tmp_path):
    out = tree(tmp_path / "export", "")
    files.write_file(out / "index.html", b"<p>old home</p>" * 40)
    files.write_file(out / "gone" / "index.html", b"<p>gone</p>" * 40)
    (out / MANIFEST_NAME).write_text("old")
    staged = tmp_path / "staged"
    files.write_file(staged / "index.html", b"<p>x</p>")  # too short to compress
    files.write_file(staged / "new" / "index.html", b"<p>new page</p>" * 40)

    files.update_in_place(
        staged, out, ["index.html", "new/index.html"], removed=["gone/index.html"]
    )
    assert (out / "index.html").read_bytes() == b"<p>x</p>"
    assert not (out / "index.html.gz").exists() and not (out / "index.html.br").exists()
    assert (out / "new/index.html.gz").is_file()
    assert not (out / "gone").exists()
    # Until the caller has written the manifest of the new files, a run that finds the
    # export knows its files may not match the manifest.
    assert (out / MANIFEST_NAME).read_text() == "old"
    assert (out / files.JOURNAL_NAME).exists()
    files.end_update(out)
    assert not (out / files.JOURNAL_NAME).exists()
