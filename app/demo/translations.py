"""Published translations of a few demo records (``translations.yml``), once each."""

from pathlib import Path

import yaml
from sqlalchemy import select

from app.editing.registry import all_kinds
from app.extensions import db
from app.translating.services import find_translation, save_translation, target_languages

TRANSLATIONS = Path(__file__).with_name("translations.yml")


def load_demo_translations() -> int:
    """Add the translations whose record is there and has none in that language yet;
    returns how many were added."""
    data = yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8"))
    added = 0
    for record_type, records in data.items():
        model = all_kinds()[record_type].model
        for slug, languages in records.items():
            record = db.session.scalar(select(model).where(model.slug == slug))
            if record is None:
                continue
            for language, values in languages.items():
                if language in target_languages() and find_translation(record, language) is None:
                    save_translation(record, language, values, None, None, publish=True,
                                     note="Demo data")  # fmt: skip
                    added += 1
    return added
