"""Property tests over the forms and query strings outside the record editor: the public
application form, the directory, decisions and reports filters, user administration, site
settings, minutes approval and amendment, the CSV import, and the editor's own hidden
fields, and the upload form. Every form is posted with the real CSRF token from its page, as
a browser does.

Whatever is sent: never a 5xx, never the text back as live markup; a refused form comes
back (422) with a message beside a field and the typed text kept, escaped.
"""

import io
import itertools

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import csrf_token_from
from tests.editing_helpers import new_page, signed_in_client
from tests.form_helpers import (
    ATTACKS,
    AWKWARD,
    assert_no_live_markup,
    browser_form,
    form_examples,
    hostile_text,
    kept_escaped,
    kept_in_field,
    replaced,
)
from tests.partners_helpers import make_partner
from tests.transparency_helpers import make_body, make_meeting, make_minutes

ODD_NUMBERS = ["²", "١٢", "𝟙", "-1", "0", "1e3", "99999999999999999999999999", " 3", "3 ", ""]
query_values = st.one_of(hostile_text, st.sampled_from(ODD_NUMBERS + ATTACKS + AWKWARD))
addresses = (f"198.51.100.{n % 250}" for n in itertools.count(1))


def assert_refused_with_message_or_accepted(response, field: str, text: str, action="") -> None:
    """303, or 422 with a message and ``text`` kept in ``field`` of the form (class "form")."""
    body = response.get_data(as_text=True)
    assert response.status_code in (303, 422), (response.status_code, body[-1500:])
    assert_no_live_markup(body)
    if response.status_code == 422:
        assert 'class="error"' in body, "a refused form says what is wrong beside a field"
        assert kept_in_field(body, "form", field, text, action), "the typed text is not kept"


# --- the public application form -------------------------------------------------------

APPLICATION = {
    "name": "Mekong Youth Water Club",
    "stakeholder_group": "civil-society",
    "country": "LA",
    "city": "Pakse",
    "website": "https://club.example.org",
    "description": "Students monitoring the river.",
    "sdgs": "6",
    "contribution": "Volunteers for river clean-ups",
    "contact_name": "Souk",
    "contact_role": "",
    "contact_email": "souk@example.org",
    "contact_phone": "",
}


def test_the_application_form_takes_any_text(app):
    client = app.test_client()

    @form_examples
    @given(field=st.sampled_from(sorted(APPLICATION)), text=hostile_text)
    @example(field="country", text="<b>x</b>")
    @example(field="sdgs", text="²")
    @example(field="contact_email", text="a@b.c\x00")
    def check(field, text):
        address = {"REMOTE_ADDR": next(addresses)}  # one address per example: no throttle
        token = csrf_token_from(client.get("/partners/apply/", environ_base=address))
        data = {**APPLICATION, "csrf_token": token, field: text}
        response = client.post("/partners/apply/", data=data, environ_base=address)
        if field in ("sdgs", "stakeholder_group", "country"):  # chosen, not typed
            assert response.status_code in (303, 422)
            assert_no_live_markup(response.get_data(as_text=True))
            return
        assert_refused_with_message_or_accepted(response, field, text, "/partners/apply/")

    check()


# --- public query strings --------------------------------------------------------------


@pytest.mark.parametrize(
    "path, names",
    [
        ("/partners/", ["q", "group", "country", "sdg", "role", "page"]),
        ("/decisions/", ["body", "state", "year", "owner", "action"]),
        ("/reports/", ["type", "year"]),
    ],
)
def test_filters_and_search_take_any_query_string(app, path, names):
    make_partner(app, slug="river-trust", name="River Trust")
    client = app.test_client()

    @form_examples
    @given(values=st.dictionaries(st.sampled_from(names), query_values, min_size=1))
    @example(values={"sdg": "²"})
    @example(values={"year": "²"})
    @example(values={"page": "99999999999999999999999999"})
    @example(values={"q": "\x00"})
    @example(values={"owner": "\x00", "body": "\x00"})
    def check(values):
        values = {key: value for key, value in values.items() if key in names}
        response = client.get(path, query_string=values)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 400), (values, response.status_code)
        assert_no_live_markup(body)
        if response.status_code == 200 and values.get("q", "").strip():
            assert kept_escaped(values["q"].strip()[:200], body), "the search is shown"

    check()


