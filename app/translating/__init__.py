"""Translations of the coalition's own text: the fields a record's kind declares
translatable (``translatable_fields``) in each enabled language, with their own drafts,
revisions and publishing, edited from the record's page in /manage and shown on the public
pages of that language.
"""

from flask import Blueprint, Flask

bp = Blueprint("translating", __name__, url_prefix="/manage/translations")


def register(app: Flask) -> None:
    """Blueprint, template helpers and the export's notion of what a translation is of."""
    from app.export.registry import register_parents
    from app.translating import services

    app.register_blueprint(bp)
    app.add_template_global(services.translations_of)
    app.add_template_global(services.untranslated)
    app.add_template_global(services.text_language)
    app.add_template_global(services.lang_attributes)
    app.add_template_global(services.localise)
    app.add_template_global(services.localise_all)
    register_parents(app, services.Translation.record_type, services.translated_records)


def connect_signals() -> None:
    """A record purged for good takes its translations with it, in the same transaction."""
    from app.editing.signals import record_purging
    from app.translating.services import delete_translations_of_purged

    record_purging.connect(delete_translations_of_purged)


from app.translating import views  # noqa: E402, F401
