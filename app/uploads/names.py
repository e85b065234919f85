"""Whether a file's name agrees with what its content is.

The content decides how a file is stored (see checks.py); the name only tells what the
uploader believes they chose. When the two disagree the uploader should hear of it: a
name claiming another accepted kind is refused, and a name of no accepted kind is
replaced, with a note saying so.
"""

from flask_babel import gettext as _

from app.uploads.checks import CheckedFile, UploadRejected

# Extensions that name the same kind as another.
SAME_KIND = {"jpeg": "jpg", "jpe": "jpg", "tif": "tiff"}


def kind_names() -> dict[str, str]:
    """What a file is, by extension, as the uploader is told."""
    return {
        "pdf": _("a PDF"),
        "png": _("a PNG image"),
        "jpg": _("a JPEG image"),
        "gif": _("a GIF image"),
        "webp": _("a WebP image"),
        "docx": _("a Word document"),
        "xlsx": _("an Excel workbook"),
        "pptx": _("a PowerPoint presentation"),
        "odt": _("an OpenDocument text"),
        "ods": _("an OpenDocument spreadsheet"),
        "odp": _("an OpenDocument presentation"),
        "csv": _("a text (CSV) file"),
    }


def content_kind(data: bytes, checked: CheckedFile) -> str:
    """The extension the content was uploaded as. Images are re-encoded when stored (a GIF
    may be kept as PNG), so theirs is read from the bytes as sent."""
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return checked.extension


def name_note(data: bytes, checked: CheckedFile, filename: str) -> str | None:
    """A note for the uploader when the stored name will differ from ``filename`` because
    its extension is of no accepted kind (or missing); None when the name fits.

    :raises UploadRejected: the name claims another accepted kind than the content.
    """
    names = kind_names()
    actual = content_kind(data, checked)
    stem, dot, extension = filename.rpartition(".")
    extension = extension.lower() if dot and stem else ""
    extension = SAME_KIND.get(extension, extension)
    if extension == actual:
        return None
    if extension in names:
        raise UploadRejected(
            _(
                "This file is %(actual)s, not %(named)s: rename it or choose another.",
                actual=names[actual],
                named=names[extension],
            )  # fmt: skip
        )
    return _(
        "Its content is %(actual)s, so it was saved with the .%(extension)s ending.",
        actual=names[actual],
        extension=checked.extension,
    )
