"""Finishing a record's save that arrived after the editor's session ended.

The edit form carries a stamp signed by this site: the user it was shown to, the address
it posts to, and when it was shown. A save without a session is carried through sign-in
only if its stamp is good for that address, and saved only after the person who signed in
(the one the stamp names) has seen what it will change and clicked. A form posted from
anywhere else has no such stamp, so nothing it carries is ever offered for saving.
"""

import json
from dataclasses import dataclass, field

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError

from app.accounts.models import User
from app.editing.registry import EditableKind, get_kind
from app.extensions import db

STAMP_FIELD = "resume_stamp"
# Only a record's own edit form is ever resumed: never accounts, settings, publishing...
RESUMABLE_ENDPOINTS = frozenset({"editing.edit", "editing.new"})
SALT = "roundtable.editing.resume-after-sign-in"
# Longer texts are shortened on the summary; the whole text is still what gets saved.
SHOWN_CHARACTERS = 300


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def stamp_form(path: str) -> str:
    """The stamp for an edit form that posts to ``path``, shown now to the current user."""
    if not current_user.is_authenticated:
        return ""
    return _serializer().dumps({"user": current_user.id, "path": path})


def read_stamp(stamp: str, path: str, user_id: int | None = None) -> bool:
    """True if ``stamp`` is this site's, recent, for ``path`` (and for ``user_id`` if given)."""
    try:
        data = _serializer().loads(stamp, max_age=current_app.config["RESUME_STAMP_MAX_AGE"])
    except BadSignature:  # a forged, altered or expired stamp alike
        return False
    return (
        isinstance(data, dict)
        and data.get("path") == path
        and (user_id is None or data.get("user") == user_id)
    )


def is_proven_post() -> bool:
    """True if this request's form was rendered by this site for the signed-in user.

    Either its CSRF token is good, or (the token having expired while they typed) it
    carries the stamp this site put in the form for this user and this address. Only then
    may a view show the posted text back inside a form with a fresh token: otherwise a
    forged post would come back ready for the victim to save with one click.
    """
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
        return True
    except ValidationError:
        pass
    return current_user.is_authenticated and read_stamp(
        request.form.get(STAMP_FIELD, ""), request.path, current_user.id
    )


def refuse_unproven_post() -> None:
    """Abort with 400 (the posted text is not shown) unless ``is_proven_post()``."""
    if request.method == "POST" and not is_proven_post():
        abort(400)


def carry_fields() -> str | None:
    """The signed-out request's form as JSON for the sign-in page, or None to drop it."""
    if request.endpoint not in RESUMABLE_ENDPOINTS:
        return None
    if not read_stamp(request.form.get(STAMP_FIELD, ""), request.path):
        return None
    fields = [(key, value) for key, value in request.form.items(multi=True) if key != "csrf_token"]
    return json.dumps(fields, ensure_ascii=False)


@dataclass
class ResumeSummary:
    """What finishing the save will do, for the person to check before they click."""

    target: str  # where the save posts, also the editor's own address
    fields: list[tuple[str, str]]  # posted again as they came
    kind: EditableKind
    title: str
    is_new: bool
    public_url: str | None
    action: str  # "save", "publish" or "review"
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, readable value


def summarise_resume(carried: str, target: str, user: User) -> ResumeSummary | None:
    """The save to offer ``user`` after sign-in, or None if it must be dropped.

    Only a save stamped for ``user`` and ``target``, to a record they may still edit.
    """
    fields = _parse(carried)
    stamp = dict(fields).get(STAMP_FIELD, "")
    if not fields or not read_stamp(stamp, target, user.id):
        return None
    endpoint, args = _route(target)
    if endpoint not in RESUMABLE_ENDPOINTS:
        return None
    try:
        kind = get_kind(args["record_type"])
        record = db.session.get(kind.model, args["record_id"]) if "record_id" in args else None
    except HTTPException:
        return None
    if ("record_id" in args and record is None) or not kind.may_edit(user, record):
        return None
    form = kind.form(formdata=MultiDict(fields), record=record)
    title = kind.title_of(record) if record else str(form.data.get(kind.title_field) or "")
    if kind.is_review_only(user):
        action = "review"
    else:
        action = "publish" if dict(fields).get("action") == "publish" else "save"
    return ResumeSummary(
        target=target,
        fields=fields,
        kind=kind,
        title=title,
        is_new=record is None,
        public_url=kind.public_url(record) if record else None,
        action=action,
        rows=[(str(f.label.text), readable(f)) for f in form.content_fields()],
    )


def readable(form_field) -> str:
    """A field's value as the person would say it: choice labels, yes/no, shortened text."""
    if form_field.type == "BooleanField":
        return _("Yes") if form_field.data else _("No")
    if hasattr(form_field, "iter_choices"):
        chosen = [str(choice[1]) for choice in form_field.iter_choices() if choice[2]]
        return ", ".join(chosen)
    data = form_field.data
    text = ", ".join(map(str, data)) if isinstance(data, list) else str(data or "")
    if len(text) > SHOWN_CHARACTERS:
        return text[:SHOWN_CHARACTERS].rstrip() + "…"
    return text


def _parse(carried: str) -> list[tuple[str, str]]:
    try:
        return [(str(key), str(value)) for key, value in json.loads(carried)]
    except (ValueError, TypeError):
        return []


def _route(path: str) -> tuple[str | None, dict]:
    try:
        endpoint, args = current_app.create_url_adapter(request).match(path, method="POST")
    except HTTPException:  # no such address, or one that only redirects
        return None, {}
    return endpoint, args
