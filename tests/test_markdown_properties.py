"""Property tests: whatever text a coordinator or partner types, the rendered Markdown is safe.

Hypothesis builds texts from Markdown syntax, raw HTML and the pieces of known attacks,
mixed with arbitrary Unicode; the output is parsed as a browser would and must contain only
the allowed tags and attributes, and only http, https, mailto or relative links.
"""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from app.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '<p style="background:url(javascript:alert(1))">',
    '<div hx-get="/manage/" hx-trigger="load">',
    '<span data-hx-post="/logout">',
    "<style>body{display:none}</style>",
    "<iframe src=//evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="//evil.example"><input name=x></form>',
    "<!-- <script>alert(1)</script> -->",
    '<object data="x.swf"></object>',
    '<base href="//evil.example/">',
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "<a href='//evil.example' onmouseover=alert(1)>x</a>",
    '[x](https://ok.example "title" onclick="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "`<script>`",
    "```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;",
]
SYNTAX = [
    "# ", "## ", "\n", "\n\n", "* ", "1. ", "> ", "`", "```", "**", "_", "~~", "|", "---",
    "[", "]", "(", ")", "!", "<", ">", '"', "'", "=", "&", ";", ":", "/", "\\", " ",
    "http://", "https://", "mailto:", "javascript:", "Task 4.2 ",
]  # fmt: skip

texts = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.sampled_from(SYNTAX), st.text(max_size=20)),
    max_size=25,
).map("".join)

SAFE_SCHEMES = ("http:", "https:", "mailto:")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def url_is_safe(url: str) -> bool:
    # What a browser would do: drop whitespace and control characters, ignore case.
    squashed = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    scheme, colon, _rest = squashed.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # relative
    return squashed.startswith(SAFE_SCHEMES)


def assert_safe(html: str):
    parser = Collector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            assert not name.startswith(("on", "hx-", "data-")) and name != "style"
            if name in ("href", "src"):
                assert url_is_safe(value or ""), (tag, name, value)
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=5))
def test_rendered_markdown_is_always_safe(text, shift):
    assert_safe(str(render_markdown(text, shift_headings=shift)))


@settings(max_examples=100, deadline=None)
@given(texts)
def test_headings_never_go_above_the_page_title(text):
    html = str(render_markdown(text, shift_headings=1))
    assert "<h1" not in html


@given(st.sampled_from(ATTACKS))
def test_every_known_attack_is_neutralised(attack):
    assert_safe(str(render_markdown(attack)))


def test_the_safety_check_itself_catches_unsafe_markup():
    for unsafe in (
        "<script>x</script>",
        '<a href="javascript:x">',
        '<a href=" JAVA\tSCRIPT:x">',
        '<img src="x" onerror="y">',
        '<p style="x">',
        '<div hx-get="/x">',
        '<a data-x="1">',
        "<iframe>",
    ):
        try:
            assert_safe(unsafe)
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {unsafe}")


def test_plain_links_and_formatting_survive():
    html = str(render_markdown("**b** [site](https://example.org) <mailto:a@example.org>"))
    assert "<strong>b</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'href="mailto:a@example.org"' in html
