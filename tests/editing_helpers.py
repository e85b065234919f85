"""Helpers for tests that edit records through /manage like a coordinator does."""

import re

from tests.conftest import PASSWORD, csrf_token_from


def signed_in_client(app, user):
    client = app.test_client()
    token = csrf_token_from(client.get("/login"))
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def form_fields(response) -> dict[str, str]:
    """The values of the edit form on a page: inputs, textareas and hidden fields."""
    html = response.get_data(as_text=True)
    form = html[html.index('class="form edit-form"') :]
    form = form[: form.index("</form>")]
    fields = {}
    for match in re.finditer(r"<input([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" in attrs and attrs.get("type") not in ("submit", "checkbox"):
            fields[attrs["name"]] = unescape(attrs.get("value", ""))
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', form, re.S
    ):
        fields[name] = unescape(value)
    return fields


def unescape(value: str) -> str:
    import html

    return html.unescape(value)


def new_page(client, title="About us", slug="about", body="Hello.", publish=False):
    response = client.get("/manage/page/new")
    data = form_fields(response)
    data.update(title=title, slug=slug, summary="", body=body)
    if publish:
        data["action"] = "publish"
    response = client.post("/manage/page/new", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[-2])


def edit_form(client, page_id):
    response = client.get(f"/manage/page/{page_id}/edit")
    assert response.status_code == 200
    return form_fields(response)


def save(client, page_id, data, **changes):
    return client.post(f"/manage/page/{page_id}/edit", data={**data, **changes})


def publish(client, page_id):
    """Publish the page's latest draft, as the edit page's Publish button does."""
    token = edit_form(client, page_id)["csrf_token"]
    response = client.post(f"/manage/page/{page_id}/publish", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
