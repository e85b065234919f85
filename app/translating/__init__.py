"""Translations of the coalition's own text: the fields a record's kind declares
translatable (``translatable_fields``) in each enabled language, with their own drafts,
revisions and publishing, edited from the record's page in /manage and shown on the public
pages of that language.
"""

from flask import Blueprint, Flask

from app.areas import MANAGE_PREFIX

bp = Blueprint("translating", __name__, url_prefix=f"{MANAGE_PREFIX}/translations")


def init_app(app: Flask) -> None:
    """Blueprint, template helpers and the export's notion of what a translation is of."""
    from app.features import Feature, register_feature
    from app.translating import (
        services,
        views,  # noqa: F401
    )

    connect_signals()
    register_feature(
        app,
        Feature(
            "translating",
            bp,
            parents=((services.Translation.record_type, services.translated_records),),
            template_globals=(
                services.untranslated,
                services.text_language,
                services.lang_attributes,
                services.localise,
                services.localise_all,
            ),
        ),
    )


def connect_signals() -> None:
    """A record purged for good takes its translations with it, in the same transaction."""
    from app.editing.signals import record_purging
    from app.translating.services import delete_translations_of_purged

    record_purging.connect(delete_translations_of_purged)
