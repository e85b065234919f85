"""Load the demo coalition's transparency record through the editing services.

Records are created, saved and published as a coordinator would; only their publication
dates are then set back to when the demo's story says they happened.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.accounts.models import utcnow
from app.decisions.models import Action, Decision
from app.demo import transparency_data as data
from app.demo.pdf import simple_pdf
from app.editing.services import create_record, publish_record, save_record
from app.extensions import db
from app.funding.models import FundingSource
from app.meetings.minutes import amend_minutes, approve_minutes, circulate_minutes
from app.meetings.models import GovernanceBody, Meeting, Minutes
from app.reports.models import Report
from app.uploads.services import store_attachment

ZONE = ZoneInfo(data.SITE_TIMEZONE)


def load_transparency_demo(today: date) -> bool:
    """Add bodies, meetings, minutes, decisions, reports and funding; False if present."""
    if db.session.scalar(select(GovernanceBody.id).limit(1)) is not None:
        return False
    bodies = {values["slug"]: _body(values, today) for values in data.BODIES}
    meetings = [_meeting(bodies[body], months, title, slug, today)
                for body, months, title, slug in data.MEETINGS]  # fmt: skip
    decisions = _decisions(meetings, today)
    _minutes(meetings, decisions, today)
    reports = _reports(meetings)
    _funding(reports)
    return True


def _moment(day: date, hour: int = 9) -> datetime:
    """A local time on ``day`` as aware UTC, never later than now."""
    return min(datetime.combine(day, time(hour), ZONE).astimezone(UTC), utcnow())


def _publish(record, on: date, last: date | None = None) -> None:
    publish_record(record, None)
    record.published_at = _moment(on)
    record.last_published_at = _moment(last or on)
    db.session.commit()


def _months_from(today: date, months: int, weekday: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    day = date(year, month + 1, 10)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _body(values: dict, today: date) -> GovernanceBody:
    body = create_record(GovernanceBody, values, None)
    _publish(body, today - timedelta(days=700))
    return body


def _meeting(body, months, title, slug, today) -> Meeting:
    steering = body.slug == "steering-committee"
    day = _months_from(today, months, 1 if steering else 3)
    values = {
        "title": title,
        "slug": slug,
        "body_id": body.id,
        "meeting_date": day.isoformat(),
        "start_time": "09:00" if steering else "08:30",
        "end_time": "12:00" if steering else "16:30",
        "timezone": data.SITE_TIMEZONE,
        "place": "MRC Secretariat, Can Tho" if steering else "Can Tho University, Hall B",
        "online_url": data.ONLINE if steering else "",
        "summary": (
            "Quarterly meeting: progress of the programmes, finance, open actions."
            if steering
            else "Annual meeting of all partners: report, accounts, budget and elections."
        ),
        "agenda": data.STEERING_AGENDA if steering else data.ASSEMBLY_AGENDA,
        "attendance": [] if day >= today else _present(body.members, months),
        "others_present": 0 if day >= today else (3 if steering else 17),
    }
    meeting = create_record(Meeting, values, None)
    if day >= today and steering:
        lines = [f"{n}. {item}" for n, item in enumerate(data.STEERING_AGENDA, 1)]
        store_attachment(meeting, simple_pdf(f"{title}: agenda and papers", lines),
                         "agenda-and-papers.pdf", None)  # fmt: skip
        db.session.commit()
    _publish(meeting, day - timedelta(days=21))
    return meeting


def _present(members: list[str], months: int) -> list[str]:
    """Most members, one or two missing depending on the meeting."""
    return [slug for n, slug in enumerate(members) if (n + months) % 5 != 0]


def _decisions(meetings: list[Meeting], today: date) -> dict[int, list[Decision]]:
    numbers: dict[tuple[str, int], int] = {}
    made: dict[int, list[Decision]] = {}
    by_number: dict[str, Decision] = {}
    for index, entries in data.DECISIONS.items():
        meeting = meetings[index]
        prefix = "SC" if meeting.body.slug == "steering-committee" else "GA"
        made[index] = []
        for title, text, state, votes, actions in entries:
            key = (prefix, meeting.meeting_date.year)
            numbers[key] = numbers.get(key, 0) + 1
            number = f"{prefix}-{key[1]}-{numbers[key]:02d}"
            values = {
                "number": number,
                "title": title,
                "text": text,
                "meeting_id": meeting.id,
                "state": "agreed",
                "links": [],
            }
            if votes:
                values.update(votes_for=votes[0], votes_against=votes[1],
                              votes_abstaining=votes[2])  # fmt: skip
            if title.startswith("Merge saline"):
                earlier = by_number[next(n for n in by_number if n.endswith("-02"))]
                values["links"] = [{"label": f"Supersedes {earlier.number}",
                                    "url": f"/decisions/#{earlier.anchor}"}]  # fmt: skip
            decision = create_record(Decision, values, None)
            taken = meeting.meeting_date + timedelta(days=3)
            _publish(decision, taken)
            if state != "agreed":
                save_record(decision, {"state": state}, decision.head_revision_id, None,
                            note=f"Status: {state}.")  # fmt: skip
                _publish(decision, taken, today)
            by_number[number] = decision
            made[index].append(decision)
            for action_title, owner, due_days, action_state in actions:
                _action(decision, action_title, owner, meeting.meeting_date, due_days,
                        action_state, today)  # fmt: skip
    return made


def _action(decision, title, owner, decided_on, due_days, state, today) -> None:
    due = decided_on + timedelta(days=due_days)
    completed = min(due - timedelta(days=5), today) if state == "done" else None
    values = {
        "title": title,
        "decision_id": decision.id,
        "owner_slug": owner,
        "due_on": due.isoformat(),
        "state": state,
        "completed_on": completed.isoformat() if completed else None,
        "progress_note": "Two of four steps done." if state == "in progress" else "",
    }
    action = create_record(Action, values, None)
    _publish(action, decided_on + timedelta(days=3), completed or decided_on + timedelta(days=3))


def _minutes_text(meeting: Meeting, decisions: list[Decision], index: int) -> str:
    names = [data.PARTNER_NAMES.get(slug, slug) for slug in meeting.attendance]
    parts = [
        "## Present",
        ", ".join(names) + f", and {meeting.others_present} others.",
        "## Discussion",
        f"The chair opened the meeting at {meeting.start_time} and the agenda was adopted.",
        "The programme leads reported progress since the last meeting. Members asked for "
        "results by province and for the next report to compare them with the baseline.",
    ]
    if index == 1:
        parts.append(
            "The secretariat reported that the first tranche of the Asian Development Bank "
            "grant, USD 250,000, will be received next month."
        )
    if decisions:
        parts.append("## Decisions")
        parts += [f"- **{d.number}**: {d.title}." for d in decisions]
    parts.append("## Next meeting")
    parts.append("The next meeting will be announced on this portal.")
    return "\n\n".join(parts) + "\n"


def _minutes(meetings: list[Meeting], decisions: dict, today: date) -> None:
    past = [i for i, m in enumerate(meetings) if m.meeting_date < today]
    for index in past:
        meeting = meetings[index]
        later = [j for j in past if j > index and meetings[j].body_id == meeting.body_id]
        text = _minutes_text(meeting, decisions.get(index, []), index)
        minutes = create_record(Minutes, {"meeting_id": meeting.id, "body": text}, None)
        if not later and meeting.body.slug == "steering-committee":
            continue  # the latest Steering Committee's minutes are still being drafted
        circulate_minutes(minutes, None)
        if not later:
            continue  # the latest General Assembly's minutes await its next session
        approving = meetings[later[0]]
        approve_minutes(minutes, approving, approving.meeting_date, None)
        _publish(minutes, approving.meeting_date + timedelta(days=2))
        if index == 1:
            correcting = meetings[later[2]]
            amend_minutes(
                minutes,
                text.replace("USD 250,000", "USD 205,000"),
                "Corrected the amount of the Asian Development Bank grant tranche from "
                "USD 250,000 to USD 205,000, a typing error.",
                correcting.meeting_date,
                None,
                at_meeting=correcting,
            )
            minutes.last_published_at = _moment(correcting.meeting_date + timedelta(days=2))
            db.session.commit()


def _report(values: dict, lines: list[str], filename: str) -> Report:
    report = create_record(Report, values, None)
    pdf = simple_pdf(values["title"].encode("ascii", "replace").decode(), lines)
    store_attachment(report, pdf, filename, None)
    db.session.commit()
    _publish(report, date.fromisoformat(values["issued_on"]))
    return report


def _reports(meetings: list[Meeting]) -> dict[str, Report]:
    first, assembly, evaluated, approving, progress_meeting = (
        meetings[0], meetings[2], meetings[5], meetings[6], meetings[7]
    )  # fmt: skip
    year = approving.meeting_date.year - 1
    annual_issued = approving.meeting_date - timedelta(days=10)
    if annual_issued <= date(year, 12, 31):
        year -= 1
    progress_end = progress_meeting.meeting_date.replace(day=1) - timedelta(days=1)
    progress_start = (progress_end - timedelta(days=182)).replace(day=1)
    reports = {}
    reports["mou"] = _report(
        {
            "title": "Memorandum of understanding between the partners",
            "slug": "memorandum-of-understanding",
            "report_type": "agreement",
            "issued_on": (first.meeting_date - timedelta(days=60)).isoformat(),
            "summary": "The founding agreement: purpose, principles, governance, and how "
            "partners join and leave.",
            "sdgs": [6, 13, 17],
            "language": "en",
        },
        [
            "Purpose and principles",
            "Governance: General Assembly, Steering Committee",
            "Joining and leaving",
            "Signed by twelve founding partners",
        ],
        "mou.pdf",
    )
    reports["policy"] = _report(
        {
            "title": "Safeguarding and anti-corruption policy",
            "slug": "safeguarding-and-anti-corruption-policy",
            "report_type": "policy",
            "issued_on": assembly.meeting_date.isoformat(),
            "summary": "How the partnership protects the people it works with, and how anyone "
            "can report a concern in confidence.",
            "sdgs": [5, 16],
            "language": "en",
        },
        ["Scope", "Code of conduct", "Reporting a concern", "Investigation"],
        "policy.pdf",
    )
    reports["evaluation"] = _report(
        {
            "title": "Mid-term evaluation of the work plan",
            "slug": "mid-term-evaluation",
            "report_type": "evaluation",
            "issued_on": (evaluated.meeting_date - timedelta(days=30)).isoformat(),
            "period_start": first.meeting_date.isoformat(),
            "period_end": meetings[4].meeting_date.isoformat(),
            "summary": "An independent team found the water-quality programme on track and the "
            "livelihoods programme behind; it makes eleven recommendations.",
            "sdgs": [6, 13],
            "language": "en",
        },
        ["Findings", "Eleven recommendations", "Annex: methods"],
        "mid-term-evaluation.pdf",
    )
    reports["annual"] = _report(
        {
            "title": f"Annual report {year}",
            "slug": f"annual-report-{year}",
            "report_type": "annual",
            "issued_on": annual_issued.isoformat(),
            "period_start": date(year, 1, 1).isoformat(),
            "period_end": date(year, 12, 31).isoformat(),
            "summary": "What the partnership did in the year: 20 communes testing their water, "
            "two schools with safe drinking water, and what is still behind.",
            "sdgs": [1, 6, 13],
            "language": "en",
        },
        [f"Annual report {year}", "Results by programme", "Partners and governance"],
        f"annual-report-{year}.pdf",
    )
    reports["financial"] = _report(
        {
            "title": f"Financial statement {year}",
            "slug": f"financial-statement-{year}",
            "report_type": "financial",
            "issued_on": annual_issued.isoformat(),
            "period_start": date(year, 1, 1).isoformat(),
            "period_end": date(year, 12, 31).isoformat(),
            "summary": "Income by source and expenditure by programme, audited.",
            "sdgs": [17],
            "language": "en",
        },
        ["Income by funder", "Expenditure by programme", "Auditor's opinion"],
        f"financial-statement-{year}.pdf",
    )
    reports["progress"] = _report({
        "title": f"Progress report, {progress_start:%B %Y} to {progress_end:%B %Y}",
        "slug": f"progress-report-{progress_end:%Y-%m}",
        "report_type": "progress",
        "issued_on": (progress_meeting.meeting_date - timedelta(days=14)).isoformat(),
        "period_start": progress_start.isoformat(),
        "period_end": progress_end.isoformat(),
        "summary": "Six months of work against the revised results framework.",
        "sdgs": [6], "language": "en",
    }, ["Progress against the results framework", "Risks and changes"],
        f"progress-report-{progress_end:%Y-%m}.pdf")  # fmt: skip
    reports["year"] = year
    return reports


def _funding(reports: dict) -> None:
    year = reports["year"]
    for offset, funder, kind, amount, currency, purpose in data.FUNDING:
        values = {
            "funder_slug": funder,
            "funding_type": kind,
            "amount": amount + ".00",
            "currency": currency,
            "year": year + offset,
            "period_start": date(year + offset, 1, 1).isoformat(),
            "period_end": date(year + offset, 12, 31).isoformat(),
            "purpose": purpose,
            "report_id": reports["financial"].id if offset == 0 else None,
        }
        source = create_record(FundingSource, values, None)
        _publish(source, reports["financial"].issued_on if offset == 0
                 else date(year + offset, 6, 30))  # fmt: skip
