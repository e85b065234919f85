"""Every kind of public and /manage page the demo has, checked by axe-core at a desktop's
and a phone's width: the pages the HTML check's crawl (tests/crawl.py) reaches as a reader,
as an administrator and as a partner's contact, rather than a list kept by hand.

One page of each kind (URL rule and record type) is enough: the pages of a kind come from
one template, so what axe finds on one (a control without a name, text without contrast) it
finds on all, and a second page would double the run to find nothing new. The crawl asks the
live server's app itself and only follows links and GET forms, so it changes nothing the
other browser tests see; the browser then opens each page in one tab per width, signing in
as each account in turn.
"""

import re
import secrets
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import create_user
from app.editing.registry import all_kinds
from app.extensions import db
from app.partners.models import Partner
from tests.browser.checks import (
    accessibility_check_problems,
    load_axe_in_every_page,
    start_accessibility_check,
)
from tests.browser.conftest import VIEWPORTS
from tests.browser.page_types import sign_in
from tests.conftest import PASSWORD
from tests.crawl import Crawled, crawl_as_administrator, crawl_as_member, crawl_as_reader
from tests.editing_helpers import signed_in_client


@dataclass(frozen=True)
class Account:
    email: str


@dataclass(frozen=True)
class Visit:
    """The pages one account opens: ``email`` is None for a reader, who does not sign in."""

    email: str | None
    pages: list[Crawled]


@pytest.fixture(scope="module")
def visits(live_server) -> list[Visit]:
    """A reader's, an administrator's and a partner's contact's pages, one of each kind."""
    app = live_server.app
    admin = live_server.create_user(Role.ADMIN)
    partner = Account(f"partner-{secrets.token_hex(4)}@example.org")
    with app.app_context():
        organisation = db.session.scalars(select(Partner.slug).order_by(Partner.id)).first()
        create_user(partner.email, PASSWORD, Role.PARTNER, organisation)
    reader = crawl_as_reader(app, app.test_client())
    administrator = crawl_as_administrator(app, signed_in_client(app, admin))
    contact = crawl_as_member(app, signed_in_client(app, partner))
    return [
        Visit(None, reader.one_of_each_kind()),
        Visit(admin.email, administrator.one_of_each_kind()),
        Visit(partner.email, contact.one_of_each_kind()),
    ]


def open_as(page: Page, email: str | None) -> None:
    """Start a visit: as a reader, or signed in as ``email``."""
    page.context.clear_cookies()
    if email is not None:
        sign_in(page, email, PASSWORD)
        expect(page.get_by_role("status")).to_contain_text("Signed in")


def test_the_visits_hold_each_record_kinds_list_and_edit_form(live_server, visits):
    """A crawl that stopped short would leave the check below nothing to fail on."""
    opened = {(page.who, page.url) for visit in visits for page in visit.pages}
    with live_server.app.app_context():
        record_types = list(all_kinds())
    for record_type in record_types:
        assert ("admin", f"/manage/{record_type}/") in opened, record_type
        assert any(
            who == "admin" and re.fullmatch(rf"/manage/{record_type}/\d+/edit", url)
            for who, url in opened
        ), record_type
    assert {("reader", "/"), ("admin", "/manage/audit/"), ("partner", "/manage/")} <= opened


def test_no_page_of_any_kind_has_a_serious_accessibility_violation(new_page, visits):
    # One tab per width, each in a browser context of its own and so in a process of its
    # own: axe checks a page at one width while it checks it at the other.
    tabs = {width: new_page(width) for width in VIEWPORTS}
    for tab in tabs.values():
        load_axe_in_every_page(tab)
    problems = []
    for visit in visits:
        for tab in tabs.values():
            open_as(tab, visit.email)
        for crawled in visit.pages:
            for tab in tabs.values():
                response = tab.goto(crawled.url)
                assert response is not None and response.status == crawled.status, crawled.url
                start_accessibility_check(tab)
            for width, tab in tabs.items():
                where = f"{width} {crawled.who} {crawled.url}"
                problems += [f"{where}: {problem}" for problem in accessibility_check_problems(tab)]
    opened = sum(len(visit.pages) for visit in visits)
    found = "\n".join(problems)
    assert not problems, f"{len(problems)} problems in {opened} pages at each width:\n{found}"
