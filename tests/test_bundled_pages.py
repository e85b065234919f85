"""The bundled about, accessibility and privacy pages: drafts after `flask setup`, never
public nor exported until published, linked from every page's footer once they are."""

import re

import pytest
from sqlalchemy import func, select

from app.editing.models import Revision, Status
from app.editing.services import create_record, publish_record, unpublish_record
from app.export import run_export
from app.export.state import rendering
from app.extensions import db
from app.pages.bundled import PLACEHOLDER, add_bundled_pages, bundled_page_ids
from app.pages.footer import footer_pages
from app.pages.models import Page
from app.site.services import site_settings
from tests.conftest import make_app
from tests.export_helpers import assert_same_as_a_full_export
from tests.query_helpers import counted
from tests.test_setup import close

SLUGS = ["about", "accessibility", "privacy"]


def pages(app) -> dict[str, Status]:
    with app.app_context():
        return {page.slug: page.status for page in db.session.scalars(select(Page))}


def footer_links(html: str) -> list[str]:
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    return re.findall(r'<li><a href="([^"]+)">', footer)


def publish(app, slug: str) -> None:
    with app.app_context():
        publish_record(db.session.scalar(select(Page).where(Page.slug == slug)), None)


@pytest.fixture
def site(app):
    with app.app_context():
        add_bundled_pages()
    return app


def test_setup_adds_the_pages_as_drafts_once(tmp_path, database_url):
    app = make_app(tmp_path / "inst", database_url)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "added as drafts: About the partnership" in first.output

    assert pages(app) == dict.fromkeys(SLUGS, Status.DRAFT)
    with app.app_context():
        # Each says what the coalition must fill in; the privacy notice what the site keeps.
        texts = {page.slug: page.body for page in db.session.scalars(select(Page))}
        revisions = db.session.scalar(select(func.count()).select_from(Revision))
    assert all(PLACEHOLDER in text for text in texts.values())
    for kept in ("subscribe", "confirm", "sign-in", "audit log", "server", "contact person"):
        assert kept in texts["privacy"]
    client = app.test_client()
    for slug in SLUGS:
        assert client.get(f"/pages/{slug}/").status_code == 404
    assert footer_links(client.get("/").get_data(as_text=True)) == []

    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0, again.output
    assert "added as drafts" not in again.output
    assert pages(app) == dict.fromkeys(SLUGS, Status.DRAFT)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Revision)) == revisions
    close(app)


def test_a_page_already_at_the_address_plays_its_part(app):
    with app.app_context():
        own = create_record(Page, {"title": "Who we are", "slug": "about", "body": "Us."}, None)
        assert add_bundled_pages() == ["Accessibility statement", "Privacy notice"]
        assert bundled_page_ids()["about"] == own.id
    assert len(pages(app)) == 3


def test_a_page_deleted_or_moved_is_not_made_again(site):
    with site.app_context():
        privacy = db.session.scalar(select(Page).where(Page.slug == "privacy"))
        privacy.slug = "data-protection"
        db.session.commit()
        assert add_bundled_pages() == []
    assert sorted(pages(site)) == ["about", "accessibility", "data-protection"]


def test_the_footer_links_a_page_once_published_and_no_longer_after(site):
    client = site.test_client()
    publish(site, "privacy")

    home = client.get("/").get_data(as_text=True)
    assert footer_links(home) == ["/pages/privacy/"]
    assert ">Privacy</a>" in home
    assert client.get("/pages/privacy/").status_code == 200
    assert client.get("/pages/about/").status_code == 404

    publish(site, "about")
    assert footer_links(client.get("/partners/").get_data(as_text=True)) == [
        "/pages/about/",
        "/pages/privacy/",
    ]
    with site.app_context():
        unpublish_record(db.session.scalar(select(Page).where(Page.slug == "about")), None)
    assert footer_links(client.get("/").get_data(as_text=True)) == ["/pages/privacy/"]


def test_the_export_has_them_only_once_published(site, tmp_path):
    out = tmp_path / "site"
    with site.app_context():
        report = run_export(out)
    assert report.ok, report.problems
    assert not (out / "pages").exists()
    assert footer_links((out / "index.html").read_text(encoding="utf-8")) == []

    publish(site, "accessibility")
    with site.app_context():
        page_id = bundled_page_ids()["accessibility"]
        report = run_export(out, changes=[("page", page_id)])
    assert report.ok, report.problems
    assert report.mode == "incremental", report.reason
    # The new page, and every page whose footer now links it.
    assert {"/pages/accessibility/", "/", "/partners/"} <= set(report.rendered)
    # Links in the export are relative, so that it opens from files too.
    assert footer_links((out / "index.html").read_text(encoding="utf-8")) == [
        "pages/accessibility/index.html"
    ]
    assert not (out / "pages" / "about").exists()
    assert_same_as_a_full_export(site, out, tmp_path)


def test_a_page_in_any_language_depends_only_on_what_the_footer_shows(site):
    """Not on each page's translations: the labels are the interface's, not the pages'."""
    publish(site, "about")
    with site.test_request_context("/"), rendering(language="fr") as page:
        footer_pages()
    assert [key.partition("|")[0] for key in page.dependencies] == ["page:footer=links"]


def test_the_footer_is_read_once_per_change_of_the_site(site):
    publish(site, "about")
    with site.test_request_context("/"):
        footer_pages()
    with site.test_request_context("/"):
        site_settings()  # read by every page already
        with counted(site) as statements:
            links = footer_pages()
    assert links == [("About", "/pages/about/")] and statements == []
    publish(site, "privacy")
    with site.test_request_context("/"):
        assert len(footer_pages()) == 2
