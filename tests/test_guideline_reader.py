"""The reader: every guideline page renders, links land, pages stay light and print."""

import gzip
import re
from html import unescape
from urllib.parse import urldefrag

import pytest
from sqlalchemy import select

from app import ROOT
from app.editing.services import trash_record
from app.extensions import db
from app.guideline.models import GuidelinePage, PageKind
from tests.editing_helpers import form_fields, signed_in_client
from tests.guideline_helpers import import_bundled

STEP4 = "/guidelines/formation/planning/"
BUDGET = 14_000  # bytes: HTML and its stylesheets, gzip-compressed, in the first round trip


@pytest.fixture
def guide(app):
    import_bundled(app)
    return app


def html_of(response) -> str:
    assert response.status_code == 200, response.request.path
    return response.get_data(as_text=True)


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def links_in(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'\bhref="([^"]+)"', html)]


def crawl(client, start="/guidelines/"):
    """Every /guidelines/ page reachable from ``start``: path -> HTML, and each link seen."""
    pages, queue, links = {}, [start], []
    while queue:
        path = queue.pop()
        if path in pages:
            continue
        pages[path] = html_of(client.get(path))
        for href in links_in(pages[path]):
            target, anchor = urldefrag(href)
            target = target or path
            if target.startswith("/guidelines/"):
                links.append((path, target, anchor))
                queue.append(target)
    return pages, links


def test_every_link_lands_on_a_page_and_an_anchor_that_exist(guide):
    pages, links = crawl(guide.test_client())

    broken = [
        f"{source} -> {target}#{anchor}"
        for source, target, anchor in links
        if anchor and anchor not in ids_in(pages[target])
    ]
    assert broken == []
    with guide.app_context():
        records = db.session.scalars(select(GuidelinePage)).all()
    steps = [r for r in records if r.kind is PageKind.STEP]
    cases = [r for r in records if r.kind is PageKind.CASE]
    assert {f"/guidelines/{s.module}/{s.slug}/" for s in steps} <= pages.keys()
    assert {f"/guidelines/cases/{c.slug}/" for c in cases} <= pages.keys()
    assert {"/guidelines/success-factors/", "/guidelines/governance/"} <= pages.keys()
    # No dead ends: every page leads on to another part of the guideline.
    assert all(any(t != s for s, t, _a in links if s == path) for path in pages)


