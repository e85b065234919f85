"""Messages that quote what someone typed show it as text, never as markup.

Flask-Babel's lazy strings declare themselves safe HTML (``__html__``), so a message made
with ``lazy_gettext(..., value=typed)`` would reach the page unescaped. Each form below gets
``<b>x</b>`` where its message quotes the input, and the page must show it escaped.
"""

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import csrf_token_from
from tests.editing_helpers import signed_in_client
from tests.form_helpers import browser_form, replaced
from tests.guideline_helpers import import_bundled
from tests.partners_helpers import make_partner

APP = Path(__file__).resolve().parent.parent / "app"
TYPED = "<b>x</b>"


def errors_in(html: str) -> list[str]:
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)


def assert_quoted_as_text(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = " ".join(errors_in(html))
    assert "&lt;b&gt;x&lt;/b&gt;" in errors, errors  # quoted in the message, as text
    assert TYPED not in html


def test_no_lazy_message_interpolates_a_value():
    """A lazy message with a placeholder filled from a variable is the unescaped case."""
    found = []
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_l", "lazy_gettext")
                and node.keywords
            ):
                found.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert found == [], "use gettext for messages that quote input: " + ", ".join(found)


def test_the_public_application_form_quotes_a_country_as_text(client):
    token = csrf_token_from(client.get("/partners/apply/"))
    response = client.post(
        "/partners/apply/",
        data={"csrf_token": token, "name": "River club", "country": TYPED,
              "stakeholder_group": "civil-society", "contact_name": "Souk",
              "contact_email": "souk@example.org"},
    )  # fmt: skip
    assert_quoted_as_text(response)


@pytest.mark.parametrize(
    "field, value",
    [
        ("sdg_targets", TYPED),
        ("languages", TYPED),
        ("contributions", TYPED),
        ("country", TYPED),
    ],
)
def test_the_organisation_form_quotes_input_as_text(app, make_user, field, value):
    partner = make_partner(app)
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/partner/{partner}/edit"
    pairs, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    assert_quoted_as_text(editor.post(url, data=replaced(pairs, field, value)))


def test_the_guideline_form_quotes_a_task_line_as_text(app, make_user):
    import_bundled(app)
    editor = signed_in_client(app, make_user("editor"))
    listing = editor.get("/manage/guideline-page/").get_data(as_text=True)
    url = re.search(r'href="(/manage/guideline-page/\d+/edit)"', listing).group(1)
    pairs, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    assert_quoted_as_text(editor.post(url, data=replaced(pairs, "tasks", TYPED)))


def test_the_progress_form_quotes_an_evidence_link_as_text(app, make_user):
    import_bundled(app)
    editor = signed_in_client(app, make_user("editor"))
    page = editor.get("/manage/guidelines/progress").get_data(as_text=True)
    token = csrf_token_from_form(page)
    response = editor.post(
        "/manage/guidelines/progress",
        data={"csrf_token": token, "task_2_1-status": "done", "task_2_1-evidence": TYPED},
    )
    assert_quoted_as_text(response)


def csrf_token_from_form(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
