import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import IntegerField
from wtforms.validators import Length, Optional, ValidationError

from app.editing.forms import EditForm
from app.guideline.checks import field_problems
from app.guideline.models import PageKind, ProgressStatus
from app.guideline.progress import STATUS_LABELS, parse_evidence
from app.guideline.services import number_taken, slug_taken, source_works
from app.textforms import LIST_TEXT, TextForm, TextLength, markdown_validators

KIND_LABELS = {
    PageKind.OVERVIEW: _l("Overview"),
    PageKind.MODULE: _l("Module"),
    PageKind.STEP: _l("Step"),
    PageKind.SUCCESS_FACTOR: _l("Success factor"),
    PageKind.GOVERNANCE: _l("Governance challenge"),
    PageKind.CASE: _l("Case example"),
}
from wtforms.fields.choices import SelectChoice as choice  # noqa: E402

_TASK_LINE = re.compile(r"^(\d+\.\d+)\s*[:.]?\s+(\S.*)$")


def _strip_text(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class TaskListField(TextAreaField):
    """A step's tasks, one a line: ``4.2 Planning the activities``."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(f"{t['number']} {t['title']}" for t in self.data or [])

    def process_formdata(self, valuelist):
        self.data = []
        for line in (valuelist[0] if valuelist else "").splitlines():
            if not line.strip():
                continue
            match = _TASK_LINE.match(line.strip())
            if not match:
                raise ValueError(
                    _("“%(line)s”: start each line with the task number, such as 4.2.",
                      line=line.strip())
                )  # fmt: skip
            self.data.append({"number": match.group(1), "title": match.group(2).strip()})


class ListField(StringField):
    """A list typed as comma-separated values; ``numbers`` makes them whole numbers."""

    def __init__(self, *args, numbers=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = numbers

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(str(item) for item in self.data or [])

    def process_formdata(self, valuelist):
        items = [i.strip() for i in (valuelist[0] if valuelist else "").split(",") if i.strip()]
        if self.numbers:
            if not all(item.isascii() and item.isdigit() for item in items):
                raise ValueError(_l("Whole numbers separated by commas, such as 4, 5, 6."))
            items = [int(item) for item in items]
        self.data = items


class GuidelinePageForm(EditForm):
    kind = SelectField(
        _l("Kind of page"),
        choices=[choice(k.value, label) for k, label in KIND_LABELS.items()],
        default=PageKind.CASE.value,  # the kind a coalition most often adds: its own example
    )
    title = StringField(_l("Title"), validators=[Length(max=200)])
    slug = StringField(
        _l("Address"),
        description=_l("Lowercase letters, digits and hyphens; the overview has none."),
        validators=[Length(max=120)],
    )
    summary = StringField(
        _l("Summary"),
        description=_l("One sentence, shown in lists and to search engines."),
        validators=[Length(max=400)],
    )
    body = TextAreaField(
        _l("Text"),
        description=_l("A step has one section per task: ## Task 4.2: title."),
        filters=[_strip_text],
        validators=markdown_validators(),
    )
    number = IntegerField(
        _l("Number"), description=_l("Steps, success factors and governance challenges."),
        validators=[Optional()],
    )  # fmt: skip
    letter = StringField(_l("Module letter"), validators=[Length(max=1)])
    module = StringField(
        _l("Module of this step"),
        description=_l("The module's address, such as formation."),
        validators=[Length(max=120)],
    )
    tasks = TaskListField(
        _l("Tasks"),
        description=_l("Steps only: one task a line, number first, such as 4.2."),
        validators=[TextLength(LIST_TEXT)],
    )
    steps = ListField(
        _l("Step numbers"),
        numbers=True,
        description=_l("A module's steps, where a factor matters or what a case illustrates."),
        validators=[TextLength(500)],
    )
    box = StringField(_l("Box in the ESCAP guidelines"), validators=[Length(max=20)])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    sources = ListField(
        _l("Sources"),
        description=_l("Keys from sources.yml, separated by commas."),
        validators=[TextLength(2_000)],
    )

    # Case examples only: a step, a module or a factor has no box, place or sources.
    ADVANCED = frozenset({"box", "place", "sources"})

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data not in {k.value for k in PageKind}:
            return False
        values = {f.name: f.data for f in self.content_fields()}
        values = {**values, "slug": values["slug"] or "", "letter": values["letter"] or ""}
        own_id = self.record.id if self.record else None
        problems = field_problems(values, source_works())
        kind = values["kind"]
        if "slug" not in problems and slug_taken(kind, values["slug"], own_id):
            problems["slug"] = (
                _l("There is already an overview.")
                if kind == PageKind.OVERVIEW.value
                else _l("Another page of this kind uses this address (perhaps in the trash).")
            )
        numbered = kind in ("step", "success-factor", "governance")
        if numbered and values["number"] and number_taken(kind, values["number"], own_id):
            problems["number"] = _l("Another page of this kind has this number.")
        for name, message in problems.items():
            field = self[name]
            if not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid


class TaskProgressForm(Form):
    status = SelectField(
        _l("Status"), choices=[choice(s.value, label) for s, label in STATUS_LABELS.items()]
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)], filters=[_strip_text])
    evidence = TextAreaField(
        _l("Evidence"),
        description=_l("One link a line: a page of this site (/meetings/...) or https://..."),
        validators=[TextLength(LIST_TEXT)],
    )
    version = HiddenField()

    def validate_evidence(self, field):
        _links, problems = parse_evidence(field.data)
        if problems:
            raise ValidationError(" ".join(problems))

    def status_value(self) -> ProgressStatus:
        return ProgressStatus(self.status.data)


def task_field_name(number: str) -> str:
    return "task_" + number.replace(".", "_")


def progress_form(task_numbers: list[str], formdata=None, data=None) -> FlaskForm:
    """A form with one TaskProgressForm per task, named ``task_4_2``."""

    class ProgressForm(TextForm):
        pass

    for number in task_numbers:
        setattr(ProgressForm, task_field_name(number), FormField(TaskProgressForm))
    kwargs = {"data": data} if data is not None else {}
    if formdata is not None:
        kwargs["formdata"] = formdata
    return ProgressForm(**kwargs)
