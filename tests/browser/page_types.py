"""Every kind of page the site has, and how a person reaches it.

The accessibility and layout tests run over ``PAGE_TYPES``. When a feature adds a kind of
page, add one entry here: a name (also the screenshot's file name) and a function that
brings an open page to it and checks it arrived.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect


@dataclass(frozen=True)
class PageType:
    name: str
    open: Callable[[Page], None]

    def __str__(self) -> str:
        return self.name


def visit(path: str, status: int = 200) -> Callable[[Page], None]:
    def open_path(page: Page) -> None:
        response = page.goto(path)
        assert response is not None and response.status == status, (path, response)

    return open_path


def sign_in(page: Page, email: str, password: str) -> None:
    """Fill in and send the sign-in form, as a person does."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def login_with_errors(page: Page) -> None:
    # A new email each time: the same one would soon be asked to wait (throttling).
    sign_in(page, f"nobody-{secrets.token_hex(4)}@example.org", "not the password")
    expect(page.get_by_text("Email or password is incorrect.")).to_be_visible()


def as_staff(path: str) -> Callable[[Page], None]:
    """Sign in as the editor the live server creates, then open ``path``."""

    def open_signed_in(page: Page) -> None:
        from tests.browser.conftest import STAFF_EMAIL
        from tests.conftest import PASSWORD

        sign_in(page, STAFF_EMAIL, PASSWORD)
        expect(page.get_by_role("status")).to_contain_text("Signed in")
        visit(path)(page)

    return open_signed_in


def edit_form_with_errors(page: Page) -> None:
    as_staff("/manage/page/new")(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Please correct the fields marked below.")).to_be_visible()


def follow(path: str, link: str) -> Callable[[Page], None]:
    """Open ``path`` and follow the first link matching the CSS selector ``link``, as a
    reader does; for pages whose address follows the demo's dates."""

    def open_linked(page: Page) -> None:
        visit(path)(page)
        target = page.locator(link).first
        name = target.inner_text()
        before = page.url
        target.click()
        # The list has a heading too: wait for the new page itself, or a check that
        # follows could run on the list, or on the new page before its stylesheet.
        page.wait_for_url(lambda url: url != before)
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert name, (path, link)

    return open_linked


def as_staff_following(path: str, link: str) -> Callable[[Page], None]:
    """Sign in as staff, open ``path`` and follow the first link matching ``link``."""

    def open_linked(page: Page) -> None:
        as_staff(path)(page)
        before = page.url
        page.locator(link).first.click()
        page.wait_for_url(lambda url: url != before)
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    return open_linked


PAGE_TYPES = [
    PageType("home", visit("/")),
    PageType("guideline-overview", visit("/guidelines/")),
    PageType("guideline-module", visit("/guidelines/formation/")),
    PageType("guideline-step", visit("/guidelines/formation/planning/")),
    PageType("guideline-case", visit("/guidelines/cases/gavi/")),
    PageType("where-we-are", visit("/guidelines/where-we-are/")),
    PageType("directory", visit("/partners/")),
    PageType("directory-filtered", visit("/partners/?q=water&group=civil-society&country=kh")),
    PageType("directory-facet", visit("/partners/country/kh/")),
    PageType("partner", follow("/partners/", ".partner-list .partner h3 a")),
    PageType("meetings", visit("/meetings/")),
    # A past meeting with approved minutes, decisions and actions: the fullest kind.
    PageType("meeting", follow("/meetings/", "ul.meetings li:has-text('minutes approved') a")),
    PageType("decisions", visit("/decisions/")),
    PageType("reports", visit("/reports/")),
    PageType("report", follow("/reports/", "ul.documents a")),
    PageType("funding", visit("/funding/")),
    PageType("search", visit("/search/?q=water+partnership")),
    PageType("search-a-z", visit("/search/all/")),
    PageType("subscribe", visit("/subscribe/")),
    PageType("login", visit("/login")),
    PageType("login-error", login_with_errors),
    PageType("forgot-password", visit("/login/forgot")),
    PageType("link-not-valid", visit("/login/reset/no-such-token", status=404)),
    PageType("not-found", visit("/no/such/page/", status=404)),
    PageType("manage-dashboard", as_staff("/manage/")),
    PageType("manage-list", as_staff("/manage/page/")),
    PageType("manage-edit-errors", edit_form_with_errors),
    PageType("manage-trash", as_staff("/manage/trash/")),
    # A new report's form, with the file it is saved with.
    PageType("manage-new-report", as_staff("/manage/report/new")),
    # A report's edit page: the form, its files with their fingerprints, the upload form.
    PageType("manage-report-files", as_staff_following("/manage/report/", "main tbody a")),
    PageType("manage-minutes-approval", as_staff("/manage/minutes-approval/")),
    PageType(
        "manage-minutes-stage", as_staff_following("/manage/minutes-approval/", "main tbody a")
    ),
    PageType("manage-publish", as_staff("/manage/publish/")),
    PageType("manage-account", as_staff("/manage/account/")),
    # The yearly check's page reached by a link that was altered on its way.
    PageType("confirm-entry-refused", visit("/confirm-entry/not-signed", status=400)),
]
