"""The /manage menu: the links under headings, as each role may open them, folded
behind "Menu" on a phone."""

import re

import pytest

from tests.editing_helpers import signed_in_client


def menu(html: str) -> dict[str, list[str]]:
    """Heading -> the labels of its links, in order."""
    nav = re.search(r'<nav class="subnav".*?</nav>', html, re.S).group(0)
    groups = re.findall(
        r'<p class="menu-heading"[^>]*>([^<]+)</p>\s*<ul[^>]*>(.*?)</ul>', nav, re.S
    )
    return {heading: re.findall(r"<a [^>]*>([^<]+)</a>", links) for heading, links in groups}


@pytest.fixture
def pages(app, make_user):
    from tests.partners_helpers import make_partner

    make_partner(app, slug="org-a")
    return {
        role: signed_in_client(
            app, make_user(role, organisation="org-a" if role == "partner" else None)
        )
        .get("/manage/")
        .get_data(as_text=True)
        for role in ("admin", "editor", "partner")
    }


def test_the_menu_groups_its_links_under_headings(pages):
    groups = menu(pages["admin"])
    assert list(groups) == [
        "Content",
        "Partners",
        "Transparency record",
        "Publishing",
        "People and settings",
    ]
    assert groups["Content"] == ["Pages", "Guideline", "Where we are"]
    assert groups["Partners"] == ["Partners", "Applications", "Import partners"]
    assert groups["Transparency record"] == [
        "Governance bodies", "Meetings", "Minutes", "Decisions", "Actions", "Reports", "Funding",
        "Minutes approval",
    ]  # fmt: skip
    assert groups["Publishing"] == ["Publish", "Subscribers", "Jobs", "Outbox", "Trash"]
    assert groups["People and settings"] == ["Users", "Settings", "Audit log", "My account"]


def test_the_menu_keeps_to_what_each_role_may_open(pages):
    editor = menu(pages["editor"])
    assert editor["Publishing"] == ["Publish", "Trash"]
    assert editor["People and settings"] == ["My account"]
    assert menu(pages["partner"]) == {"People and settings": ["My account"]}
    assert "Dashboard" in pages["partner"]


def test_on_a_phone_the_menu_folds_behind_a_native_summary(app, pages):
    nav = re.search(r'<nav class="subnav".*?</nav>', pages["editor"], re.S).group(0)
    # Closed in the markup: the stylesheet unfolds it on a wider screen, no script needed.
    assert '<details class="manage-menu">' in nav and "<summary>Menu</summary>" in nav
    assert "<script" not in nav and "hx-" not in nav
    css = app.root_path + "/../static/css/manage.css"
    with open(css, encoding="utf-8") as sheet:
        text = sheet.read()
    assert "@media (min-width: 40.01em)" in text
    wide = text.split("@media (min-width: 40.01em)", 1)[1]
    assert ".manage-menu > summary { display: none; }" in wide
    assert ".manage-menu::details-content { content-visibility: visible; }" in wide


def test_the_current_page_is_marked_under_its_heading(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    html = editor.get("/manage/report/").get_data(as_text=True)
    nav = re.search(r'<nav class="subnav".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == ["/manage/report/"]
