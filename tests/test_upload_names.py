"""An upload whose name disagrees with its content is refused or renamed, always saying so."""

import pytest

from tests.editing_helpers import new_page, signed_in_client
from tests.test_editing import tiny_pdf
from tests.test_uploads import png, upload


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (png(), "scan.pdf", "This file is a PNG image, not a PDF: rename it or choose another."),
        (b"name,city\nDelta,Can Tho\n", "fake.pdf", "This file is a text (CSV) file, not a PDF"),
        (tiny_pdf(), "minutes.docx", "This file is a PDF, not a Word document"),
    ],
)
def test_a_file_named_as_another_accepted_kind_is_refused_saying_what_it_is(
    editor, data, filename, message
):
    page_id = new_page(editor)

    response = upload(editor, page_id, data, filename)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    # Refused for its name, not asked for the description a PDF would not need.
    assert "Describe the image" not in body
    assert "Files" in body and filename not in editor.get(f"/manage/page/{page_id}/edit").text


def test_a_text_file_is_never_renamed_without_a_word(editor):
    page_id = new_page(editor)

    response = upload(editor, page_id, b"Notes from the field visit\n", "notes.txt")

    assert response.status_code == 303
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attached notes.csv." in page
    assert "Its content is a text (CSV) file, so it was saved with the .csv ending." in page


@pytest.mark.parametrize("filename", ["photo.JPEG", "photo.jpg"])
def test_names_of_the_same_kind_are_accepted_quietly(editor, filename):
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (20, 10), (10, 120, 40)).save(out, "JPEG")
    page_id = new_page(editor)

    response = upload(editor, page_id, out.getvalue(), filename, alt_text="A field")

    assert response.status_code == 303
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attached photo.jpg." in page and "Its content is" not in page
