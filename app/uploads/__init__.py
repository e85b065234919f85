"""Attachments: files checked by their content, stored under generated names, served safely."""

from flask import Blueprint, Flask

bp = Blueprint("uploads", __name__)


def file_urls():
    """Every file a published revision lists, as readers download it live; files of
    drafts (of records, and added to a published record's draft), of records in the trash
    and of unapproved minutes stay out."""
    from app.uploads.services import public_attachments

    for attachment in public_attachments():
        yield (
            "uploads.download",
            {
                "attachment_id": attachment.id,
                "filename": attachment.original_name,
            },
        )


def init_app(app: Flask) -> None:
    from app.export.registry import CountCheck
    from app.features import Feature, PublicUrls, register_feature
    from app.uploads import views  # noqa: F401
    from app.uploads.services import public_attachments

    connect_signals()
    register_feature(
        app,
        Feature(
            "uploads",
            bp,
            public_urls=(PublicUrls(file_urls, endpoints=("uploads.download",)),),
            count_checks=(
                CountCheck(
                    "files of published records",
                    "uploads.download",
                    lambda: len(public_attachments()),
                ),
            ),
            public_actions=frozenset({"attach", "detach"}),
        ),
    )


def connect_signals() -> None:
    """A record purged for good takes its files with it, in the same transaction."""
    from app.editing.signals import record_purging
    from app.uploads.services import delete_files_of_purged

    record_purging.connect(delete_files_of_purged)
