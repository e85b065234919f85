"""A crawl of the site's pages, as one client sees them: what the markup and accessibility
checks read.

From where it starts, a crawl follows links and GET forms, and only those: it never sends
a form that posts (sign out, delete, publish), so it reads the site without changing it.
It keeps at most a few pages of each kind (URL rule and record type), enough to meet every
kind of page the demo has in a short run.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from werkzeug.exceptions import HTTPException

# Pages of each kind (URL rule and record type) a crawl keeps: two show more than one,
# a record with data and one without, and reach the pages only a second one links to.
PER_KIND = 2
# Enough for every kind of page the demo has; a crawl that reaches it has run away.
MOST_PAGES = 400
# Pages a link does not lead to: a search with results, the pages of a wrong address;
# each with the status it answers with.
READER_PAGES = [
    ("/search/?q=water+partnership", 200),
    ("/partners/?q=water&group=civil-society", 200),
    ("/no/such/page/", 404),
    ("/login/reset/no-such-token", 404),
    ("/confirm-entry/not-signed", 400),
]
# Where a reader's crawl starts: the home page, and the forms a reader fills in that the
# home page may not link to.
READER_STARTS = ["/", "/partners/apply/", "/subscribe/", "/login", "/login/forgot"]
# Where a signed-in crawl starts (the second factor's setup is linked from nowhere until
# it is wanted).
MANAGE_STARTS = ["/manage/", "/manage/account/second-factor/"]


@dataclass(frozen=True)
class Crawled:
    """A page as fetched: who asked, its address, its status and its HTML."""

    who: str
    url: str
    status: int
    html: str


class PageLinks(HTMLParser):
    """The links of a page, and the addresses its GET forms send with their defaults
    (the controls a ``form`` attribute gives a form, wherever they stand, included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: dict[str, dict] = {}
        self.open_forms: list[str] = []
        self.controls: list[tuple[str, str, str]] = []  # (form, name, value)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            key = attributes.get("id") or f"form-{len(self.forms)}"
            self.forms[key] = attributes
            self.open_forms.append(key)
        elif tag == "input" and attributes.get("name"):
            owner = attributes.get("form") or (self.open_forms[-1] if self.open_forms else "")
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.controls.append((owner, attributes["name"], attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms.pop()

    def addresses(self) -> list[str]:
        """The links, then each GET form's address with its query."""
        found = list(self.links)
        for key, form in self.forms.items():
            if form.get("method", "get").lower() != "get":
                continue
            query = [(name, value) for owner, name, value in self.controls if owner == key]
            found.append(form.get("action", "") + ("?" + urlencode(query) if query else ""))
        return found


class Crawler:
    """Fetches pages as one client: what it is asked for, and what a crawl reaches, with
    at most ``PER_KIND`` fetches of each kind of address."""

    def __init__(self, app, client, who: str):
        self.adapter = app.url_map.bind("localhost")
        self.client = client
        self.who = who
        self.seen: set[str] = set()
        self.fetched: dict[tuple, int] = defaultdict(int)
        self.pages: list[Crawled] = []

    def kind_of(self, path: str) -> tuple | None:
        """The URL rule and record type of ``path``; None where no page answers a GET."""
        try:
            endpoint, arguments = self.adapter.match(path, method="GET")
        except HTTPException:  # not found, a redirect, another method
            return None
        return endpoint, arguments.get("record_type")

    def fetch(self, url: str, status: int = 200) -> Crawled:
        """``url``, whatever its kind, as a page the check must see."""
        response = self.client.get(url)
        assert response.status_code == status, (self.who, url, response.status_code)
        return self.keep(url, response)

    def keep(self, url: str, response) -> Crawled:
        assert response.mimetype == "text/html", (self.who, url, response.mimetype)
        page = Crawled(self.who, url, response.status_code, response.get_data(as_text=True))
        self.pages.append(page)
        self.seen.add(urlsplit(url).path)
        return page

    def crawl(self, starts: list[str], within: str) -> None:
        """Follow links and GET forms from ``starts`` to the pages under ``within``."""
        queue = list(starts)
        while queue and len(self.pages) < MOST_PAGES:
            url = queue.pop(0)
            path = urlsplit(url).path
            kind = self.kind_of(path)
            if path in self.seen or kind is None or self.fetched[kind] >= PER_KIND:
                continue
            self.seen.add(path)
            self.fetched[kind] += 1  # a kind of file or feed too: fetched once or twice
            response = self.client.get(url)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append(response.headers["Location"])
            if response.status_code != 200 or response.mimetype != "text/html":
                response.close()  # a file's answer holds it open
                continue
            page = self.keep(url, response)
            links = PageLinks()
            links.feed(page.html)
            for address in links.addresses():
                target = urlsplit(urljoin("http://localhost" + url, address))
                if target.netloc == "localhost" and target.path.startswith(within):
                    queue.append(target.path + ("?" + target.query if target.query else ""))

    def one_of_each_kind(self) -> list[Crawled]:
        """The first page fetched of each kind, and of each kind asked with a query (a
        search's results, a filtered list: what the bare page does not show); a page of no
        kind (an error page) by its own address."""
        first: dict[object, Crawled] = {}
        for page in self.pages:
            address = urlsplit(page.url)
            kind = self.kind_of(address.path) or page.url
            first.setdefault((kind, bool(address.query)), page)
        return list(first.values())


def crawl_as_reader(app, client) -> Crawler:
    """The public pages a reader reaches, and those no link leads to."""
    reader = Crawler(app, client, "reader")
    reader.crawl(READER_STARTS, "/")
    for url, status in READER_PAGES:
        reader.fetch(url, status)
    return reader


def crawl_as_signed_in(app, client, who: str) -> Crawler:
    """The /manage pages a signed-in client reaches, then the home page it sees (the way
    back to /manage, the Sign out form)."""
    signed_in = Crawler(app, client, who)
    signed_in.crawl(MANAGE_STARTS, "/manage/")
    signed_in.fetch("/")
    return signed_in


def crawl_as_member(app, client) -> Crawler:
    """A partner's contact, who is a member: the /manage pages they reach, then the
    members' area and the members-only documents it lists."""
    member = crawl_as_signed_in(app, client, "partner")
    member.crawl(["/members/"], "/members/")
    return member


def crawl_as_administrator(app, client) -> Crawler:
    """The /manage pages an administrator reaches, and a partner's page for inviting a
    contact, which the form on its edit page posts to and no link leads to."""
    admin = crawl_as_signed_in(app, client, "admin")
    partner_edit = re.compile(r"/manage/partner/\d+/edit")
    edit = next(page.url for page in admin.pages if partner_edit.fullmatch(page.url))
    admin.fetch(edit.replace("/edit", "/invite"))
    return admin
