"""Bringing content/ into the database, and the published guideline back out as files.

An import never overwrites a coordinator's work. A bundled page that changed since the
last import replaces the record only while the record's latest revision is still that
import's, published as it was; a record edited, unpublished or trashed in the browser is
kept, and the report says so.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.editing.models import RevisionKind, Status
from app.editing.services import create_record, publish_record, save_record
from app.extensions import db
from app.guideline.checks import check_content
from app.guideline.content import (
    ContentError,
    ContentPage,
    content_hash,
    dump_page,
    import_key,
    read_content,
    relative_path,
)
from app.guideline.models import GuidelinePage

IMPORT_NOTE = "Imported from the bundled guideline ({path})"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "path: why"

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        summary = (
            f"Guideline: {len(self.created)} page(s) added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as edited."
        )
        return [summary] + [f"  kept {entry}" for entry in self.kept]


def import_content(folder) -> ImportReport:
    """Check ``folder`` and import it as published guideline pages.

    Raises ContentError (nothing imported) when the check finds problems.
    """
    content = read_content(folder)
    problems = check_content(content)
    if problems:
        raise ContentError(problems)
    records = list(db.session.scalars(select(GuidelinePage)))
    by_import_key = {r.import_key: r for r in records if r.import_key}
    by_current_key = {import_key(r.snapshot()): r for r in records}
    report = ImportReport()
    for page in content.pages:
        record = by_import_key.get(page.key) or by_current_key.get(page.key)
        if record is None:
            _create(page)
            report.created.append(page.path)
            continue
        digest = content_hash(page.values)
        if record.import_key == page.key and record.import_hash == digest:
            report.unchanged.append(page.path)
            continue
        reason = _why_kept(record)
        if reason:
            report.kept.append(f"{page.path}: {reason}")
            continue
        _update(record, page)
        report.updated.append(page.path)
    return report


def _why_kept(record: GuidelinePage) -> str | None:
    if record.status is Status.TRASHED:
        return "moved to the trash by a coordinator"
    if record.import_revision_id is None:
        return "written in the browser, not imported"
    if record.head_revision_id != record.import_revision_id:
        return "edited in the browser since the last import"
    if record.status is not Status.PUBLISHED:
        return "unpublished by a coordinator"
    return None


def _note(page: ContentPage) -> str:
    return IMPORT_NOTE.format(path=page.path)


def _create(page: ContentPage) -> GuidelinePage:
    record = create_record(
        GuidelinePage, page.values, None, note=_note(page), kind=RevisionKind.IMPORT
    )
    _mark_imported(record, page)
    publish_record(record, None)
    return record


def _update(record: GuidelinePage, page: ContentPage) -> None:
    save_record(
        record, page.values, record.head_revision_id, None, _note(page), RevisionKind.IMPORT
    )
    _mark_imported(record, page)
    publish_record(record, None)


def _mark_imported(record: GuidelinePage, page: ContentPage) -> None:
    record.import_key = page.key
    record.import_hash = content_hash(page.values)
    record.import_revision_id = record.head_revision_id


def export_content(dest, sources_folder) -> list[str]:
    """Write every published guideline page under ``dest`` in the content/ layout.

    ``sources.yml`` (and the format's README) are copied from ``sources_folder``; pages
    under ``dest``/guideline that are no longer published are removed, so the folder can
    be kept under version control. Returns the paths written, relative to ``dest``.
    """
    dest, sources_folder = Path(dest), Path(sources_folder)
    written = []
    records = db.session.scalars(
        select(GuidelinePage).where(GuidelinePage.status == Status.PUBLISHED)
    )
    for record in records:
        values = record.snapshot()
        path = dest / relative_path(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_page(values), encoding="utf-8")
        written.append(relative_path(values))
    for name in ("sources.yml", "README.md"):
        if (sources_folder / name).exists() and sources_folder.resolve() != dest.resolve():
            shutil.copyfile(sources_folder / name, dest / name)
            written.append(name)
    for stale in (dest / "guideline").rglob("*.md"):
        if stale.relative_to(dest).as_posix() not in written:
            stale.unlink()
    return sorted(written)
