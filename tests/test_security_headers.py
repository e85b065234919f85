"""Security headers on every response, and pages that work under the strict policy."""

import re
from pathlib import Path

import pytest

from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in policy.split(";")
        if part.strip()
    }


def assert_secure_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    csp = csp_directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def crashing_app(app):
    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/explode", "explode", explode)
    return app


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/", 200),
        ("get", "/login", 200),
        ("get", "/static/css/site.css", 200),
        ("get", "/static/vendor/htmx-2.0.11.min.js", 200),
        ("get", "/no/such/page", 404),
        ("get", "/logout", 405),
        ("post", "/login", 400),  # no CSRF token
        ("get", "/explode", 500),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(crashing_app, method, path, status):
    with getattr(crashing_app.test_client(), method)(path) as response:
        assert response.status_code == status
        assert_secure_headers(response)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://partnership.example.org")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize(
    ("app_config", "expected"),
    [
        ({"HSTS_SECONDS": 0}, None),
        (
            {"HSTS_SECONDS": 600, "HSTS_INCLUDE_SUBDOMAINS": True, "HSTS_PRELOAD": True},
            "max-age=600; includeSubDomains; preload",
        ),
    ],
)
def test_hsts_follows_its_settings(client, expected):
    response = client.get("/", base_url="https://partnership.example.org")
    assert response.headers.get("Strict-Transport-Security") == expected


@pytest.mark.parametrize(("proxies", "hsts"), [(0, False), (1, True)])
def test_https_behind_a_proxy_is_seen_only_when_the_proxy_is_trusted(tmp_path, proxies, hsts):
    app = make_app(tmp_path, TRUSTED_PROXIES=proxies)
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert ("Strict-Transport-Security" in response.headers) is hsts


def test_signed_in_pages_are_kept_out_of_caches_and_public_ones_are_not(client, auth, make_user):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    make_user("editor", email="ed@example.org")
    auth.login("ed@example.org")
    assert client.get("/").headers["Cache-Control"] == "no-store"


# Under the policy the browser ignores inline scripts, style attributes and event handler
# attributes; htmx's hx-on needs eval, which the policy forbids as well. A JSON-LD block
# (type="application/ld+json") is data that is never run, so the policy has no say in it.
FORBIDDEN_MARKUP = {
    "inline script": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.IGNORECASE
    ),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on attribute": re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def forbidden_in(html: str) -> list[str]:
    return [name for name, pattern in FORBIDDEN_MARKUP.items() if pattern.search(html)]


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">alert(1)</script>',
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a href="#" onclick="x()">',
        '<button hx-on:click="x()">',
        '<a href="javascript:x()">',
    ],
)
def test_the_markup_check_catches_what_the_policy_would_block(html):
    assert forbidden_in(html)


def test_no_template_has_markup_the_policy_would_block():
    # Mail is read in mail clients, which keep little but inline styles and apply no page
    # policy; the outbox shows a message's HTML only as escaped source, never as a page.
    mail = ROOT / "templates" / "mail"
    offenders = {
        str(path.relative_to(ROOT)): problems
        for path in (ROOT / "templates").rglob("*.html")
        if not path.is_relative_to(mail)
        and (problems := forbidden_in(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def simple_get_routes(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


@pytest.mark.parametrize("role", [None, "partner", "editor", "admin"])
def test_every_rendered_page_works_under_the_policy(app, client, auth, make_user, role):
    if role:
        make_user(role, email=f"{role}@example.org", organisation="org-a")
        auth.login(f"{role}@example.org")
    pages = simple_get_routes(app) + ["/no/such/page"]
    assert "/" in pages and "/login" in pages
    for path in pages:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.mimetype == "text/html":
            assert forbidden_in(response.get_data(as_text=True)) == [], path
