"""What a file really is, decided from its bytes, never from its name.

Accepted: PDF (parsed with pypdf), PNG/JPEG/GIF/WebP images (decoded, downscaled and
re-encoded with Pillow, which also drops hidden metadata such as GPS positions), Office
Open XML and OpenDocument files (checked as zip containers, without macros), and UTF-8
CSV. Anything else, including SVG (which can carry scripts), is refused with a reason.
"""

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# Largest side of a stored image: enough for a page column on a large screen.
MAX_IMAGE_SIDE = 1600
# Decoded pixel count above which an image is refused (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
# Office files are zips; their unpacked size is bounded to stop a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


class UploadRejected(ValueError):
    """The file is not one Roundtable accepts; the message says why, for the uploader."""


@dataclass
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def check_upload(data: bytes) -> CheckedFile:
    """Identify ``data`` by content and return it ready to store.

    :raises UploadRejected: the file is of a kind not accepted, or damaged.
    """
    if not data:
        raise UploadRejected(_("The file is empty."))
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    if data[:4] == b"PK\x03\x04":
        return _check_office(data)
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return _check_image(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRejected(
            _("Old Office formats (.doc, .xls) are not accepted: save as .docx, .xlsx or PDF.")
        )
    return _check_csv(data)


def _check_pdf(data: bytes) -> CheckedFile:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        catalog = reader.trailer["/Root"]
    except (PyPdfError, KeyError, ValueError, TypeError, OSError) as error:
        raise UploadRejected(_("This PDF could not be read; it may be damaged.")) from error
    if pages == 0:
        raise UploadRejected(_("This PDF has no pages."))
    try:
        found = _active_content(reader, catalog)
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, OSError) as error:
        raise UploadRejected(_("This PDF could not be read; it may be damaged.")) from error
    if found:
        what, where = found
        raise UploadRejected(
            _(
                "PDFs with active content are not accepted: this one contains %(what)s "
                "(%(where)s). Save or print it as a plain PDF and upload that.",
                what=what,
                where=where,
            )  # fmt: skip
        )
    return CheckedFile(data, "application/pdf", "pdf")


def _dangerous_actions() -> dict[str, str]:
    """Action types a reader could be made to run, by what the uploader is told was found.

    Links to web pages (/URI) and jumps within the document (/GoTo) are harmless.
    """
    return {
        "/JavaScript": _("JavaScript"),
        "/Launch": _("an action that starts a program or opens a file"),
        "/SubmitForm": _("a form that sends data away"),
        "/ImportData": _("an action that imports data"),
        "/GoToR": _("a link that opens another file"),
        "/GoToE": _("a link into an embedded file"),
        "/Rendition": _("a media action that can run JavaScript"),
        "/RichMediaExecute": _("a rich media action"),
    }


