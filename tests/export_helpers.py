"""Reading an exported tree the way a browser would, and a small public feature to export.

The link extraction here uses the standard library's HTML parser, not the export's own
scanner, so the tests check the export's output independently of how it was produced.
"""

import gzip
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, render_template_string, url_for

from app.export import depends_on, register_count_check, register_public_urls

URL_ATTRIBUTES = {"href", "src", "action", "poster"}
LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.loaded: list[str] = []  # URLs the browser fetches to show the page
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # A data block (JSON-LD for search engines) is not run; any other script is.
        if tag == "script" and attributes.get("type") not in DATA_BLOCK_TYPES:
            self.scripts += 1
        for name, value in attrs:
            if value is None:
                continue
            urls = [value]
            if name == "srcset":
                urls = [candidate.strip().split(" ")[0] for candidate in value.split(",")]
            elif name not in URL_ATTRIBUTES:
                continue
            for url in urls:
                self.links.append((tag, name, url))
                rels = set((attributes.get("rel") or "").split())
                if name in ("src", "srcset", "poster") or (tag == "link" and rels & LOADED_RELS):
                    self.loaded.append(url)


def parse_html(text: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(text)
    return parser


def parse(path: Path) -> LinkParser:
    return parse_html(path.read_text(encoding="utf-8"))


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("#") or not url)


def resolve(root: Path, page: Path, url: str) -> Path | None:
    """The file a relative link opens when ``page`` is opened from disk; None if missing."""
    path = unquote(urlsplit(url).path)
    folder = page.parent.relative_to(root).as_posix()
    target = posixpath.normpath(posixpath.join(folder, path))
    if target.startswith(".."):
        return None
    candidate = root / target
    return candidate if candidate.is_file() else None


def broken_links(root: Path) -> list[str]:
    """Every internal link or asset in the tree that does not open a file, as 'page -> url'."""
    broken = []
    for page in html_files(root):
        for _tag, _attribute, url in parse(page).links:
            if is_internal(url) and resolve(root, page, url) is None:
                broken.append(f"{page.relative_to(root)} -> {url}")
    return broken


def crawl(client, start: str) -> dict[str, int]:
    """Follow every internal link from ``start`` as a reader clicking through would;
    returns the status of every URL reached. ``client`` is a werkzeug test client."""
    statuses: dict[str, int] = {}
    pending = [start]
    while pending:
        url = pending.pop()
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and url.endswith(".html"):
            folder = url.rsplit("/", 1)[0] + "/"
            for _tag, _attribute, link in parse_html(response.get_data(as_text=True)).links:
                if is_internal(link):
                    path = urlsplit(link).path
                    pending.append(posixpath.normpath(folder + path))
        response.close()
    return statuses


def all_text(root: Path) -> str:
    """Every file of the tree as text, compressed copies decompressed (Brotli left out)."""
    texts = []
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix == ".br":
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Each file's inode and content: what a test compares before and after a run."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    }


def exported(app, out: Path) -> Path:
    """``out`` after a full export of the site, which must succeed."""
    from app.export import run_export

    with app.app_context():
        report = run_export(out)
    assert report.ok, report.problems
    return out


def export_contents(root: Path) -> dict[str, bytes]:
    """Each file of an export and its bytes, the manifest (which holds a date) left out."""
    from app.export.manifest import MANIFEST_NAME

    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and path.name != MANIFEST_NAME
    }


def assert_same_as_a_full_export(app, out: Path, tmp_path: Path) -> None:
    """The republished folder holds exactly what a full export of the site holds now."""
    from app.export import run_export

    with app.app_context():
        report = run_export(tmp_path / "full")
    assert report.ok, report.problems
    republished, full = export_contents(out), export_contents(tmp_path / "full")
    assert sorted(republished) == sorted(full)
    assert [name for name in full if republished[name] != full[name]] == []
    assert broken_links(out) == []


# -- a small public feature: notes, each on its own page, and a list of them ----------------

NOTE_PAGE = """{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}
{% block content %}<h1>{{ title }}</h1>{{ body|safe }}{% endblock %}"""


def notes_blueprint(notes: dict[str, str], *, declare_each: bool = True) -> Blueprint:
    """A feature with /notes/ and /notes/<slug>/; ``notes`` maps slug to text.

    With ``declare_each=False`` only the list is declared public and the notes are found
    through its links, as pages reached by ``url_for`` links are.
    """
    bp = Blueprint("notes", __name__, url_prefix="/notes")

    @bp.route("/")
    def index():
        depends_on("note")
        items = "".join(
            f'<li><a href="{url_for("notes.note", slug=slug)}">{slug}</a></li>'
            for slug in sorted(notes)
        )
        return render_template_string(NOTE_PAGE, title="Notes", body=f"<ul>{items}</ul>")

    @bp.route("/<slug>/")
    def note(slug):
        if slug not in notes:
            abort(404)
        depends_on("note", slug)
        return render_template_string(NOTE_PAGE, title=slug, body=f"<p>{notes[slug]}</p>")

    def note_urls():
        yield "notes.index", {}
        if declare_each:
            for slug in sorted(notes):
                yield "notes.note", {"slug": slug}

    @bp.record_once
    def declare(state):
        register_public_urls(state.app, note_urls, endpoints=() if declare_each else ["notes.note"])
        register_count_check(state.app, "notes", endpoint="notes.note", expected=lambda: len(notes))

    return bp


# -- the whole demo: the guideline, the coalition's record and a few plain pages -------------


def load_full_demo(app) -> None:
    """What `flask setup --demo` loads, and two published pages, one with a file."""
    from app.demo import load_demo
    from tests.guideline_helpers import import_bundled

    import_bundled(app)
    with app.app_context():
        load_demo()
        add_page("About the partnership", "about", "How we came together.", publish=True,
                 file=("founding charter.pdf", "Founding charter"))  # fmt: skip
        add_page("How to join", "join", "Write to the secretariat.", publish=True)


def add_page(title, slug, body, *, publish, file=None) -> int:
    """A plain page made through the editing services; ``file`` is (name, text) of a PDF."""
    from app.demo.pdf import simple_pdf
    from app.editing.services import create_record, publish_record
    from app.extensions import db
    from app.pages.models import Page
    from app.uploads.services import store_attachment

    page = create_record(Page, {"title": title, "slug": slug, "summary": "", "body": body}, None)
    if file is not None:
        name, text = file
        store_attachment(page, simple_pdf(text, [text]), name, None)
        db.session.commit()
    if publish:
        publish_record(page, None)
    return page.id


def manifest_pages(root: Path) -> dict[str, dict]:
    """The exported pages by URL path, as the export's manifest lists them."""
    import json

    from app.export.manifest import MANIFEST_NAME

    return json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))["pages"]
