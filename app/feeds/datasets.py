"""The open-data downloads: one table per kind of record, as CSV and as JSON.

Each part of the record builds its own rows (``opendata.py`` in its package); this module
lists them, so /data/<name>.csv and /data/<name>.json serve exactly these.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.decisions.opendata import ACTION_FIELDS, DECISION_FIELDS, action_rows, decision_rows
from app.funding.opendata import FUNDING_FIELDS, funding_rows
from app.meetings.opendata import MEETING_FIELDS, meeting_rows
from app.reports.opendata import REPORT_FIELDS, report_rows

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    fields: tuple[str, ...]
    rows: Callable[[], list[dict]]
    # The kinds of record its rows show: the exported file depends on each.
    shows: tuple[str, ...] = ()


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset("meetings", _l("Meetings"), MEETING_FIELDS, meeting_rows,
                ("meeting", "minutes", "governance-body")),
        Dataset("decisions", _l("Decisions"), DECISION_FIELDS, decision_rows,
                ("decision", "meeting", "governance-body")),
        Dataset("actions", _l("Actions"), ACTION_FIELDS, action_rows, ("action", "decision")),
        Dataset("reports", _l("Reports and documents"), REPORT_FIELDS, report_rows, ("report",)),
        Dataset("funding", _l("Funding"), FUNDING_FIELDS, funding_rows, ("funding", "report")),
    )
}  # fmt: skip


def json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(json_value(item)) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # A leading apostrophe keeps a text like "=HYPERLINK(...)" a text.
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(json_value(value))


def as_csv(dataset: Dataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.fields)
    for row in dataset.rows():
        writer.writerow([csv_cell(row.get(name)) for name in dataset.fields])
    return out.getvalue()


def as_json(dataset: Dataset) -> str:
    records = [
        {name: _json_deep(row.get(name)) for name in dataset.fields} for row in dataset.rows()
    ]
    return json.dumps(
        {"dataset": dataset.name, "count": len(records), "records": records},
        ensure_ascii=False,
        indent=1,
    )


def _json_deep(value):
    if isinstance(value, list | tuple):
        return [_json_deep(item) for item in value]
    return json_value(value)


def register_datasets(app) -> None:
    """Offer these tables on /data/ through the open-data registry."""
    from app.opendata.registry import Dataset as OpenDataset
    from app.opendata.registry import register_dataset

    for dataset in DATASETS.values():
        register_dataset(
            app,
            OpenDataset(
                name=dataset.name,
                title=dataset.label,
                description=_l("Published records, one row each."),
                files={
                    "csv": lambda dataset=dataset: as_csv(dataset),
                    "json": lambda dataset=dataset: as_json(dataset),
                },
                documentation=", ".join(dataset.fields),
                shows=dataset.shows,
            ),
        )
