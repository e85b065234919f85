"""Images in Markdown come from this site only: refused in forms, dropped when rendered."""

import html
import re

import pytest

from app.editing.registry import all_kinds
from app.markdown import render_markdown
from app.textforms import SiteImagesOnly
from tests.editing_helpers import edit_form, form_fields, new_page, save, signed_in_client

REMOTE = [
    "![Map](https://tracker.example/map.png)",
    "![Map](http://tracker.example/map.png)",
    "![Map](//tracker.example/map.png)",
    "![Map](HTTPS://tracker.example/map.png)",
    "![Map][map]\n\n[map]: https://tracker.example/map.png",
    "[![Map](https://tracker.example/map.png)](/reports/)",
    "![Map](<https://tracker.example/map png.png>)",
]
ON_THIS_SITE = ["![Map](/files/3/map.png)", "![Map](map.png)", "![Map](../files/3/map.png)"]


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def image_sources(markup: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(r'<img[^>]*\bsrc="([^"]*)"', markup)]


@pytest.mark.parametrize("image", REMOTE)
def test_a_remote_image_is_refused_with_a_message_and_the_text_kept(app, editor, image):
    page_id = new_page(editor, body="The first text.", publish=True)
    text = f"Our work in the delta.\n\n{image}\n"

    response = save(editor, page_id, edit_form(editor, page_id), body=text)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is on another site, which would learn who reads this page. Upload the image" in page
    assert form_fields(response)["body"].replace("\r\n", "\n") == text
    assert image_sources(page) == []  # nor does the preview beside it fetch it
    assert edit_form(editor, page_id)["body"] == "The first text."


@pytest.mark.parametrize("image", ON_THIS_SITE)
def test_an_image_on_this_site_is_saved(app, editor, image):
    page_id = new_page(editor, body="The first text.", publish=True)
    response = save(editor, page_id, edit_form(editor, page_id), body=image, action="publish")
    assert response.status_code == 303
    assert len(image_sources(app.test_client().get("/pages/about/").get_data(as_text=True))) == 1


def test_a_translation_refuses_a_remote_image_too(app, editor):
    page_id = new_page(editor, title="About us", body="We share water.", publish=True)
    url = f"/manage/translations/page/{page_id}/fr"
    data = {**form_fields(editor.get(url)), "body": "![Carte](https://tracker.example/c.png)"}
    response = editor.post(url, data=data)
    assert response.status_code == 422  # refused, with the text kept, as every save form answers
    assert "is on another site" in response.get_data(as_text=True)


@pytest.mark.parametrize("image", REMOTE + ["![Map](\thttps://tracker.example/map.png)"])
def test_rendered_html_of_a_remote_image_fetches_nothing(image):
    """Texts saved before the check, or imported from content/, are rendered without it."""
    rendered = render_markdown(f"Before.\n\n{image}\n\nAfter.")
    assert "<img" in rendered and 'alt="Map"' in rendered
    assert image_sources(rendered) == []
    assert "tracker.example" not in rendered.replace('href="/reports/"', "")


@pytest.mark.parametrize("image", ON_THIS_SITE)
def test_rendered_html_keeps_an_image_on_this_site(image):
    assert len(image_sources(render_markdown(image))) == 1


def test_every_markdown_field_refuses_remote_images(app):
    """Each kind's Markdown field, and the home page's introduction."""
    from app.partners.forms import ApplicationForm
    from app.site.forms import SiteSettingsForm

    with app.app_context():
        fields = [
            getattr(kind.form, kind.markdown_field)
            for kind in all_kinds().values()
            if kind.markdown_field
        ]
    fields += [SiteSettingsForm.about, ApplicationForm.description]
    assert len(fields) > 6
    for unbound in fields:
        assert any(isinstance(v, SiteImagesOnly) for v in unbound.kwargs["validators"]), unbound
