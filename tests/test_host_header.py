"""The Host header: a page is never built from a host the site does not answer to."""

import re

import pytest

from tests.conftest import make_app

# Every page that holds absolute links: hreflang links, feeds' ids and links, the
# sitemap, robots.txt, the open data's links back to the site, and an error page.
PAGES_WITH_ABSOLUTE_LINKS = [
    "/",
    "/fr/guidelines/",
    "/feed.xml",
    "/meetings/feed.xml",
    "/meetings/upcoming.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/data/",
    "/data/meetings.json",
    "/no-such-page/",
]
SITE = "https://partnership.example.org"


@pytest.mark.parametrize("path", PAGES_WITH_ABSOLUTE_LINKS)
def test_a_foreign_host_gets_a_400_that_does_not_name_it(client, path):
    response = client.get(path, headers={"Host": "evil.example"})

    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "evil.example" not in body
    assert "<h1>" in body  # a page that says what happened, in the page's language


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000"])
def test_a_fresh_install_answers_on_this_machine(client, host):
    response = client.get("/", headers={"Host": host})

    assert response.status_code == 200
    assert f'hreflang="fr" href="http://{host}/fr/"' in response.get_data(as_text=True)


@pytest.fixture
def site(tmp_path):
    """An app on SQLite with SITE_URL set; its host alone is trusted."""
    from app.extensions import db

    app = make_app(tmp_path / "instance", SITE_URL=SITE)
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.mark.parametrize("path", PAGES_WITH_ABSOLUTE_LINKS[:-1])
def test_absolute_links_name_the_site_address_whatever_the_request_named(site, path):
    for host in ("partnership.example.org:6666", "evil.example", "localhost"):
        response = site.get(path, headers={"Host": host}, base_url="http://localhost/")
        body = response.get_data(as_text=True)
        assert host.split(":")[0] not in body.replace("partnership.example.org", "")
        links = re.findall(r"https?://[^\s\"'<>]+", body)
        if response.status_code == 200:
            assert all(
                link.startswith(SITE + "/") or "://partnership" not in link for link in links
            ), links
        else:
            assert response.status_code == 400
    response = site.get(path, headers={"Host": "partnership.example.org:6666"})
    assert response.status_code == 200


def test_the_export_still_builds_for_another_address(site, tmp_path):
    """The export's own requests are addressed to its base URL, not the site's."""
    from app.export.services import run_export

    app = site.application
    with app.app_context():
        report = run_export(tmp_path / "out", base_url="https://copy.example.net/site/")
    assert report.ok, report.problems
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text()
    assert "https://copy.example.net/site/" in sitemap
