"""Records named the way a coordinator knows them on the Publish page: by their kind's
label and their title ("partner ‘Delta Farmers’ Union’"), never by table and number."""

import json

from flask_babel import gettext as _

from app.editing.registry import all_kinds
from app.extensions import db
from app.transparency.formats import language_name


def _model_of(record_type: str) -> type | None:
    """The model whose rows carry ``record_type`` (a translation, a task's progress)."""
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "record_type", None) == record_type:
            return mapper.class_
    return None


def _other_label(record_type: str, record_id: int | None) -> str:
    """A record that is not an editable kind, named by what it belongs to."""
    model = _model_of(record_type)
    record = db.session.get(model, record_id) if model and record_id is not None else None
    if record is None:
        return record_type
    if hasattr(record, "source_type") and hasattr(record, "language"):
        return _("%(language)s translation of %(record)s",
                 language=language_name(record.language),
                 record=record_label(record.source_type, record.source_id))  # fmt: skip
    if hasattr(record, "task"):
        return _("where we are on task %(task)s", task=record.task)
    return record_type


def record_label(record_type: str | None, record_id: int | None) -> str:
    """The kind's label and the record's title; the kind's plural for a whole kind (no id)."""
    kind = all_kinds().get(record_type or "")
    if kind is None:
        if record_type == "setting":
            return _("site settings")
        return _other_label(record_type, record_id) if record_type else ""
    if record_id is None:
        return str(kind.plural)
    record = db.session.get(kind.model, record_id)
    if record is None:  # deleted for good since
        return _("%(kind)s (deleted)", kind=kind.label)
    return _("%(kind)s ‘%(title)s’", kind=kind.label, title=kind.title_of(record))


def event_label(event) -> str:
    """What an audit event of the Publish page's list concerns, named by title. A purged
    record is gone: its event keeps "<record_type> <id>: <title>" in its detail."""
    if event.record_type:
        return record_label(event.record_type, event.record_id)
    head, _sep, title = (event.detail or "").partition(": ")
    record_type = head.split(" ", 1)[0]
    kind = all_kinds().get(record_type)
    if kind is None or not title:
        return event.detail or ""
    return _("%(kind)s ‘%(title)s’", kind=kind.label, title=title)


def run_change_labels(changes: str) -> list[str] | None:
    """The records a run published, named; None for a full export."""
    keys = json.loads(changes or "[]")
    if keys is None:
        return None
    return [record_label(record_type, record_id) for record_type, record_id in keys]
