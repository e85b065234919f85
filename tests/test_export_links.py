"""Rewriting links relative to the page that holds them (no app needed)."""

import pytest

from app.export.links import Link, Rewriter, Site, relative, target_file

LOCAL = Site("http://localhost")


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("/", "/", "index.html"),
        ("/", "/partners/", "partners/index.html"),
        ("/partners/acme/", "/", "../../index.html"),
        ("/partners/acme/", "/partners/", "../index.html"),
        ("/partners/acme/", "/partners/acme/#contact", "index.html#contact"),
        ("/guidelines/m/s/", "/static/css/site.css", "../../../static/css/site.css"),
        ("/sitemap.xml", "/partners/", "partners/index.html"),
        ("/", "/data/partners.csv", "data/partners.csv"),
        ("/", "/partners/caf%C3%A9/", "partners/caf%C3%A9/index.html"),
        ("/", "http://localhost/partners/", "partners/index.html"),  # our own, spelled out
        ("/", "https://other.example/x/", "https://other.example/x/"),
        ("/", "mailto:info@example.org", "mailto:info@example.org"),
        ("/", "#main", "#main"),
        ("/", "//cdn.example/x.js", "//cdn.example/x.js"),
    ],
)
def test_links_become_relative_files(page, href, expected):
    rewriter = Rewriter(LOCAL, page)
    assert (
        rewriter.html(f'<a class="x" href="{href}">x</a>')
        == f'<a class="x" href="{expected}">x</a>'
    )


def test_links_under_a_base_path_and_from_the_site_root():
    site = Site("https://example.org", "/mirror")
    assert Rewriter(site, "/a/").html('<a href="/mirror/b/">') == '<a href="../b/index.html">'
    error_document = Rewriter(site, "/404.html", from_root=True)
    assert error_document.html('<a href="/mirror/b/">') == '<a href="/mirror/b/">'
    outside = Rewriter(site, "/a/")
    assert outside.html('<a href="/elsewhere/">') == '<a href="/elsewhere/">'
    assert outside.links == [Link("/../elsewhere/")]  # reported by the link check


def test_hreflang_alternates_keep_their_full_address_when_the_site_address_is_known():
    tag = '<link rel="alternate" hreflang="fr" href="https://example.org/mirror/fr/a/">'
    served = Rewriter(Site("https://example.org", "/mirror"), "/a/")
    assert served.html(tag) == tag
    assert served.links == [Link("/fr/a/")]  # still checked by the link check
    # Any other link to the same page becomes relative, as before.
    switcher = '<a hreflang="fr" href="https://example.org/mirror/fr/a/">'
    assert served.html(switcher) == '<a hreflang="fr" href="../fr/a/index.html">'
    # Without the site's address (no --base-url), the alternate is relative like any link.
    unknown = Rewriter(Site("http://localhost", root_known=False), "/a/")
    local = '<link rel="alternate" hreflang="fr" href="http://localhost/fr/a/">'
    assert unknown.html(local) == '<link rel="alternate" hreflang="fr" href="../fr/a/index.html">'


def test_every_kind_of_url_attribute_is_rewritten_and_collected():
    rewriter = Rewriter(LOCAL, "/a/")
    html = (
        '<link rel="stylesheet" href="/s.css"><img src="/i.png" srcset="/i.png 1x, /j.png 2x">'
        "<form action='/search/'><video poster=\"/p.jpg\"></video>"
        '<a href="/b/?q=1&amp;r=2">b</a><img src="https://cdn.example/x.png">'
    )
    assert rewriter.html(html) == (
        '<link rel="stylesheet" href="../s.css"><img src="../i.png" '
        'srcset="../i.png 1x, ../j.png 2x"><form action="../search/index.html">'
        '<video poster="../p.jpg"></video><a href="../b/index.html?q=1&amp;r=2">b</a>'
        '<img src="https://cdn.example/x.png">'
    )
    assert [(link.path, link.query, link.loaded) for link in rewriter.links] == [
        ("/s.css", "", True),
        ("/i.png", "", True),
        ("/i.png", "", True),
        ("/j.png", "", True),
        ("/search/", "", False),
        ("/p.jpg", "", True),
        ("/b/", "q=1&r=2", False),
    ]
    assert rewriter.external_loads == ["https://cdn.example/x.png"]


def test_text_that_looks_like_a_link_is_left_alone():
    rewriter = Rewriter(LOCAL, "/a/")
    text = "<p>Write &lt;a href=&quot;/x/&quot;&gt; or data-href=/y/</p>"
    assert rewriter.html(text) == text
    assert rewriter.links == []


def test_css_urls_are_relative_to_the_stylesheet():
    rewriter = Rewriter(LOCAL, "/static/css/site.css")
    css = 'a{background:url(/static/img/a.png)} b{background:url("data:image/png;base64,x")}'
    assert rewriter.css(css + '@import "/static/css/more.css";') == (
        'a{background:url("../img/a.png")} b{background:url("data:image/png;base64,x")}'
        '@import "more.css";'
    )


def test_file_names_are_unicode_normalised():
    assert target_file("/partners/cafe\u0301/") == "partners/caf\u00e9/index.html"


@pytest.mark.parametrize(
    ("target", "folder", "expected"),
    [
        ("/index.html", "/", "index.html"),
        ("/a/index.html", "/a/", "index.html"),
        ("/a/c/index.html", "/a/b/", "../c/index.html"),
        ("/index.html", "/a/b/c/", "../../../index.html"),
        ("/a/b/c/x.css", "/", "a/b/c/x.css"),
        ("/ab/index.html", "/a/", "../ab/index.html"),
    ],
)
def test_relative_paths(target, folder, expected):
    assert relative(target, folder) == expected


@pytest.mark.parametrize(
    ("html", "expected", "paths"),
    [
        (  # a '>' in a quoted value, capitals, line breaks
            '<a hx-target="closest tr > td" HREF="/b/">b</a>'
            "<a title='x > y' href='/c/'>c</a><a\nhref=\"/d/\"\n>d</a>",
            '<a hx-target="closest tr > td" HREF="../b/index.html">b</a>'
            '<a title=\'x > y\' href="../c/index.html">c</a><a\nhref="../d/index.html"\n>d</a>',
            ["/b/", "/c/", "/d/"],
        ),
        (  # an attribute's name in the text, a '<' in a quoted value
            '<a href="/x/">x</a><p>Set data = 1, then</p>'
            '<a title="1 < 2" href="/b/">b</a><img alt="x<y" src="/i.png">',
            '<a href="../x/index.html">x</a><p>Set data = 1, then</p>'
            '<a title="1 < 2" href="../b/index.html">b</a><img alt="x<y" src="../i.png">',
            ["/x/", "/b/", "/i.png"],
        ),
    ],
    ids=["other-attributes", "text-and-values"],
)
def test_tags_are_found_whatever_their_other_attributes_and_the_text_hold(html, expected, paths):
    rewriter = Rewriter(LOCAL, "/a/")
    assert rewriter.html(html) == expected
    assert [link.path for link in rewriter.links] == paths
