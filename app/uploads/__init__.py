"""Attachments: files checked by their content, stored under generated names, served safely."""

from flask import Blueprint

from app.export.registry import register_count_check, register_public_urls

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


@bp.record_once
def declare_public_urls(state) -> None:
    from app.uploads.services import public_attachments

    register_public_urls(state.app, file_urls, endpoints=["uploads.download"])
    register_count_check(
        state.app,
        "files of published records",
        endpoint="uploads.download",
        expected=lambda: len(public_attachments()),
    )


def connect_signals() -> None:
    """A record purged for good takes its files with it, in the same transaction."""
    from app.editing.signals import record_purging
    from app.uploads.services import delete_files_of_purged

    record_purging.connect(delete_files_of_purged)


from app.uploads import views  # noqa: E402, F401