def _resolved(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _action_found(action, dangerous: dict[str, str], seen: set[int]) -> str | None:
    """What ``action`` (an action dictionary, a destination, or an additional-actions
    dictionary of them), or any action chained after it with /Next, would run."""
    action = _resolved(action)
    if not isinstance(action, dict) or id(action) in seen:
        return None
    seen.add(id(action))
    kind = action.get("/S")
    if kind in dangerous:
        return dangerous[kind]
    if "/JS" in action:
        return dangerous["/JavaScript"]
    chained = _resolved(action.get("/Next"))
    for following in chained if isinstance(chained, list) else [chained]:
        if found := _action_found(following, dangerous, seen):
            return found
    if kind is None:
        # An additional-actions (/AA) dictionary: trigger names mapped to actions.
        for trigger in action.values():
            if found := _action_found(trigger, dangerous, seen):
                return found
    return None


def _active_content(reader: PdfReader, catalog) -> tuple[str, str] | None:
    """The first content found that runs code, opens other files or sends data, and where.

    Readers run such content when the document opens, when a page is shown, or when a
    link, bookmark or form field is used, so every one of those places is looked at.
    """
    dangerous = _dangerous_actions()
    seen: set[int] = set()
    opening = _("when the document opens")
    for key in ("/OpenAction", "/AA"):
        if found := _action_found(catalog.get(key), dangerous, seen):
            return found, opening
    names = _resolved(catalog.get("/Names")) or {}
    if "/JavaScript" in names:
        return dangerous["/JavaScript"], opening
    if "/EmbeddedFiles" in names:
        return _("embedded files"), _("attached to the document")
    form = _resolved(catalog.get("/AcroForm")) or {}
    if "/XFA" in form:
        return _("an XFA form, which can run scripts"), _("in its form")
    fields = list(_resolved(form.get("/Fields")) or [])
    while fields:
        field = _resolved(fields.pop())
        if not isinstance(field, dict) or id(field) in seen:
            continue
        seen.add(id(field))
        for key in ("/A", "/AA"):
            if found := _action_found(field.get(key), dangerous, seen):
                return found, _("in its form")
        fields.extend(_resolved(field.get("/Kids")) or [])
    outlines = [(_resolved(catalog.get("/Outlines")) or {}).get("/First")]
    while outlines:
        item = _resolved(outlines.pop())
        if not isinstance(item, dict) or id(item) in seen:
            continue
        seen.add(id(item))
        if found := _action_found(item.get("/A"), dangerous, seen):
            return found, _("in its bookmarks")
        outlines += [item.get("/First"), item.get("/Next")]
    for number, page in enumerate(reader.pages, start=1):
        where = _("on page %(number)d", number=number)
        if found := _action_found(page.get("/AA"), dangerous, seen):
            return found, where
        for annotation in _resolved(page.get("/Annots")) or []:
            annotation = _resolved(annotation)
            if not isinstance(annotation, dict):
                continue
            if annotation.get("/Subtype") == "/FileAttachment":
                return _("embedded files"), where
            for key in ("/A", "/AA"):
                if found := _action_found(annotation.get(key), dangerous, seen):
                    return found, where
    return None


def _check_image(data: bytes) -> CheckedFile:
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a huge image; here that is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            width, height = probe.size
            fmt = probe.format
        if width * height > MAX_IMAGE_PIXELS:
            raise UploadRejected(_("This image is too large (too many pixels)."))
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = _downscaled(image)
            out = io.BytesIO()
            if fmt == "JPEG" or (image.mode in ("RGB", "L") and fmt != "PNG"):
                image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
                content_type, extension = "image/jpeg", "jpg"
            else:
                if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    image = image.convert("RGBA")
                image.save(out, "PNG", optimize=True)
                content_type, extension = "image/png", "png"
            return CheckedFile(out.getvalue(), content_type, extension, image.width, image.height)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(_("This image is too large (too many pixels).")) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise UploadRejected(_("This image could not be read; it may be damaged.")) from error


def _downscaled(image: Image.Image) -> Image.Image:
    if max(image.size) <= MAX_IMAGE_SIDE:
        return image.copy()
    copy = image.copy()
    copy.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    return copy


def _check_office(data: bytes) -> CheckedFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise UploadRejected(_("This file unpacks to far more than its size."))
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise UploadRejected(_("Documents with macros are not accepted."))
            if "mimetype" in names:
                odf_type = archive.read("mimetype").decode("ascii", "replace").strip()
                if odf_type in ODF_TYPES:
                    return CheckedFile(data, odf_type, ODF_TYPES[odf_type])
            if "[Content_Types].xml" in names:
                for prefix, (content_type, extension) in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return CheckedFile(data, content_type, extension)
    except zipfile.BadZipFile as error:
        raise UploadRejected(_("This file could not be read; it may be damaged.")) from error
    raise UploadRejected(
        _("Zip archives are not accepted: upload a PDF, an image, an office document or a CSV.")
    )


def _check_csv(data: bytes) -> CheckedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRejected(
            _(
                "This kind of file is not accepted: upload a PDF, an image, an office document "
                "or a CSV file saved as UTF-8."
            )  # fmt: skip
        ) from error
    lowered = text.lstrip()[:512].lower()
    if "\x00" in text or lowered.startswith(("<", "{\\rtf")) or "<script" in lowered:
        raise UploadRejected(_("Web pages, SVG and other markup files are not accepted."))
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise UploadRejected(_("This CSV file could not be read.")) from error
    if not rows:
        raise UploadRejected(_("The file is empty."))
    return CheckedFile(data, "text/csv; charset=utf-8", "csv")
