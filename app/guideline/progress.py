"""The self-assessment: where the coalition stands on each task of the guideline.

Editors set a status, a note and links to the evidence per task; a step's status follows
from its tasks. A save writes only the tasks that changed, and refuses to write over a
task someone else saved after the form was opened.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User, utcnow
from app.audit.services import record_event
from app.export.state import depends_on
from app.extensions import db
from app.guideline.models import GuidelinePage, ProgressEntry, ProgressStatus
from app.guideline.services import Guide
from app.i18n import default_language

STATUS_LABELS = {
    ProgressStatus.NOT_STARTED: _l("Not started"),
    ProgressStatus.IN_PROGRESS: _l("In progress"),
    ProgressStatus.DONE: _l("Done"),
}
MAX_EVIDENCE = 10


@dataclass
class TaskProgress:
    number: str
    title: str
    entry: ProgressEntry | None

    @property
    def status(self) -> ProgressStatus:
        return self.entry.status if self.entry else ProgressStatus.NOT_STARTED

    @property
    def note(self) -> str:
        return self.entry.note if self.entry else ""

    @property
    def evidence(self) -> list[str]:
        return list(self.entry.evidence or []) if self.entry else []

    @property
    def version(self) -> int:
        return self.entry.version if self.entry else 0


@dataclass
class StepProgress:
    step: GuidelinePage
    tasks: list[TaskProgress]

    @property
    def status(self) -> ProgressStatus:
        return step_status([task.status for task in self.tasks])


@dataclass
class Assessment:
    steps: list[StepProgress] = field(default_factory=list)

    def count(self, status: ProgressStatus) -> int:
        return sum(task.status is status for step in self.steps for task in step.tasks)

    @property
    def total(self) -> int:
        return sum(len(step.tasks) for step in self.steps)

    @property
    def started(self) -> bool:
        return self.count(ProgressStatus.NOT_STARTED) < self.total

    def of_module(self, module: GuidelinePage) -> list[StepProgress]:
        return [s for s in self.steps if s.step.module == module.slug]


def step_status(statuses: list[ProgressStatus]) -> ProgressStatus:
    """Done when every task is done; not started while none has begun."""
    if statuses and all(s is ProgressStatus.DONE for s in statuses):
        return ProgressStatus.DONE
    if any(s is not ProgressStatus.NOT_STARTED for s in statuses):
        return ProgressStatus.IN_PROGRESS
    return ProgressStatus.NOT_STARTED


def progress_entries() -> dict[str, ProgressEntry]:
    depends_on(ProgressEntry.record_type)
    return {entry.task: entry for entry in db.session.scalars(select(ProgressEntry))}


def assessment(guide: Guide) -> Assessment:
    """The status of every task of every published step."""
    entries = progress_entries()
    return Assessment(
        [
            StepProgress(
                step,
                [
                    TaskProgress(str(t["number"]), t["title"], entries.get(str(t["number"])))
                    for t in step.tasks or []
                ],
            )
            for step in guide.steps
        ]
    )


def evidence_problem(link: str) -> str | None:
    """Why ``link`` cannot be evidence, or None: a path on this site or an https URL."""
    if any(ch.isspace() for ch in link) or "\\" in link:
        return _("“%(link)s” contains spaces: put one link per line.", link=link)
    if len(link) > 500:
        return _("A link may have at most 500 characters.")
    parts = urlsplit(link)
    if link.startswith("/") and not link.startswith("//") and not parts.scheme:
        return None
    if parts.scheme == "https" and parts.netloc:
        return None
    return _(
        "“%(link)s” is not a link we accept: use a path on this site starting with / "
        "(such as /meetings/) or an address starting with https://.",
        link=link,
    )


def parse_evidence(text: str) -> tuple[list[str], list[str]]:
    """The links in ``text`` (one a line, blank lines ignored) and what is wrong with them."""
    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    problems = [str(p) for p in map(evidence_problem, links) if p]
    if len(links) > MAX_EVIDENCE:
        problems.append(_("At most %(n)d links per task.", n=MAX_EVIDENCE))
    return links, problems


@dataclass
class Change:
    task: str
    status: ProgressStatus
    note: str
    evidence: list[str]
    version: int  # the version the editor saw (0: no entry yet)


def save_progress(changes: list[Change], user: User) -> tuple[list[str], list[str]]:
    """Write the changed tasks and commit; returns (tasks saved, tasks refused).

    A task is refused, and nothing of it written, when someone saved it after the editor
    loaded the form; the editor's text stays in the form to compare and save again.
    """
    entries = progress_entries()
    saved, refused = [], []
    for change in changes:
        entry = entries.get(change.task)
        current = (
            (entry.status, entry.note, list(entry.evidence or []))
            if entry
            else (ProgressStatus.NOT_STARTED, "", [])
        )
        if current == (change.status, change.note, change.evidence):
            continue
        if (entry.version if entry else 0) != change.version:
            refused.append(change.task)
            continue
        before = current[0]
        if entry is None:
            entry = ProgressEntry(task=change.task, version=0)
            db.session.add(entry)
        entry.status, entry.note, entry.evidence = change.status, change.note, change.evidence
        entry.version += 1
        entry.updated_at = utcnow()
        entry.updated_by_id = user.id
        db.session.flush()
        changed_note = change.note != current[1] or change.evidence != current[2]
        record_event(
            "progress",
            actor=user,
            record=entry,
            detail=_progress_summary(change.task, before, change.status, changed_note),
        )
        saved.append(change.task)
    try:
        db.session.commit()
    except IntegrityError:
        # Someone recorded a first status for the same task at the same moment.
        db.session.rollback()
        return [], [change.task for change in changes]
    return saved, refused


def _progress_summary(
    task: str, before: ProgressStatus, after: ProgressStatus, changed_note: bool
) -> str:
    """The audit log's line for one task's change.

    The log is one record that every coordinator reads, so it is written in the
    installation's default language, whatever the language of the one who saved.
    """
    with force_locale(default_language()):
        summary = _(
            "Task %(task)s: %(before)s → %(after)s",
            task=task,
            before=STATUS_LABELS[before],
            after=STATUS_LABELS[after],
        )
        if changed_note:
            summary += " " + _("(note or evidence changed)")
    return summary