def test_a_step_page_has_its_tasks_trail_neighbours_time_and_credit(guide, client):
    html = html_of(client.get(STEP4))

    toc = html[html.index('aria-labelledby="on-this-page"') :]
    toc = toc[: toc.index("</nav>")]
    assert re.findall(r'href="#(task-[\d-]+)"', toc) == ["task-4-1", "task-4-2"]
    assert {"task-4-1", "task-4-2"} <= ids_in(html)
    crumbs = html[html.index('class="crumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert 'href="/guidelines/"' in crumbs and 'href="/guidelines/formation/"' in crumbs
    assert '<span aria-current="page">Step 4: Planning</span>' in crumbs
    assert 'rel="prev" href="/guidelines/initiation/building-relationships/"' in html
    assert 'rel="next" href="/guidelines/formation/structuring/"' in html
    assert re.search(r"About \d+ min read", html)
    assert "<cite>Partnering for Sustainable Development" in html
    assert "United Nations ESCAP and UNU-IAS, 2018." in html
    assert 'href="/guidelines/cases/pulse-polio/"' in html  # the case this step cites


def test_first_and_last_steps_lead_somewhere(client, guide):
    first = html_of(client.get("/guidelines/initiation/getting-started/"))
    last = html_of(client.get("/guidelines/reinvent-or-sustain/moving-on/"))
    assert 'rel="prev"' not in first and '<a href="/guidelines/">← Overview</a>' in first
    assert 'rel="next"' not in last and 'href="/guidelines/where-we-are/"' in last


def test_the_overview_draws_the_cycle_without_script_or_image(client, guide):
    html = html_of(client.get("/guidelines/"))
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert 'aria-labelledby="cycle-title"' in svg and '<title id="cycle-title">' in svg
    assert '<desc id="cycle-desc">' in svg and "E Reinvent or sustain" in svg
    assert re.findall(r'<a href="(/guidelines/[^"]+)"', svg) == [
        "/guidelines/initiation/", "/guidelines/formation/", "/guidelines/implementation/",
        "/guidelines/review/", "/guidelines/reinvent-or-sustain/",
    ]  # fmt: skip
    assert svg.count('marker-end="url(#arrow)"') == 5
    assert "<script" not in html and "<img" not in html


def test_cases_and_steps_point_at_each_other(client, guide):
    case = html_of(client.get("/guidelines/cases/pulse-polio/"))
    assert 'href="/guidelines/formation/planning/">Step 4: Planning</a>' in case
    assert "Box IV." in case and "India" in case
    index = html_of(client.get("/guidelines/cases/"))
    main = index[index.index("<main") : index.index("</main>")]  # not the language links
    assert main.count('href="/guidelines/cases/') == 26


def test_success_factors_are_anchored_and_lead_to_their_steps(client, guide):
    html = html_of(client.get("/guidelines/success-factors/"))
    sections = re.findall(r'<h2 id="([a-z-]+)">(\d+)\. ', html)
    assert len(sections) == 17 and sections[0] == ("clear-goals", "1")
    first = html[html.index('id="clear-goals"') : html.index('id="equal-responsibility"')]
    assert 'href="/guidelines/initiation/agenda-setting-and-scoping/"' in first
    assert 'href="/guidelines/formation/planning/"' in first
    # Headings inside a section take its slug, so seventeen "Why it matters" stay distinct.
    assert 'id="clear-goals-why-it-matters"' in html


def test_governance_page_has_five_anchored_challenges(client, guide):
    html = html_of(client.get("/guidelines/governance/"))
    assert re.findall(r'<h2 id="([a-z-]+)">\d\. ', html) == [
        "inclusion", "purpose-and-roles", "participation-and-power-sharing", "accountability",
        "strategic-influence",
    ]  # fmt: skip
    assert "UN Non-Governmental Liaison Service (UN-NGLS), 2004." in html


def test_each_step_page_fits_the_first_round_trip(client, guide):
    styles = [
        (ROOT / "static" / "css" / name).read_bytes() for name in ("site.css", "guideline.css")
    ]
    css = sum(len(gzip.compress(style)) for style in styles)
    with guide.app_context():
        steps = db.session.scalars(select(GuidelinePage).where(GuidelinePage.kind == PageKind.STEP))
        paths = [f"/guidelines/{s.module}/{s.slug}/" for s in steps]
    sizes = {path: len(gzip.compress(client.get(path).data)) + css for path in paths}

    assert len(sizes) == 12
    assert max(sizes.values()) <= BUDGET, sizes


def test_pages_link_the_print_stylesheet_and_only_local_css(client, guide):
    html = html_of(client.get(STEP4))
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "/static/css/site.css", "/static/css/print.css", "/static/css/guideline.css",
    ]  # fmt: skip


def test_unknown_and_trashed_pages_are_not_found(app, client, guide):
    assert client.get("/guidelines/formation/no-such-step/").status_code == 404
    assert client.get("/guidelines/initiation/planning/").status_code == 404  # wrong module
    with app.app_context():
        case = db.session.scalar(select(GuidelinePage).where(GuidelinePage.slug == "gavi"))
        trash_record(case, None)
    assert client.get("/guidelines/cases/gavi/").status_code == 404


def test_the_overview_explains_itself_before_any_import(client):
    html = html_of(client.get("/guidelines/"))
    assert "has not been imported yet" in html


def test_coordinators_edit_a_step_in_manage_and_publish_it(app, client, guide, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        record_id = db.session.scalar(
            select(GuidelinePage.id).where(GuidelinePage.slug == "planning")
        )
    url = f"/manage/guideline-page/{record_id}/edit"
    fields = {**form_fields(editor.get(url)), "kind": "step"}  # (the helper reads no <select>)
    assert fields["tasks"].splitlines() == [
        "4.1 Planning the partnership's components",
        "4.2 Planning the partnership's activities",
    ]
    public = html_of(client.get(STEP4))
    assert 'href="/manage/guideline-page/' not in public  # no edit link for readers

    saved = editor.post(url, data={**fields, "summary": "A new summary.", "action": "publish"})

    assert saved.status_code == 303, saved.get_data(as_text=True)
    assert "A new summary." in html_of(client.get(STEP4))
    assert f'href="/manage/guideline-page/{record_id}/edit"' in html_of(editor.get(STEP4))


def test_a_step_whose_tasks_disagree_with_its_text_is_refused(app, guide, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        record_id = db.session.scalar(
            select(GuidelinePage.id).where(GuidelinePage.slug == "planning")
        )
    url = f"/manage/guideline-page/{record_id}/edit"
    fields = {**form_fields(editor.get(url)), "kind": "step"}
    body = fields["body"].replace("## Task 4.2:", "## Task 4.3:")

    response = editor.post(url, data={**fields, "body": body, "sources": "escap-unu-2018, x"})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "task headings must match" in html and "Not in sources.yml: x." in html
    assert "## Task 4.3:" in html  # the editor's text is still in the form