# --- the editor's hidden fields --------------------------------------------------------


def test_the_editors_hidden_fields_take_any_text(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor)
    url = f"/manage/page/{page_id}/edit"

    @form_examples
    @given(
        values=st.dictionaries(
            st.sampled_from(["base_revision", "resolves", "action"]), query_values, min_size=1
        )
    )
    @example(values={"base_revision": "²"})
    @example(values={"resolves": "𝟙"})
    @example(values={"base_revision": "99999999999999999999999999"})
    def check(values):
        data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
        for name, value in values.items():
            data = replaced(data, name, value)
        response = editor.post(url, data=data)
        # 409: a base that names no version of the page is refused, the text kept.
        assert response.status_code in (200, 303, 409, 422), response.status_code
        assert_no_live_markup(response.get_data(as_text=True))

    check()


# --- user administration ---------------------------------------------------------------

NEW_USER = {
    "email": "new@example.org",
    "name": "New Person",
    "role": "editor",
    "organisation": "",
    "password": "a long enough password",
}


def test_the_new_user_form_takes_any_text(app, make_user):
    admin = signed_in_client(app, make_user("admin"))
    counter = itertools.count()

    @form_examples
    @given(field=st.sampled_from(sorted(NEW_USER)), text=hostile_text)
    @example(field="organisation", text="\x00")
    @example(field="email", text="<b>x</b>@example.org")
    def check(field, text):
        token = csrf_token_from(admin.get("/manage/users/"))
        data = {**NEW_USER, "email": f"new{next(counter)}@example.org", field: text}
        response = admin.post("/manage/users/", data={**data, "csrf_token": token})
        if field in ("password", "role"):  # a password is never shown again
            body = response.get_data(as_text=True)
            assert response.status_code in (303, 422)
            assert_no_live_markup(body)
            if field == "password" and text.strip():
                assert f'value="{text}"' not in body
            return
        # The add-a-user form, not the invitation beside it.
        assert_refused_with_message_or_accepted(response, field, text, "/manage/users/#new-user")

    check()


INVITE = {
    "invite-email": "new@example.org",
    "invite-name": "New Person",
    "invite-role": "editor",
    "invite-organisation": "",
    "invite-language": "en",
}


def test_the_invite_form_takes_any_text(app, make_user):
    admin = signed_in_client(app, make_user("admin"))
    counter = itertools.count()

    @form_examples
    @given(field=st.sampled_from(sorted(INVITE)), text=hostile_text)
    @example(field="invite-name", text="\x00")
    @example(field="invite-email", text="<b>x</b>@example.org")
    def check(field, text):
        token = csrf_token_from(admin.get("/manage/users/"))
        data = {**INVITE, "invite-email": f"new{next(counter)}@example.org", field: text}
        response = admin.post("/manage/users/invite", data={**data, "csrf_token": token})
        if field in ("invite-email", "invite-name"):
            assert_refused_with_message_or_accepted(response, field, text, "/manage/users/invite")
        else:  # a list: refused with a message, or one of its choices
            assert response.status_code in (303, 422)
            assert_no_live_markup(response.get_data(as_text=True))

    check()


def test_the_reset_password_form_takes_any_text(app, make_user):
    admin = signed_in_client(app, make_user("admin"))
    other = make_user("editor")
    url = f"/manage/users/{other.id}/"

    @form_examples
    @given(text=hostile_text)
    def check(text):
        token = csrf_token_from(admin.get(url))
        response = admin.post(url, data={"csrf_token": token, "new_password": text})
        assert response.status_code in (303, 422)
        assert_no_live_markup(response.get_data(as_text=True))

    check()


