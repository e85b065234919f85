"""The static directory lists every published partner, a page at a time, with links
between its pages: a static copy has no search to find the others with."""

import re
from pathlib import PurePosixPath

import pytest

from app.partners import services
from tests.export_helpers import exported
from tests.partners_helpers import make_partner


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(services, "PER_PAGE", 2)


PAGE_OF_DIRECTORY = r"partners/page/\d+/index.html"


def links_of(root, page: str) -> set[str]:
    """The site paths a page of the export links to, its relative links resolved."""
    html = (root / page).read_text(encoding="utf-8")
    folder = PurePosixPath(page).parent
    found = set()
    for href in re.findall(r'href="([^"#?]+)', html):
        if "://" in href:
            continue
        parts = []
        for part in (folder / href).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        found.add("/".join(parts))
    return found


def directory_pages(root) -> list[str]:
    """Every page of the directory reached from its first by its links."""
    seen, queue = [], ["partners/index.html"]
    while queue:
        page = queue.pop(0)
        if page in seen:
            continue
        seen.append(page)
        links = links_of(root, page)
        queue += sorted(link for link in links if re.fullmatch(PAGE_OF_DIRECTORY, link))
    return seen


def test_the_static_directory_links_every_published_partner(app, tmp_path):
    names = ["Echo", "Charlie", "Alpha", "Delta", "Bravo"]
    for name in names:
        make_partner(app, name=name, slug=name.lower())
    make_partner(app, name="Golf", slug="golf", publish=False)

    root = exported(app, tmp_path / "site")

    pages = directory_pages(root)
    assert pages == [
        "partners/index.html",
        "partners/page/2/index.html",
        "partners/page/3/index.html",
    ]
    listed = set()
    for page in pages:
        listed |= {
            link.split("/")[1]
            for link in links_of(root, page)
            if re.fullmatch(r"partners/[a-z]+/index.html", link)
        }
    assert {name.lower() for name in names} <= listed
    assert "golf" not in listed  # a draft stays out of the export
    assert not (root / "partners/page/4/index.html").exists()
    third = (root / "partners/page/3/index.html").read_text(encoding="utf-8")
    assert '<span aria-current="page">3</span>' in third


def test_a_page_of_the_live_directory_has_an_address_of_its_own(app, client):
    for name in ("Echo", "Charlie", "Alpha"):
        make_partner(app, name=name, slug=name.lower())
    second = client.get("/partners/page/2/")
    assert second.status_code == 200
    assert 'href="/partners/echo/"' in second.get_data(as_text=True)
    assert client.get("/partners/page/1/").headers["Location"].endswith("/partners/")
    assert client.get("/partners/page/3/").status_code == 404
    assert client.get("/partners/page/0/").status_code == 404
