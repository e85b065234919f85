"""The base of every form whose text is stored, and the limits every text field has.

NUL characters get a message, not a 500: PostgreSQL cannot store NUL in text and refuses it
even in a query parameter, so a value holding one would fail deep in a save, or in a
validator that looks the value up. No one types NUL; it comes from crafted requests or a
paste from a binary file. The form refuses it first, beside the field, keeping the rest of
the text.

Every text field has a longest length (tests/test_text_limits.py checks that none is
left without): a line of text its column's length, a Markdown text ``LONG_TEXT``. Without
one, a text of megabytes would be stored, and rendered on every view of its page.
"""

from collections.abc import Iterator

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, FormField
from wtforms.validators import ValidationError

from app.markdown import remote_images

# The longest Markdown text a form takes, in characters: the longest guideline page is
# about 60,000, so this leaves room to grow while a text can never hold a worker for long.
LONG_TEXT = 200_000
# A description or summary in Markdown: several pages of text.
MEDIUM_TEXT = 20_000
# A list typed one item a line (agenda items, partners, links).
LIST_TEXT = 20_000


class TextForm(FlaskForm):
    class Meta:
        def render_field(self, field, render_kw):
            # Pages often carry several forms, each with its token: an id would repeat.
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

    def validate(self, extra_validators=None) -> bool:
        with_nul = [field for field in _fields_of(self) if _has_nul(field)]
        if not with_nul:
            return super().validate(extra_validators)
        for field in with_nul:
            field.errors = [
                _("This text contains a NUL character, which cannot be stored. Remove it.")
            ]
        return False


def _fields_of(form) -> Iterator[Field]:
    for field in form:
        if isinstance(field, FormField):
            yield from _fields_of(field.form)
        else:
            yield field


def _has_nul(field: Field) -> bool:
    return any(isinstance(value, str) and "\x00" in value for value in field.raw_data or ())


class TextLength:
    """At most ``max`` characters, counted in the text as typed.

    Unlike WTForms' ``Length``, it counts what was typed also in fields that turn their text
    into a list (where ``Length`` would count the items), and it sets no ``maxlength``
    attribute: a browser would cut a longer paste short without a word, where the form
    says how long the text is and keeps all of it for the editor to shorten.
    """

    def __init__(self, max: int):
        self.max = max

    def __call__(self, form, field) -> None:
        text = field.raw_data[0] if field.raw_data else field.data
        if isinstance(text, str) and len(text) > self.max:
            raise ValidationError(
                _(
                    "This text has %(length)s characters; the most it may have is %(max)s. "
                    "Shorten it.",
                    length=format_decimal(len(text)),
                    max=format_decimal(self.max),
                )
            )


class SiteImagesOnly:
    """Markdown whose images are all on this site (uploaded as attachments).

    The live site's Content-Security-Policy stops a browser fetching an image from another
    site, but the static export is read without one: the image's site would learn who reads
    which page, and could change what it shows. So such an image is refused when written,
    and the renderer drops any that older or imported texts hold.
    """

    def __call__(self, form, field) -> None:
        text = field.data
        if not isinstance(text, str) or len(text) > LONG_TEXT:
            return  # a text too long is refused as such, and is not parsed for this
        remote = remote_images(text)
        if remote:
            raise ValidationError(
                _(
                    "The image “%(url)s” is on another site, which would learn who reads "
                    "this page. Upload the image as an attachment instead, and use its "
                    "address on this site (/files/…).",
                    url=remote[0],
                )
            )


def markdown_validators(longest: int = LONG_TEXT) -> list:
    """The validators of a Markdown field: its longest length, and images from this site."""
    return [TextLength(longest), SiteImagesOnly()]
