"""Datasets made of one table of rows, written as CSV and as JSON.

A feature builds its rows (``opendata.py`` in its package) and declares the dataset with
``table_dataset``; /data/<name>.csv and /data/<name>.json then serve exactly these rows.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.opendata.registry import Dataset

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[str, ...]
    rows: Callable[[], list[dict]]


def table_dataset(
    name: str, title, fields: tuple[str, ...], rows: Callable[[], list[dict]],
    shows: tuple[str, ...],
) -> Dataset:  # fmt: skip
    """A dataset of published records, one row each, with a column per name of ``fields``;
    ``shows`` names the record types the rows are made of."""
    table = Table(name, fields, rows)
    return Dataset(
        name=name,
        title=title,
        description=_l("Published records, one row each."),
        files={"csv": lambda: as_csv(table), "json": lambda: as_json(table)},
        documentation=", ".join(fields),
        shows=shows,
    )


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


def as_csv(dataset: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.fields)
    for row in dataset.rows():
        writer.writerow([csv_cell(row.get(name)) for name in dataset.fields])
    return out.getvalue()


def as_json(dataset: Table) -> str:
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
