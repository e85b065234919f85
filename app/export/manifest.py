"""The record an export keeps of itself, so that the next run can do less.

It lives in the export as ``.roundtable-export.json`` and holds, per page, the records the
page showed (``depends_on``) and the links it holds, every such record once, and per file a
hash of its content. It names only public pages and published records. Its presence also
tells the export that a folder is one of its own, so ``--out`` never replaces a folder it
did not make.
"""

import gc
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from flask import Flask

MANIFEST_NAME = ".roundtable-export.json"
# Written first, then renamed to MANIFEST_NAME: a reader never finds half a manifest.
STAGED_MANIFEST_NAME = MANIFEST_NAME + ".new"
# Bump when the layout of the export or of its compressed copies changes: a manifest of
# another format is not trusted, and the next run renders and compresses everything.
FORMAT = 5  # 5: a partner's pages depend on the record type "partner"

# What a page looks like depends on the code, the templates, the static files and these.
_RENDERING_SETTINGS = (
    "SITE_NAME", "LANGUAGES", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE",
    "EXPORT_SEARCH_INDEX",
)  # fmt: skip


@dataclass
class PageEntry:
    file: str
    endpoint: str | None
    status: int = 200
    dependencies: list[str] = field(default_factory=list)
    # The URL paths below the site root it links to, as ``links_text`` writes them. One
    # string rather than a list: a large site's pages hold a million links, most of them
    # the same few, and a list each made reading the manifest, which every update does
    # before it can start, much slower.
    links_text: str = ""
    seed: bool = True  # declared by a generator (False: reached through a link)
    # How long rendering it took, so the next run can share out the costly pages.
    seconds: float = 0.0

    @property
    def links(self) -> list[str]:
        return self.links_text.split("\n") if self.links_text else []


def links_text(paths: Iterable[str]) -> str:
    """Link paths as ``PageEntry`` keeps them: sorted, one per line. A newline in a path
    (no page of the site has one; a link to it is reported broken) is written as %0A."""
    return "\n".join(sorted(path.replace("\n", "%0A") for path in paths))


@dataclass
class Manifest:
    fingerprint: str
    base_url: str
    built_at: str
    pages: dict[str, PageEntry] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # file -> content hash
    # Every page's dependencies, each once, as ``save_manifest`` lists them: the next
    # update judges each once (see build.Impact), without going through every page.
    dependencies: list[str] = field(default_factory=list)
    format: int = FORMAT


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(app: Flask, base_url: str) -> str:
    """A hash of everything besides the records that shapes the pages.

    When it differs from the previous export's, the pages are rendered anew, even in a run
    that was asked to re-render only the pages of some changed records.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{base_url}\0".encode())
    for name in _RENDERING_SETTINGS:
        digest.update(f"{name}={app.config.get(name)!r}\0".encode())
    app_folder = Path(app.root_path)
    folders = [(app_folder, "*.py")]
    folders += [
        (Path(folder), "*") for folder in (app.template_folder, app.static_folder) if folder
    ]
    for folder, pattern in folders:
        if not folder.is_absolute():
            folder = app_folder / folder
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def load_manifest(folder: Path) -> Manifest | None:
    """The manifest of the export in ``folder``; None if there is none or it is unreadable."""
    try:
        with _collector_paused():
            data = orjson.loads((folder / MANIFEST_NAME).read_bytes())
            if data.get("format") != FORMAT:
                return None
            pages = {url: PageEntry(**entry) for url, entry in data.pop("pages").items()}
            return Manifest(pages=pages, **data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest of the export in ``folder``, replacing the one there in one step."""
    # orjson writes dataclasses itself, fields in order, without a dict made for each page.
    with _collector_paused():
        every = set().union(*(page.dependencies for page in manifest.pages.values()))
        manifest.dependencies = sorted(every)
        text = orjson.dumps(manifest)
    staged = folder / STAGED_MANIFEST_NAME
    staged.write_bytes(text)
    os.replace(staged, folder / MANIFEST_NAME)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a manifest is read or written.

    A large site's manifest is a million small strings and lists; making them sets the
    collector off again and again, each time walking every object the process holds,
    which made reading or writing it several times slower. JSON makes no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
