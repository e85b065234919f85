"""Stored content never carries script, event handlers, javascript: links or htmx attributes."""

import re
from html.parser import HTMLParser

import pytest

from app.markdown import render_markdown
from tests.editing_helpers import edit_form, new_page, signed_in_client

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<div hx-get="/manage/" hx-trigger="load">x</div>',
    '<p data-hx-post="/logout">x</p>',
    '<span style="position:fixed">x</span>',
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<<script>script>alert(1)<</script>/script>",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def dangers(html: str) -> list[str]:
    """Every element or attribute in ``html`` that could run code or restyle the page."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag in {"script", "iframe", "svg", "object", "embed", "style", "form", "math"}:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith(("on", "hx-", "data-")) or name == "style":
                problems.append(f"{tag} {name}")
            if name in {"href", "src"} and re.sub(r"\s", "", value or "").lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                problems.append(f"{tag} {name}={value}")
    return problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_output_is_inert(payload):
    assert dangers(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_preview_and_public_page_are_inert(app, client, make_user, payload):
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor, body=f"Intro\n\n{payload}\n", publish=True)
    token = edit_form(editor, page_id)["csrf_token"]

    preview = editor.post(
        "/manage/preview?field=body", data={"body": payload}, headers={"X-CSRFToken": token}
    )
    assert preview.status_code == 200
    assert dangers(preview.get_data(as_text=True)) == []

    public = client.get("/pages/about/").get_data(as_text=True)
    main = public[public.index("<main") : public.index("</main>")]
    assert "Intro" in main
    assert dangers(main) == []


def test_links_keep_safe_schemes_and_headings_get_anchors():
    html = render_markdown(
        "## Task 4.2: Plan the work\n\n[site](https://example.org) [mail](mailto:a@b.org)", 1
    )
    assert '<h3 id="task-4-2">' in html
    assert 'href="https://example.org"' in html and 'href="mailto:a@b.org"' in html


def test_links_to_site_paths_lead_there_when_the_site_is_served_below_a_path(app):
    text = "[reports](/reports/) ![map](/files/1/map.png) [other](//example.org/x) [near](x/)"
    with app.test_request_context("/", base_url="https://example.org/partnership/"):
        html = render_markdown(text)
    assert 'href="/partnership/reports/"' in html and 'src="/partnership/files/1/map.png"' in html
    assert 'href="//example.org/x"' in html and 'href="x/"' in html
    with app.test_request_context("/"):
        assert 'href="/reports/"' in render_markdown(text)


def test_the_checker_itself_sees_dangerous_markup():
    assert sorted(dangers('<a href=" javascript:x" onclick="y" hx-get="/z">')) == [
        "a href= javascript:x",
        "a hx-get",
        "a onclick",
    ]
