"""What the Atom feeds list: every published record, as an entry with a stable id.

Draft and circulated minutes never appear: minutes enter a feed only once approved and
published, and then with their fixed text's hash and latest amendment.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.decisions.models import Action, Decision
from app.editing.models import Status
from app.export import depends_on
from app.extensions import db
from app.feeds.text import xml_safe
from app.funding.models import FundingSource
from app.meetings.models import GovernanceBody, Meeting, Minutes
from app.meetings.services import public_minutes_query
from app.reports.models import Report
from app.transparency.dates import long_date
from app.transparency.formats import money
from app.transparency.history import public_changes_of
from app.transparency.partners import partner_name

PER_SOURCE = 50
KINDS = ("meetings", "decisions", "reports", "funding")


@dataclass(frozen=True)
class Entry:
    id: str  # an absolute URL, stable for the life of the record
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    category: str


def absolute(path: str) -> str:
    return urljoin(url_for("home.index", _external=True), path)


def _latest(model, *conditions):
    depends_on(model.record_type)
    return list(
        db.session.scalars(
            select(model)
            .where(model.status == Status.PUBLISHED, *conditions)
            .order_by(model.last_published_at.desc())
            .limit(PER_SOURCE)
        ).unique()
    )


def _entry(record, category, title, path, summary, changes) -> Entry:
    notes = changes.get((record.record_type, record.id))
    if notes:
        summary += " " + _("Changed: %(note)s", note=notes[0].note)
    return Entry(
        id=absolute(path),
        title=xml_safe(title, 200),
        url=absolute(path),
        published=record.published_at,
        updated=record.last_published_at or record.published_at,
        summary=xml_safe(summary.strip(), 1000),
        category=category,
    )


def meeting_entries() -> list[Entry]:
    depends_on(Minutes.record_type)
    depends_on(GovernanceBody.record_type)  # entries name the meeting's body
    meetings = _latest(Meeting)
    minutes = list(
        db.session.scalars(
            public_minutes_query()
            .join(Minutes.meeting)
            .where(Meeting.status == Status.PUBLISHED)
            .order_by(Minutes.last_published_at.desc())
            .limit(PER_SOURCE)
        ).unique()
    )
    changes = public_changes_of(meetings)
    entries = []
    for meeting in meetings:
        body = meeting.body.name + ". " if meeting.body and meeting.body.is_published else ""
        when = long_date(meeting.meeting_date)
        if meeting.start_time:
            when += f", {meeting.start_time} ({meeting.timezone})"
        where = f" {meeting.place}." if meeting.place else ""
        entries.append(
            _entry(
                meeting,
                "meeting",
                f"{meeting.title}, {long_date(meeting.meeting_date)}",
                url_for("meetings.meeting", key=meeting.key),
                f"{body}{when}.{where} {meeting.summary}",
                changes,
            )  # fmt: skip
        )
    for record in minutes:
        versions = record.versions
        summary = _("Approved on %(date)s.", date=long_date(record.approved_on))
        if len(versions) > 1:
            summary += " " + _(
                "Amended on %(date)s: %(note)s", date=long_date(versions[-1].dated),
                note=versions[-1].note,
            )  # fmt: skip
        summary += f" SHA-256 {record.fixed_sha256}"
        entries.append(
            _entry(
                record,
                "minutes",
                _(
                    "Minutes: %(title)s, %(date)s",
                    title=record.meeting.title,
                    date=long_date(record.meeting.meeting_date),
                ),
                url_for("meetings.meeting", key=record.meeting.key, _anchor="minutes"),
                summary,
                {},
            )  # fmt: skip
        )
    return entries


def decision_entries() -> list[Entry]:
    decisions = _latest(Decision)
    actions = _latest(Action)
    changes = public_changes_of([*decisions, *actions])
    entries = [
        _entry(
            decision,
            "decision",
            f"{decision.number}: {decision.title}",
            url_for("decisions.index", _anchor=decision.anchor),
            f"{decision.state.value.capitalize()}. {decision.text}",
            changes,
        )  # fmt: skip
        for decision in decisions
    ]
    for action in actions:
        due = _(" Due %(date)s.", date=long_date(action.due_on)) if action.due_on else ""
        entries.append(
            _entry(
                action,
                "action",
                _("Action: %(title)s", title=action.title),
                url_for("decisions.index", _anchor=action.anchor),
                _("Owner: %(owner)s.", owner=partner_name(action.owner_slug))
                + due
                + " "
                + action.state.value.capitalize()
                + ".",
                changes,
            )  # fmt: skip
        )
    return entries


def report_entries() -> list[Entry]:
    reports = _latest(Report)
    changes = public_changes_of(reports)
    return [
        _entry(
            report,
            "report",
            report.title,
            url_for("reports.report", slug=report.slug),
            f"{long_date(report.issued_on)}. {report.summary}",
            changes,
        )  # fmt: skip
        for report in reports
    ]


def funding_entries() -> list[Entry]:
    sources = _latest(FundingSource)
    changes = public_changes_of(sources)
    return [
        _entry(
            source,
            "funding",
            f"{partner_name(source.funder_slug)}: {money(source.amount, source.currency)} "
            f"({source.year})",
            url_for("funding.index", _anchor=f"funding-{source.id}"),
            f"{source.funding_type.value.capitalize()}. {source.purpose}",
            changes,
        )  # fmt: skip
        for source in sources
    ]


SOURCES = {
    "meetings": meeting_entries,
    "decisions": decision_entries,
    "reports": report_entries,
    "funding": funding_entries,
}


def feed_entries(kind: str | None = None, limit: int = PER_SOURCE) -> list[Entry]:
    """The latest entries of one kind, or of every kind, most recently updated first."""
    kinds = [kind] if kind else list(KINDS)
    entries = [entry for name in kinds for entry in SOURCES[name]()]
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:limit]
