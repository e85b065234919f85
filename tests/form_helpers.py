"""Helpers for the property tests over forms: what a browser submits, what hostile text
looks like, and a check that a response carries no live markup of the attacker's."""

from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict

# Enough examples per form to find the odd input, few enough to keep the suite fast. The
# app is made once per test, not per example, hence the function-scoped fixture check off.
form_examples = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces of attacks that must never come back as live markup.
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><b>x</b>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}",
    "%(value)s",
    "%s%d",
]
# Characters that have broken forms before: NUL (which PostgreSQL refuses in text), line
# breaks, bidirectional overrides, digits that str.isdigit() accepts and int() does not,
# quotes, markup and separators the list fields split on.
AWKWARD = [
    "\x00", "\r\n", "\n", "\t", "\u202e", "\ufeff", "²", "١", "𝟙", "'", '"', "<", ">", "&",
    ";", ",", ":", "|", "/", " ", "-", "1", "2025-01-01", "Asia", "https://", "%",
]  # fmt: skip

hostile_text = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.sampled_from(AWKWARD), st.text(max_size=10)),
    min_size=1,
    max_size=8,
).map("".join)


class FormFields(HTMLParser):
    """The (name, value) pairs a browser would submit from the first form whose class
    contains ``form_class``, and which names are free-text fields."""

    def __init__(self, form_class: str, action: str = ""):
        super().__init__(convert_charrefs=True)
        self.form_class, self.action = form_class, action
        self.inside = self.done = False
        self.pairs: list[list[str]] = []
        self.text_fields: list[str] = []
        self._textarea: list[str] | None = None
        self._select: str | None = None
        self._first_option: list[str] | None = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if (
            tag == "form"
            and not self.done
            and self.form_class in a.get("class", "").split()
            and self.action in a.get("action", "")
        ):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append([name, a.get("value", "on")])
                return
            self.pairs.append([name, a.get("value", "")])
            if kind not in ("hidden",):
                self.text_fields.append(name)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.pairs.append(self._textarea)
            self.text_fields.append(name)
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            pair = [self._select, a.get("value", "")]
            if "selected" in a and not self._selected:
                self._selected = True
                self.pairs.append(pair)
            elif self._first_option is None:
                self._first_option = pair

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # The HTML parser drops one newline right after <textarea>.
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self.pairs.append(self._first_option)
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def browser_form(html: str, form_class: str, action: str = "") -> tuple[MultiDict, list[str]]:
    """What the form would submit, and the names of its free-text fields; the first form of
    that class, or the first whose action contains ``action``."""
    parser = FormFields(form_class, action)
    parser.feed(html)
    parser.close()
    assert parser.done, f"no form of class {form_class}"
    return MultiDict([tuple(pair) for pair in parser.pairs]), parser.text_fields


def replaced(data: MultiDict, name: str, value: str) -> MultiDict:
    """A copy of the form's data with ``name`` set to ``value`` (added if absent)."""
    data = data.copy()
    data.setlist(name, [value])
    return data


class LiveMarkup(HTMLParser):
    """Elements and attributes that would run script, as a browser parses the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            squashed = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
            if name in ("href", "src", "action", "formaction") and squashed.startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = a
            src = a.get("src", "")
            if src and not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}>")

    def handle_data(self, data):
        if self._script is not None and data.strip():
            if self._script.get("type") != "application/ld+json":
                self.problems.append(f"inline script: {data[:60]!r}")
            elif "<" in data:
                self.problems.append(f"markup inside JSON-LD: {data[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def assert_no_live_markup(html: str) -> None:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    assert parser.problems == [], parser.problems


def kept_in_field(html: str, form_class: str, name: str, text: str, action: str = "") -> bool:
    """Does the form on the page hold ``text`` in field ``name``, as typed?

    Compared as a browser reads it: line endings made "\n", outer whitespace ignored.
    """

    def norm(value: str) -> str:
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()

    values, _names = browser_form(html, form_class, action)
    return norm(text) in [norm(value) for value in values.getlist(name)]


def kept_escaped(text: str, html: str) -> bool:
    """Does the page show ``text`` escaped (line endings as typed, or made "\n")?"""
    return str(escape(text)) in html or str(escape(text.replace("\r\n", "\n"))) in html
