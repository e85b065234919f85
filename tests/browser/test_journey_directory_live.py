"""A reader with JavaScript looks for partners in the demo directory: the list follows the
typing and the ticks without a page load, the address follows the list, and Back brings
the earlier list back with the words and ticks that made it."""

import re

from playwright.sync_api import Page, expect


def names(page: Page):
    return page.locator(".partner-list .partner h3 a")


def total(page: Page) -> int:
    """The number of partners the results say they found (the list shows 20 a page)."""
    return int(page.get_by_role("status").inner_text().split()[0])


def mark_this_document(page: Page) -> None:
    """A full page load starts a new window object and loses this mark."""
    page.evaluate("window.sameDocument = true")


def same_document(page: Page) -> bool:
    return page.evaluate("window.sameDocument === true")


def test_the_list_follows_the_search_and_back_restores_each_earlier_list(page, live_server):
    page.goto("/partners/")
    expect(names(page).first).to_be_visible()
    everyone = total(page)
    mark_this_document(page)
    requests = []
    page.on("request", lambda request: requests.append(request))

    page.get_by_label("Search partners").press_sequentially("water", delay=30)
    expect(page).to_have_url(re.compile(r"/partners/\?q=water$"))
    expect(page.get_by_role("status")).to_contain_text("matching “water”")
    water = names(page).all_inner_texts()
    assert 0 < total(page) < everyone

    page.get_by_role("checkbox", name=re.compile(r"^Cambodia")).check()
    expect(page).to_have_url(re.compile(r"/partners/\?q=water&country=kh$"))
    expect(names(page)).not_to_have_count(len(water))
    in_cambodia = names(page).all_inner_texts()
    assert 0 < len(in_cambodia) < len(water)
    assert set(in_cambodia) <= set(water)
    for meta in page.locator(".partner-list .partner-meta").all_inner_texts():
        assert " · Cambodia" in meta, meta

    # Only fragments were fetched, and this is still the document the reader opened.
    assert same_document(page)
    documents = [r for r in requests if r.resource_type == "document"]
    assert documents == [], [r.url for r in documents]
    assert all(r.headers.get("hx-request") == "true" for r in requests if "/partners/" in r.url)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/partners/\?q=water$"))
    expect(names(page)).to_have_text(water)
    expect(page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))).not_to_be_checked()
    expect(page.get_by_label("Search partners")).to_have_value("water")
    assert same_document(page)

    page.go_forward()
    expect(page).to_have_url(re.compile(r"[?&]country=kh$"))
    expect(names(page)).to_have_text(in_cambodia)
    expect(page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))).to_be_checked()


def test_back_asks_the_site_for_the_whole_page_and_it_keeps_working(page):
    page.goto("/partners/?q=water")
    water = names(page).all_inner_texts()
    assert water
    page.get_by_role("checkbox", name=re.compile(r"^Thailand")).check()
    expect(page).to_have_url(re.compile(r"country=th$"))
    expect(names(page)).not_to_have_count(len(water))

    # The directory keeps no snapshot in the browser (see templates/partners/index.html).
    with page.expect_response(re.compile(r"/partners/\?q=water$")) as restore:
        page.go_back()
    response = restore.value
    assert response.request.headers.get("hx-history-restore-request") == "true"
    assert "<html" in response.text()  # the whole page, not the results fragment alone
    assert "HX-Request" in response.headers.get("vary", "")

    expect(page).to_have_url(re.compile(r"/partners/\?q=water$"))
    expect(names(page)).to_have_text(water)
    # The whole page came back in working order: headings, browse links, a live form.
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners")
    expect(page.get_by_role("heading", name="Browse the directory")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Thailand"))).not_to_be_checked()
    page.get_by_role("checkbox", name=re.compile(r"^Viet Nam")).check()
    expect(page).to_have_url(re.compile(r"/partners/\?q=water&country=vn$"))
    for meta in page.locator(".partner-list .partner-meta").all_inner_texts():
        assert " · Viet Nam" in meta, meta