# --- site settings ---------------------------------------------------------------------


def test_the_settings_form_takes_any_text_and_the_home_page_stays_safe(app, make_user):
    admin = signed_in_client(app, make_user("admin"))
    reader = app.test_client()

    @form_examples
    @given(field=st.sampled_from(["name", "tagline", "about"]), text=hostile_text)
    @example(field="about", text="<script>alert(1)</script>[x](javascript:alert(1))")
    @example(field="name", text="</title><script>alert(1)</script>")
    def check(field, text):
        data, _names = browser_form(admin.get("/manage/settings/").get_data(as_text=True), "form")
        response = admin.post("/manage/settings/", data=replaced(data, field, text))
        assert_refused_with_message_or_accepted(response, field, text)
        home = reader.get("/")
        assert home.status_code == 200
        assert_no_live_markup(home.get_data(as_text=True))

    check()


# --- minutes: approval and amendment ---------------------------------------------------


@pytest.fixture
def minutes_world(app, make_user):
    with app.app_context():
        body = make_body()
        later = make_meeting(body, "2025-09-04", slug="autumn")
        approved = make_minutes(later, "We met again.", stage="approved")
    return {
        "editor": signed_in_client(app, make_user("editor")),
        "body": body,
        "approved": approved,
    }


def test_the_approval_form_takes_any_text(app, minutes_world):
    editor = minutes_world["editor"]
    days = itertools.count(1)

    @form_examples
    @given(field=st.sampled_from(["approved_at", "approved_on"]), text=query_values)
    @example(field="approved_on", text="2025-02-30")
    @example(field="approved_at", text="²")
    @example(field="approved_at", text="99999999999999999999999999")
    def check(field, text):
        # Fresh circulated minutes each time: an accepted approval ends the approval form.
        day = next(days)
        with app.app_context():
            met = make_meeting(minutes_world["body"], f"2024-{1 + day // 28:02}-{1 + day % 28:02}",
                               slug=f"meeting-{day}")  # fmt: skip
            minutes_id = make_minutes(met, "We met.", stage="circulated")
        stage = f"/manage/minutes-approval/{minutes_id}"
        page = editor.get(f"/manage/minutes/{minutes_id}/edit").get_data(as_text=True)
        data, _names = browser_form(page, "form", "/approve")
        response = editor.post(stage + "/approve", data=replaced(data, field, text))
        body = response.get_data(as_text=True)
        # 400: the chosen meeting does not exist, a request no browser sends.
        assert response.status_code in (303, 400, 422), response.status_code
        assert_no_live_markup(body)
        if response.status_code == 422:
            assert 'class="error"' in body

    check()


def test_the_amendment_form_takes_any_text(minutes_world):
    editor = minutes_world["editor"]
    stage = f"/manage/minutes-approval/{minutes_world['approved']}"
    edit = f"/manage/minutes/{minutes_world['approved']}/edit"

    @form_examples
    @given(field=st.sampled_from(["text", "note", "amended_on"]), text=hostile_text)
    @example(field="text", text="\x00")
    @example(field="note", text="<script>alert(1)</script>")
    def check(field, text):
        data, _names = browser_form(editor.get(edit).get_data(as_text=True), "form", "/amend")
        data = replaced(data, "note", "Typo in the list of those present.")
        data = replaced(data, "text", data["text"] + "\n\nCorrected.")
        response = editor.post(stage + "/amend", data=replaced(data, field, text))
        assert_refused_with_message_or_accepted(response, field, text, "/amend")
        public = editor.get(edit)
        assert public.status_code == 200
        assert_no_live_markup(public.get_data(as_text=True))

    check()


# --- the CSV import --------------------------------------------------------------------

