"""Writing the export's files: pre-compressed copies, the atomic swap, the offline zip."""

import contextlib
import ctypes
import errno
import fcntl
import gzip
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import brotli

from app.export.manifest import MANIFEST_NAME, STAGED_MANIFEST_NAME

# Present while an incremental run updates an export in place; a run that finds it knows
# the update was interrupted and exports everything anew.
JOURNAL_NAME = ".roundtable-export.updating"
# The export's own records of itself, never part of the offline bundle.
BOOKKEEPING = {MANIFEST_NAME, STAGED_MANIFEST_NAME, JOURNAL_NAME}

# Types worth compressing; images and archives are compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".xml", ".txt", ".svg", ".json", ".csv",
                ".md", ".ics", ".webmanifest", ".map"}  # fmt: skip
SIBLINGS = (".gz", ".br")


# Above this size a file (the data downloads, the sitemap) is compressed at gzip level 6 and
# Brotli quality 5: several times faster than 9 and 9 on large JSON, for copies only a
# little larger. Pages stay below it and get the smallest copies.
LARGE_FILE = 256 * 1024

# A Brotli copy is written only beside files whose gzip copy is larger than this. A gzip
# copy this size still arrives in the first round trip of a connection (about 14 KB,
# headers included), so a Brotli copy, somewhat smaller, would not make the reader wait
# one round trip less; on the small pages of a large coalition it would save a few hundred
# bytes, for more files to create and a second compressor per page. Long lists, data
# downloads and large scripts keep theirs.
BROTLI_FROM = 12 * 1024


def compressed_copies(name: str, data: bytes) -> dict[str, bytes]:
    """The ``.gz`` and ``.br`` copies worth writing next to a file (those that are smaller).

    nginx's ``gzip_static`` and Caddy's ``precompressed`` serve them without compressing
    on each request. gzip at level 9 with no timestamp, so identical pages give identical
    files; Brotli (for a gzip copy over ``BROTLI_FROM``) at quality 7 with a window fitted
    to the file: on the pages of a large coalition it gives copies nearly as small as
    quality 9's in a fraction of its time. Files above ``LARGE_FILE`` get cheaper
    settings still.
    """
    if Path(name).suffix.lower() not in COMPRESSIBLE:
        return {}
    large = len(data) > LARGE_FILE
    copies = {".gz": gzip.compress(data, compresslevel=6 if large else 9, mtime=0)}
    if len(copies[".gz"]) > BROTLI_FROM:
        window = max(16, min(24, len(data).bit_length() + 1))
        copies[".br"] = brotli.compress(data, quality=5 if large else 7, lgwin=window)
    return {suffix: copy for suffix, copy in copies.items() if len(copy) < len(data)}


def write_file(path: Path, data: bytes) -> int:
    """Write ``path`` and its compressed copies; return how many files were written.

    The path may be a hard link into the previous export: it is replaced, never written
    through, so the export being served does not change under its readers.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    name = str(path)
    copies = [("", data), *compressed_copies(path.name, data).items()]
    for suffix, content in copies:
        _write_new(name + suffix, content)
    return len(copies)


def _write_new(name: str, content: bytes) -> None:
    """Write a new file at ``name``, removing any file there first.

    Creating with O_EXCL spares the failed unlink a fresh build folder would cost for
    every file (three system calls a file instead of four).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        descriptor = os.open(name, flags, 0o666)
    except FileExistsError:
        os.unlink(name)
        descriptor = os.open(name, flags, 0o666)
    with open(descriptor, "wb") as file:
        file.write(content)


def link_file(source: Path, target: Path) -> bool:
    """Hard-link a file of the previous export and its compressed copies into the new one.

    Returns False when the file is missing there or cannot be linked (then it is written).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    except OSError:
        return False
    for suffix in SIBLINGS:
        with contextlib.suppress(OSError):
            os.link(source.with_name(source.name + suffix), target.with_name(target.name + suffix))
    return True


@contextlib.contextmanager
def export_lock(out: Path) -> Iterator[bool]:
    """Hold the lock of the export in ``out``; yields False if another run holds it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_folder(out: Path) -> Path:
    """A fresh folder beside ``out`` (same file system, so it can be renamed into place)."""
    for stale in out.parent.glob(f".{out.name}.build-*"):
        # Left by a run that was killed; the lock says no run is using it now.
        shutil.rmtree(stale, ignore_errors=True)
    folder = out.parent / f".{out.name}.build-{os.getpid()}"
    folder.mkdir()
    return folder


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_into_place(new: Path, out: Path) -> None:
    """Make ``new`` the export at ``out``; afterwards ``new`` holds the previous export.

    Readers of ``out`` see the old export or the new one, never a mix: a rename when there
    was none, an atomic exchange where the system has one, two renames otherwise (then
    for a moment there is no folder at ``out``).
    """
    if not out.exists():
        new.rename(out)
        new.mkdir()
        return
    if _exchange(new, out):
        return
    parked = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(parked)
    new.rename(out)
    parked.rename(new)


def update_in_place(staged: Path, out: Path, written: list[str], removed: list[str]) -> None:
    """Apply an incremental run: move its files from ``staged`` into ``out`` and delete
    the files of pages that are gone.

    The journal it writes first stays until ``end_update``, which the caller calls once
    the manifest in ``out`` describes the new files: a run that finds it knows the files
    may not match the manifest.

    Each file changes in one step (a rename), compressed copies before the file itself, so
    a server never pairs a new page with an old ``.gz``. Unlike a full run, readers may see
    some of the changed pages before the others for the few milliseconds this takes;
    copying the whole export to swap it would cost time in proportion to the site instead
    of to the edit.
    """
    journal = out / JOURNAL_NAME
    journal.write_text("an incremental update was interrupted; the next run exports all\n")
    for name in written:
        for suffix in (*SIBLINGS, ""):
            source = staged / (name + suffix)
            target = out / (name + suffix)
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
            elif suffix:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()  # the new content did not compress: no stale copy
    for name in removed:
        for suffix in ("", *SIBLINGS):
            with contextlib.suppress(FileNotFoundError):
                (out / (name + suffix)).unlink()
        folder = (out / name).parent
        while folder != out and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def end_update(out: Path) -> None:
    """Mark the update of ``out`` as complete (see ``update_in_place``)."""
    (out / JOURNAL_NAME).unlink()


def is_export_folder(folder: Path) -> bool:
    """True for a folder that is missing, empty, or an export this program made."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    return (folder / MANIFEST_NAME).is_file() or not any(folder.iterdir())


def write_zip(source: Path, zip_path: Path) -> None:
    """Bundle the export for reading offline: one folder, no compressed copies, no manifest.

    Written beside ``zip_path`` first and renamed, so a failed run leaves the old bundle.
    """
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(f".{zip_path.name}.partial")
    top = zip_path.stem
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
        for path in sorted(source.rglob("*")):
            if not path.is_file() or (path.parent == source and path.name in BOOKKEEPING):
                continue
            if path.suffix in SIBLINGS and path.with_suffix("").is_file():
                continue  # a compressed copy: a server's concern, not a reader's
            bundle.write(path, f"{top}/{path.relative_to(source).as_posix()}")
    os.replace(partial, zip_path)
