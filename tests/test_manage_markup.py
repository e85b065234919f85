"""The /manage pages are well-formed where browsers would silently change their meaning:
no form inside another (the inner one's fields, its CSRF token too, would go with the outer
form), no duplicate ids, no control given to a form the page does not have, and
machine-readable times a validator accepts."""

import re
from html.parser import HTMLParser

from sqlalchemy import select

from app.editing.registry import all_kinds
from app.extensions import db
from tests.conftest import PASSWORD
from tests.editing_helpers import signed_in_client

# A valid global date and time string has at most three digits of a second's fractions.
TOO_FINE = re.compile(r"\.\d{4,}")


class Problems(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = 0
        self.ids: set[str] = set()
        self.form_ids: set[str] = set()
        self.owners: set[str] = set()  # the forms controls name with form="..."
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if self.forms:
                self.found.append(f"a form inside a form ({attributes.get('action')})")
            self.forms += 1
            self.form_ids.add(attributes.get("id") or "")
        elif (owner := attributes.get("form")) is not None:
            self.owners.add(owner)
        if (ident := attributes.get("id")) is not None:
            if ident in self.ids:
                self.found.append(f"duplicate id {ident!r}")
            self.ids.add(ident)
        if tag == "time" and TOO_FINE.search(attributes.get("datetime") or ""):
            self.found.append(f"time datetime={attributes['datetime']!r}")

    def handle_endtag(self, tag):
        if tag == "form":
            self.forms -= 1


def problems_of(html: str) -> list[str]:
    parser = Problems()
    parser.feed(html)
    parser.close()
    # A control whose form is missing belongs to none: its value is never sent.
    missing = sorted(parser.owners - parser.form_ids)
    return parser.found + [f"form={owner!r} names no form" for owner in missing]


def test_the_history_page_compares_without_its_token_in_the_address(app, make_user):
    from tests.editing_helpers import edit_form, new_page, save

    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor)
    save(editor, page_id, edit_form(editor, page_id), body="Second version.")
    html = editor.get(f"/manage/page/{page_id}/history").get_data(as_text=True)
    assert problems_of(html) == []
    compare = re.search(r'<form id="compare" method="get"[^>]*>(.*?)</form>', html, re.S)
    assert compare and "csrf_token" not in compare.group(1)


def test_manage_pages_have_no_nested_forms_duplicate_ids_or_overly_fine_times(demo):
    admin = signed_in_client(demo, _admin(demo))
    paths = ["/manage/", "/manage/trash", "/manage/audit/", "/manage/settings", "/manage/users/",
             "/manage/account/", "/manage/publish"]  # fmt: skip
    with demo.app_context():
        for record_type, kind in all_kinds().items():
            paths.append(f"/manage/{record_type}/")
            paths.append(f"/manage/{record_type}/new")
            first = db.session.scalars(select(kind.model.id).limit(1)).first()
            if first is not None:
                paths += [f"/manage/{record_type}/{first}/edit",
                          f"/manage/{record_type}/{first}/history"]  # fmt: skip
    found = {}
    for path in paths:
        response = admin.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        if problems := problems_of(response.get_data(as_text=True)):
            found[path] = problems
    assert found == {}


def _admin(app):
    from app.accounts.models import Role
    from app.accounts.services import create_user

    with app.app_context():
        user = create_user("markup-admin@example.org", PASSWORD, Role.ADMIN)
        db.session.refresh(user)
        db.session.expunge(user)  # keeps its email readable outside this context
        return user
