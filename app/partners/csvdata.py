"""The directory as a CSV file: export of published organisations, and a checked import.

One row per organisation; list cells hold items separated by ";" (contributions: one per
line, "type: description"); yes/no cells hold "yes" or "no". The export never contains a
contact detail the partner did not make public, so it can be shared as it is.

The import checks every row with the same form the editors use, reports each problem with
its row number (the spreadsheet's: the header is row 1), and writes nothing unless every
row is valid.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from app.accounts.models import User
from app.editing.models import RevisionKind
from app.editing.services import create_record, publish_record, purge_record, trash_record
from app.extensions import db
from app.partners.forms import PartnerForm
from app.partners.models import Partner
from app.partners.publishing import public_contact
from app.partners.services import PartnerRow, published_rows

# The fields an editor edits, in the same order, with the region beside the country.
COLUMNS = tuple(
    column
    for name in Partner.edit_fields
    for column in ((name, "region") if name == "country" else (name,))
)
# Written for readers of the file, ignored on import (it follows from the country).
EXPORT_ONLY = {"region"}
LIST_COLUMNS = {"sdgs", "sdg_targets", "focus_areas", "languages"}
YES_NO_COLUMNS = {
    "contact_name_public",
    "contact_role_public",
    "contact_phone_public",
}
YES = {"yes", "y", "true", "1", "x"}
# A spreadsheet runs a cell that starts with one of these as a formula; such cells are
# written with a leading apostrophe (shown as text), which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unprotect_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


MAX_ROWS = 20_000


# --- Export -------------------------------------------------------------------------------


def _list_cell(value) -> str:
    return ";".join(str(item) for item in value or [])


def _contributions_cell(value) -> str:
    return "\n".join(f"{c['type']}: {c['description']}" for c in value or [])


def _yes_no_cell(value) -> str:
    return "yes" if value else "no"


def _plain_cell(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _cell_for(name: str) -> Callable[[Any], str]:
    """How a column's value becomes text."""
    if name in LIST_COLUMNS:
        return _list_cell
    if name == "contributions":
        return _contributions_cell
    if name in YES_NO_COLUMNS:
        return _yes_no_cell
    return _plain_cell


# Decided once for the file rather than per cell (the partners' file is written again
# after every edit of one of them).
_CELL = {name: _cell_for(name) for name in COLUMNS}


def export_row(organisation: Partner | PartnerRow) -> list[str]:
    """The cells of one organisation's row, in the order of ``COLUMNS``."""
    contact = public_contact(organisation)  # as the partner chose to show it
    shown = {
        "contact_name": contact.name,
        "contact_role": contact.role,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
    }
    return [
        protect_cell(shown[name] if name in shown else _CELL[name](getattr(organisation, name)))
        for name in COLUMNS
    ]


def write_csv(organisations, out) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(export_row(organisation) for organisation in organisations)


def published_csv() -> str:
    """Every published organisation as CSV text (/data/partners.csv)."""
    out = io.StringIO()
    write_csv(published_rows(), out)
    return out.getvalue()


# --- Import -------------------------------------------------------------------------------


@dataclass
class RowReport:
    line: int  # the row number a spreadsheet shows
    name: str
    slug: str
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    notes: list[str] = field(default_factory=list)
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and all(not row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    def lines(self) -> list[str]:
        """The report as plain lines, for the command line."""
        out = [f"File: {problem}" for problem in self.problems]
        out += [f"Note: {note}" for note in self.notes]
        for row in self.error_rows:
            label = row.name or row.slug or "(no name)"
            out += [f"Row {row.line} ({label}): {error}" for error in row.errors]
        return out


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120]


def _formdata(row: dict[str, str]) -> MultiDict:
    data = MultiDict()
    for name, value in row.items():
        value = unprotect_cell((value or "").strip())
        if name in EXPORT_ONLY:
            continue
        if name == "sdgs":
            for goal in re.split(r"[;,\s]+", value):
                if goal:
                    data.add(name, goal)
        elif name in YES_NO_COLUMNS:
            if value.casefold() in YES:
                data.add(name, "y")
        elif name == "contributions":
            data.add(name, "\n".join(part for part in re.split(r"\r?\n", value)))
        else:
            data.add(name, value)
    if not data.get("slug") and data.get("name"):
        data["slug"] = slugify(data["name"])
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
        raise ValueError(message) from error


def check_csv(data: bytes) -> ImportReport:
    """Check every row of a CSV file; nothing is written."""
    report = ImportReport()
    try:
        text = _decode(data)
    except ValueError as error:
        report.problems.append(str(error))
        return report
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to many European locales save CSV with semicolons between cells.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    if "name" not in header:
        report.problems.append("The first row must name the columns, and one must be “name”.")
        return report
    reader.fieldnames = header
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        report.notes.append("Columns ignored: " + ", ".join(unknown))
    seen: dict[str, int] = {}
    with force_locale("en"):
        for index, raw in enumerate(reader, start=2):
            if index - 1 > MAX_ROWS:
                report.problems.append(f"More than {MAX_ROWS} rows: split the file.")
                break
            row = {k: v for k, v in raw.items() if k in COLUMNS and isinstance(v, str)}
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line in a spreadsheet
            report.rows.append(_check_row(index, row, seen))
    if not report.rows and not report.problems:
        report.problems.append("The file has no rows to import.")
    return report


def _check_row(line: int, row: dict, seen: dict[str, int]) -> RowReport:
    formdata = _formdata(row)
    form = PartnerForm(formdata=formdata, meta={"csrf": False})
    result = RowReport(line, formdata.get("name", ""), formdata.get("slug", ""))
    if not form.validate():
        for field_name, errors in form.errors.items():
            result.errors += [f"{field_name}: {error}" for error in errors]
    slug = form.slug.data
    if slug and slug in seen:
        result.errors.append(f"slug: “{slug}” is also used in row {seen[slug]}.")
    elif slug:
        seen[slug] = line
    if not result.errors:
        result.values = form.values()
    return result


def import_csv(
    data: bytes,
    user: User | None,
    publish: bool = False,
    dry_run: bool = False,
    source: str = "CSV import",
) -> ImportReport:
    """Check the file, then (unless ``dry_run`` or any row is wrong) add every row.

    All or nothing: rows are only written once all of them passed. Should the database
    fail part-way, the organisations added by this import are taken out again.
    """
    report = check_csv(data)
    if dry_run or not report.ok:
        return report
    created = []
    try:
        for row in report.rows:
            organisation = create_record(
                Partner,
                row.values,
                user,
                note=f"Imported from {source}",
                kind=RevisionKind.IMPORT,
            )
            created.append(organisation)
            if publish:
                publish_record(organisation, user)
    except Exception:
        current_app.logger.exception("Import failed after %d rows; undoing", len(created))
        db.session.rollback()
        for organisation in created:
            trash_record(organisation, user)
            purge_record(organisation, user)
        raise
    report.written = len(created)
    return report
