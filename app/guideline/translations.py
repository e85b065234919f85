"""Importing the bundled translations of ``content/translations/<language>/guideline.yml``.

Each entry becomes a published translation of the guideline page it names, for the enabled
languages only. A translation that exists already (imported before, or written in /manage)
is left as it is: importing twice changes nothing and never overwrites an edit.
"""

from pathlib import Path

import yaml
from sqlalchemy import select

from app.editing.models import Status
from app.extensions import db
from app.guideline.models import GuidelinePage, PageKind
from app.translating.services import find_translation, save_translation, target_languages

SECTIONS = {"modules": PageKind.MODULE, "steps": PageKind.STEP}


def read_entries(path: Path) -> list[tuple[PageKind, str, dict[str, str]]]:
    """(kind, slug, values) for each page a language's file translates.

    :raises ValueError: the file is not the documented shape.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected sections overview, modules and steps")
    entries = []
    overview = data.get("overview") or {}
    if overview:
        values = {k: str(v).strip() for k, v in overview.items() if k in ("title", "summary")}
        entries.append((PageKind.OVERVIEW, "", values))
    for section, kind in SECTIONS.items():
        for slug, title in (data.get(section) or {}).items():
            entries.append((kind, str(slug), {"title": str(title).strip()}))
    return entries


def import_translations(folder: Path) -> list[str]:
    """Import ``folder``/translations/*/guideline.yml; returns one line per language."""
    lines = []
    for language in target_languages():
        path = folder / "translations" / language / "guideline.yml"
        if not path.is_file():
            continue
        added = kept = missing = 0
        for kind, slug, values in read_entries(path):
            page = _page(kind, slug)
            if page is None:
                missing += 1
            elif find_translation(page, language) is not None:
                kept += 1
            else:
                save_translation(page, language, values, None, None, publish=True,
                                 note="Imported from content/translations")  # fmt: skip
                added += 1
        line = f"Translations ({language}): {added} added, {kept} kept"
        lines.append(line + (f", {missing} for pages not found" if missing else "") + ".")
    return lines


def _page(kind: PageKind, slug: str) -> GuidelinePage | None:
    query = select(GuidelinePage).where(
        GuidelinePage.kind == kind, GuidelinePage.status == Status.PUBLISHED
    )
    if slug:
        query = query.where(GuidelinePage.slug == slug)
    return db.session.scalars(query).first()