HEADER = "name,slug,stakeholder_group,country,sdgs,contributions,role\n"
csv_rows = st.lists(
    st.lists(query_values, min_size=1, max_size=8).map(",".join), min_size=0, max_size=4
).map("\n".join)


def test_the_csv_import_takes_any_file(app, make_user):
    editor = signed_in_client(app, make_user("editor"))

    @form_examples
    @given(
        header=st.sampled_from([HEADER, "", "name\n", "\ufeff" + HEADER]),
        rows=csv_rows,
        encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
        action=st.sampled_from(["check", "import"]),
    )
    @example(header=HEADER, rows="<b>x</b>,bx,civil-society,VN,²,,member", encoding="utf-8",
             action="import")  # fmt: skip
    @example(header=HEADER, rows="N\x00,n,civil-society,VN,6,,member", encoding="utf-8",
             action="import")  # fmt: skip
    def check(header, rows, encoding, action):
        token = csrf_token_from(editor.get("/manage/partner/import"))
        content = (header + rows).encode(encoding, errors="replace")
        response = editor.post(
            "/manage/partner/import",
            data={"csrf_token": token, "file": (io.BytesIO(content), "partners.csv"),
                  "action": action},
            content_type="multipart/form-data",
        )  # fmt: skip
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 303, 422), response.status_code
        assert_no_live_markup(body)
        if response.status_code == 422:
            assert "Nothing was imported" in body or 'class="error"' in body

    check()


# --- the guideline's self-assessment ---------------------------------------------------


def test_the_progress_form_takes_any_text_and_the_public_page_stays_safe(app, make_user):
    from tests.guideline_helpers import import_bundled

    import_bundled(app)
    editor = signed_in_client(app, make_user("editor"))
    reader = app.test_client()
    url = "/manage/guidelines/progress"

    @form_examples
    @given(field=st.sampled_from(["task_2_1-note", "task_2_1-evidence"]), text=hostile_text)
    @example(field="task_2_1-evidence", text="javascript:alert(1)")
    @example(field="task_2_1-note", text="<script>alert(1)</script>\x00")
    def check(field, text):
        data, _names = browser_form(editor.get(url).get_data(as_text=True), "form")
        data = replaced(data, "task_2_1-status", "done")
        response = editor.post(url, data=replaced(data, field, text))
        assert_refused_with_message_or_accepted(response, field, text)
        public = reader.get("/guidelines/where-we-are/")
        assert public.status_code == 200
        assert_no_live_markup(public.get_data(as_text=True))

    check()


# --- file uploads ----------------------------------------------------------------------


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (20, 110, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_upload_form_takes_any_description_and_file_name(app, make_user):
    """An image with any description and any file name: stored and shown escaped, or
    refused with a message beside the field; never a 5xx, never live markup."""
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor)
    edit_url = f"/manage/page/{page_id}/edit"
    png = tiny_png()

    @form_examples
    @given(description=hostile_text, name=hostile_text)
    @example(description="The river at dawn", name="<i>river & sea")
    def check(description, name):
        token = csrf_token_from(editor.get(edit_url))
        response = editor.post(
            f"/manage/page/{page_id}/attachments",
            data={
                "csrf_token": token,
                "alt_text": description,
                "file": (io.BytesIO(png), f"{name}.png"),
            },
            content_type="multipart/form-data",
        )
        body = response.get_data(as_text=True)
        assert response.status_code in (303, 422), (response.status_code, body[-1500:])
        assert_no_live_markup(body)
        if response.status_code == 422:
            assert 'class="error"' in body, "a refused upload says what is wrong"
            action = f"/manage/page/{page_id}/attachments"
            assert kept_in_field(body, "form", "alt_text", description, action)
        else:
            assert_no_live_markup(editor.get(edit_url).get_data(as_text=True))
        if description == "The river at dawn":
            assert response.status_code == 303, "a plain image with a description is stored"
            assert "&lt;i&gt;river &amp; sea.png" in editor.get(edit_url).get_data(as_text=True)

    check()
