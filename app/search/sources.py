"""Where each kind of public record is found, and what a search result of it shows.

Search runs at query time over the records' own columns, with the very conditions the
public pages use (published, approved minutes, a step whose module is published), so a
result can never be a draft, a trashed record, unapproved minutes or anything of /manage,
and an edit shows in results as soon as it is published. Words match anywhere in the
searched columns, case-insensitively; partners use the directory's full-text search
(``app.directory.search``), so both searches agree on who matches.

Each source returns at most ``MAX_PER_KIND`` entries, which keeps the work per query
bounded however common a word is.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, String, and_, cast, false, func, or_, select, true

from app.decisions.models import Action, Decision
from app.directory import search as directory_search
from app.directory.models import Organisation
from app.editing.models import Status
from app.export import depends_on
from app.extensions import db
from app.funding.models import FundingSource
from app.guideline.models import GuidelinePage
from app.guideline.services import load_guide
from app.guideline.views import public_url as guideline_url
from app.i18n import url_builder
from app.meetings.models import GovernanceBody, Meeting, Minutes
from app.meetings.services import public_minutes_query
from app.pages.models import Page
from app.reports.models import Report
from app.search.text import plain_text

MAX_PER_KIND = 200


@dataclass
class Entry:
    """One public page (or a section of one) that search and the A–Z index list."""

    kind: str  # a key of KIND_LABELS
    title: str
    url: str
    text: str = ""  # plain text the snippet is cut from
    score: int = field(default=0, compare=False)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


KIND_LABELS = {
    "guideline": _l("Guideline"),
    "partner": _l("Partner"),
    "body": _l("Governance body"),
    "meeting": _l("Meeting"),
    "decision": _l("Decision"),
    "action": _l("Action"),
    "report": _l("Report"),
    "funding": _l("Funding"),
    "page": _l("Page"),
    "section": _l("Section"),
}


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def containing(terms: list[str] | None, *columns) -> ColumnElement[bool]:
    """Every term found in at least one of ``columns``; true when ``terms`` is None."""
    if terms is None:
        return true()
    if not terms:
        return false()
    return and_(
        *(
            or_(
                *(
                    func.lower(cast(column, String)).like(f"%{_escape_like(term)}%", escape="\\")
                    for column in columns
                )
            )
            for term in terms
        )
    )


def _results_depend_on(terms: list[str] | None, *record_types: str) -> None:
    """Search results depend on every record of their kinds; the A–Z index (``terms``
    None) depends on what it shows of them instead (``app.search.a_z``)."""
    if terms is not None:
        for record_type in record_types:
            depends_on(record_type)


def _records(statement, terms: list[str] | None) -> list:
    """The records ``statement`` selects: at most ``MAX_PER_KIND`` for a search, all of
    them for the A–Z index (``terms`` None)."""
    if terms is not None:
        statement = statement.limit(MAX_PER_KIND)
    return list(db.session.scalars(statement).unique())


def guideline_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(GuidelinePage.record_type)
    guide = load_guide()
    # The pages the reader shows: a step only while its module is published.
    shown = [guide.overview] if guide.overview else []
    shown += guide.modules + guide.factors + guide.challenges + guide.cases
    shown += [step for module in guide.modules for step in guide.steps_of(module)]
    columns = (GuidelinePage.title, GuidelinePage.summary, GuidelinePage.body, GuidelinePage.tasks)
    pages = _records(
        select(GuidelinePage).where(
            GuidelinePage.id.in_([page.id for page in shown]), containing(terms, *columns)
        ),
        terms,
    )
    for page in pages:
        tasks = " ".join(
            f"{task.get('number', '')} {task.get('title', '')}" for task in page.tasks or []
        )
        yield Entry(
            "guideline", page.title, guideline_url(page), plain_text(page.summary, page.body, tasks)
        )


def partner_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    if terms is None:
        yield from _partner_index()
        return
    depends_on(Organisation.record_type)
    statement = select(Organisation).where(Organisation.status == Status.PUBLISHED)
    statement = statement.order_by(Organisation.name, Organisation.id)
    matches = directory_search.matching(text)
    if matches is None:
        return
    for partner in _records(statement.where(matches.where), terms):
        yield Entry(
            "partner",
            _partner_title(partner.name, partner.short_name),
            url_for("directory.organisation", slug=partner.slug),
            plain_text(partner.city, partner.country_name, partner.description),
        )


def _partner_title(name: str, short_name: str | None) -> str:
    return name + (f" ({short_name})" if short_name else "")


def _partner_index() -> Iterator[Entry]:
    """Every published partner for the A–Z index: its name and address, nothing more.

    Read as columns rather than records, and their addresses built with one URL adapter,
    since a coalition may have thousands.
    """
    build_url = url_builder(current_app)
    rows = db.session.execute(
        select(Organisation.name, Organisation.short_name, Organisation.slug)
        .where(Organisation.status == Status.PUBLISHED)
        .order_by(Organisation.name, Organisation.id)
    )
    for name, short_name, slug in rows:
        yield Entry(
            "partner",
            _partner_title(name, short_name),
            build_url("directory.organisation", slug=slug),
        )


def body_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    _results_depend_on(terms, GovernanceBody.record_type)
    bodies = _records(
        select(GovernanceBody).where(
            GovernanceBody.status == Status.PUBLISHED,
            containing(terms, GovernanceBody.name, GovernanceBody.terms_of_reference),
        ),
        terms,
    )
    for body in bodies:
        yield Entry(
            "body",
            body.name,
            url_for("meetings.body", slug=body.slug),
            plain_text(body.terms_of_reference),
        )


def meeting_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    """Published meetings, found by their own text or by their approved, published minutes."""
    _results_depend_on(terms, Meeting.record_type, Minutes.record_type)
    public_minutes = public_minutes_query().subquery()
    in_minutes = select(public_minutes.c.meeting_id).where(
        containing(terms, public_minutes.c.fixed_text)
    )
    own = containing(terms, Meeting.title, Meeting.summary, Meeting.place, Meeting.agenda)
    meetings = _records(
        select(Meeting)
        .where(Meeting.status == Status.PUBLISHED, or_(own, Meeting.id.in_(in_minutes)))
        .order_by(Meeting.meeting_date.desc()),
        terms,
    )
    minutes = {}
    if meetings and terms is not None:
        found = db.session.scalars(
            public_minutes_query().where(Minutes.meeting_id.in_([m.id for m in meetings]))
        )
        minutes = {record.meeting_id: record.fixed_text for record in found}
    for meeting in meetings:
        agenda = " ".join(str(item) for item in meeting.agenda or [])
        yield Entry(
            "meeting",
            meeting.label,
            url_for("meetings.meeting", key=meeting.key),
            plain_text(meeting.summary, meeting.place, agenda, minutes.get(meeting.id)),
        )


def decision_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    _results_depend_on(terms, Decision.record_type)
    decisions = _records(
        select(Decision).where(
            Decision.status == Status.PUBLISHED,
            containing(terms, Decision.number, Decision.title, Decision.text),
        ),
        terms,
    )
    for decision in decisions:
        yield Entry(
            "decision",
            decision.label,
            url_for("decisions.index", _anchor=decision.anchor),
            plain_text(decision.text),
        )


def action_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(Action.record_type)
    actions = _records(
        select(Action).where(
            Action.status == Status.PUBLISHED,
            containing(terms, Action.title, Action.progress_note),
        ),
        terms,
    )
    for action in actions:
        yield Entry(
            "action",
            action.title,
            url_for("decisions.index", _anchor=action.anchor),
            plain_text(action.progress_note),
        )


def report_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    _results_depend_on(terms, Report.record_type)
    reports = _records(
        select(Report).where(
            Report.status == Status.PUBLISHED, containing(terms, Report.title, Report.summary)
        ),
        terms,
    )
    for report in reports:
        yield Entry(
            "report",
            report.title,
            url_for("reports.report", slug=report.slug),
            plain_text(report.summary),
        )


def funding_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(FundingSource.record_type)
    depends_on(Organisation.record_type)  # the funder's name comes from the directory
    sources = _records(
        select(FundingSource).where(
            FundingSource.status == Status.PUBLISHED,
            containing(terms, FundingSource.purpose, FundingSource.funder_slug),
        ),
        terms,
    )
    for source in sources:
        yield Entry(
            "funding",
            source.title,
            url_for("funding.index", _anchor=f"funding-{source.id}"),
            plain_text(source.purpose),
        )


def page_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    _results_depend_on(terms, Page.record_type)
    pages = _records(
        select(Page).where(
            Page.status == Status.PUBLISHED, containing(terms, Page.title, Page.summary, Page.body)
        ),
        terms,
    )
    for page in pages:
        yield Entry(
            "page",
            page.title,
            url_for("pages.page", slug=page.slug),
            plain_text(page.summary, page.body),
        )


# kind -> its source: (terms, or None for every record; the query's text) -> entries
Source = Callable[[list[str] | None, str], Iterable[Entry]]
SOURCES: dict[str, Source] = {
    "guideline": guideline_entries,
    "partner": partner_entries,
    "body": body_entries,
    "meeting": meeting_entries,
    "decision": decision_entries,
    "action": action_entries,
    "report": report_entries,
    "funding": funding_entries,
    "page": page_entries,
}
