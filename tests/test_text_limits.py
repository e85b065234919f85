"""Every text field has a longest length, and a text over it gets a message, not a save."""

import importlib
import pkgutil

import pytest
from wtforms import Form, HiddenField, StringField
from wtforms.fields.core import UnboundField
from wtforms.meta import DefaultMeta
from wtforms.validators import Length

import app as app_package
from app.editing.registry import all_kinds
from app.textforms import LONG_TEXT, TextLength
from app.translating.forms import translation_form
from tests.conftest import make_app
from tests.editing_helpers import edit_form, form_fields, new_page, save, signed_in_client
from tests.partners_helpers import make_partner


def every_form_class(instance_path) -> set[type]:
    """The form classes of every module of the app, and each kind's translation form."""
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    app = make_app(instance_path)
    with app.app_context():
        found |= {translation_form(kind) for kind in all_kinds().values()}
    return {form for form in found if form.__module__.startswith("app.")}


def unbounded_text_fields(form: type) -> list[str]:
    problems = []
    for name in dir(form):
        unbound = getattr(form, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        field_class = unbound.field_class
        # Hidden fields carry ids and tokens the code parses, never text that is stored.
        if not issubclass(field_class, StringField) or issubclass(field_class, HiddenField):
            continue
        # Bound, as a form binds it: a field class may bring its own validators.
        validators = unbound.bind(form=None, name=name, _meta=DefaultMeta()).validators
        # Length counts field.data: the items, in a field that parses its text into a list.
        parses_its_text = field_class.process_formdata is not StringField.process_formdata
        if not any(
            isinstance(v, TextLength)
            or (isinstance(v, Length) and v.max > 0 and not parses_its_text)
            for v in validators
        ):
            problems.append(f"{form.__module__}.{form.__name__}.{name}")
    return problems


def test_every_text_field_of_every_form_has_a_longest_length(tmp_path):
    forms = every_form_class(tmp_path / "instance")
    assert len(forms) > 20  # the walk found the app's forms, translation forms included
    unbounded = [problem for form in forms for problem in unbounded_text_fields(form)]
    assert unbounded == [], "text fields without a TextLength or Length(max=...)"


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def test_a_text_over_the_limit_gets_a_message_and_is_kept_unsaved(app, editor):
    page_id = new_page(editor, body="The first text.", publish=True)
    too_long = "Water for the delta. " * (LONG_TEXT // 21) + "The end of a long text."
    assert len(too_long) > LONG_TEXT

    response = save(editor, page_id, edit_form(editor, page_id), body=too_long)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"This text has {len(too_long):,} characters; the most it may have is 200,000." in html
    assert edit_form(editor, page_id)["body"] == "The first text."
    # The whole text is in the form again, for the editor to shorten.
    assert "Water for the delta. " * 50 in html and "The end of a long text." in html
    assert "The first text." in editor.get("/pages/about/").get_data(as_text=True)


def test_a_list_typed_over_its_limit_gets_a_message_beside_it(app, editor):
    """A list field counts the text typed, not the few items it makes of it."""
    partner_id = make_partner(app, focus_areas=["rice"])
    url = f"/manage/partner/{partner_id}/edit"
    data = form_fields(editor.get(url))
    data.update(stakeholder_group="civil-society", country="VN", role="member",
                contact_email_visibility="hidden")  # fmt: skip
    typed = "flood risk" + " " * 3_000 + ", rice"

    response = editor.post(url, data={**data, "focus_areas": typed})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = html[html.index('id="focus_areas-error"') :]
    assert error.startswith('id="focus_areas-error">This text has 3,016 characters; the most')
    assert f'value="{typed}"' in html
    assert form_fields(editor.get(url))["focus_areas"] == "rice"
