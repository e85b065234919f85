"""The kinds of editable record an installation has, declared by the features.

Each feature describes its editable model once (its form, its labels, where its public
page is) and the editing blueprint then gives it drafts, revisions, conflicts, history,
publishing and trash, so no feature writes its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, abort, current_app
from flask_wtf import FlaskForm

from app.accounts.models import Role, User


@dataclass(frozen=True)
class EditableKind:
    record_type: str  # in URLs and revisions: "guideline-page"
    model: type  # an Editable model
    form: type[FlaskForm]  # an EditForm subclass with one field per edit field
    label: str  # "guideline page"
    plural: str  # "Guideline pages"
    title_field: str = "title"
    # The /manage menu's heading its list goes under (see app.manage.menu.GROUPS).
    menu_group: str = "content"
    # The Markdown field the editor previews live, if any.
    markdown_field: str | None = "body"
    # URL of the record's public page (None when it has none).
    public_url: Callable[[object], str | None] = lambda record: None
    # May this user edit this record? Editors and admins may edit everything; a kind can
    # let partner users edit their own record (their saves then go to review).
    partner_may_edit: Callable[[User, object], bool] = lambda user, record: False
    # Sort order of the manage list.
    order_by: tuple[str, ...] = ("title",)
    # Templates of sections the record's edit page shows administrators below its form
    # (with ``record`` and ``kind``), for what the kind's feature does with a record beside
    # editing it.
    admin_sections: tuple[str, ...] = ()
    # The same for editors and administrators: the records that hang off this one.
    staff_sections: tuple[str, ...] = ()
    # Form fields a "new" link may fill in from its query string (``?decision_id=4``);
    # the value is checked like any other when the form is sent.
    prefill_fields: tuple[str, ...] = ()
    # A template that takes the place of the edit page's publishing buttons, for a kind
    # whose records pass through stages of their own before they may be published; it
    # shows the stage and only the next step's action.
    lifecycle_template: str | None = None
    # What that template needs beside ``record`` and ``kind`` (its own forms).
    lifecycle_context: Callable[[object], dict] = lambda record: {}
    # False once a record's text is fixed: the edit page then shows no edit form, and the
    # lifecycle template says how the text is changed instead.
    text_is_open: Callable[[object], bool] = lambda record: True
    # Whether the form of a new record has a file field, attached by its first save: for
    # a kind whose record is mostly its file (a report and its PDF).
    files_on_new: bool = False
    # Whether a coordinator may keep a record of this kind for the partnership's members
    # (app.editing.sharing): shared with them in /members, never published.
    members_only_allowed: bool = False

    def title_of(self, record) -> str:
        return str(getattr(record, self.title_field, "") or f"{self.label} {record.id}")

    def may_edit(self, user: User, record=None) -> bool:
        if user.has_role(Role.ADMIN, Role.EDITOR):
            return True
        return (
            record is not None
            and user.has_role(Role.PARTNER)
            and (self.partner_may_edit(user, record))
        )

    def is_review_only(self, user: User) -> bool:
        """A partner's saves are submitted for review instead of becoming the draft."""
        return user.has_role(Role.PARTNER)


def register_kind(app: Flask, kind: EditableKind) -> None:
    app.extensions.setdefault("editable_kinds", {})[kind.record_type] = kind


def may_edit(record) -> bool:
    """For templates: may the signed-in user edit this record?"""
    from flask_login import current_user

    kind = all_kinds().get(getattr(record, "record_type", ""))
    return bool(kind and current_user.is_authenticated and kind.may_edit(current_user, record))


def edit_url_for(record) -> str:
    from flask import url_for

    return url_for("editing.edit", record_type=record.record_type, record_id=record.id)


def all_kinds() -> dict[str, EditableKind]:
    return current_app.extensions.get("editable_kinds", {})


def get_kind(record_type: str) -> EditableKind:
    """The registered kind, or a 404 for an unknown name in a URL."""
    kind = all_kinds().get(record_type)
    if kind is None:
        abort(404)
    return kind


def kind_of(record) -> EditableKind:
    return all_kinds()[record.record_type]
