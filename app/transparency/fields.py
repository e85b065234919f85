"""Form fields for the transparency record's edit forms.

Messages that quote what the user typed use ``gettext``, never ``lazy_gettext``: a lazy
string declares itself safe HTML (``__html__``), so the quoted text would not be escaped.

The editing mechanism fills a form from a revision snapshot, whose values are JSON (dates
as ISO strings, lists as lists), and stores ``field.data`` back into snapshots. These
fields accept both the snapshot form and what a browser posts, and keep ``data`` in the
JSON-ready form a snapshot needs.
"""

import re
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.addresses import ADDRESS
from app.transparency.partner_names import (
    AmbiguousName,
    Choice,
    UnknownName,
    chosen_partner,
    resolve_partner,
    written_name,
)
from app.transparency.partners import directory_installed, unknown_slugs

TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
GROUPED_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
PLAIN_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
LARGEST_AMOUNT = Decimal("1000000000000")


def select_choices(pairs) -> list[SelectChoice]:
    """Choices for a select from ``(value, label)`` pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value):
    """Coerce for a select whose empty choice means "none"."""
    if value in (None, "", "None"):
        return None
    return int(value)


class TimeOfDayField(StringField):
    """A local time of day, "HH:MM" on a 24-hour clock; empty when optional and not given."""

    def pre_validate(self, form):
        time = (self.data or "").strip()
        if len(time) == 4 and time[1] == ":":
            time = "0" + time
        if time and not TIME_OF_DAY.match(time):
            # self.data stays as typed, so the form shows the person their own text again.
            raise ValidationError(_l("Write the time as hours and minutes, e.g. 09:30 or 14:00."))
        self.data = time


class LinesField(TextAreaField):
    """A list of short texts, one per line; empty lines are dropped."""

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [line.strip() for line in valuelist[0].splitlines() if line.strip()]

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(str(item) for item in self.data or [])


def check_partner_slugs(slugs: list[str]) -> None:
    """:raises ValidationError: a slug is malformed, or the directory does not know it."""
    malformed = [slug for slug in slugs if not ADDRESS.match(slug)]
    if malformed:
        raise ValidationError(
            _(
                "Use the partners' addresses in the directory (lowercase letters, digits and "
                "hyphens): %(slugs)s",
                slugs=", ".join(malformed),
            )
        )
    unknown = unknown_slugs(slugs)
    if unknown:
        raise ValidationError(
            _("The partner directory has no organisation %(slugs)s.", slugs=", ".join(unknown))
        )


# Room for the longest name a form writes: a 200-character name, then "(its-address)".
PARTNER_TEXT = 330


def name_partners(texts: list[str]) -> list[str]:
    """The slugs of the partners ``texts`` name, in order and without repeats.

    With the partner directory installed, a text is a partner's name in any language, its
    short name or its address (see ``app.transparency.partner_names``); without it, only
    an address.

    :raises ValidationError: a text names no partner, or several; one sentence for each.
    """
    if not directory_installed():
        slugs = list(dict.fromkeys(text.lower() for text in texts))
        check_partner_slugs(slugs)
        return slugs
    slugs, problems = [], []
    for text in texts:
        try:
            slugs.append(resolve_partner(text))
        except AmbiguousName as error:
            problems.append(
                _(
                    "“%(text)s” could be any of %(names)s: write the one you mean as shown.",
                    text=text,
                    names=written_list(error.candidates),
                )
            )
        except UnknownName as error:
            problem = _("The partner directory has no partner called “%(text)s”.", text=text)
            if error.candidates:
                problem += " " + _("Did you mean %(names)s?", names=written_list(error.candidates))
            problems.append(problem)
    if problems:
        raise ValidationError(" ".join(problems))
    return list(dict.fromkeys(slugs))


def written_list(choices) -> str:
    return ", ".join(f"“{written_name(choice.slug)}”" for choice in choices)


class PartnerListField(LinesField):
    """Partners, one per line, by name or address; ``data`` is their slugs once validated.

    The form shows the partners by name; a refused text is shown again as typed.
    """

    def pre_validate(self, form):
        self.data = name_partners(self.data)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(written_name(slug) for slug in self.data or [])

    def chosen(self) -> list[Choice]:
        """The partners in ``data``, for a picker to show (valid data only)."""
        return [chosen_partner(slug) for slug in self.data or []]


class PartnerField(StringField):
    """One partner by name or address; empty when optional and not given. ``data`` is
    its slug once validated."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = (self.data or "").strip()

    def _value(self):
        # A refused text is shown again as typed, not as the lower-cased lookup key.
        if self.raw_data:
            return self.raw_data[0]
        return written_name(self.data) if self.data else ""

    def pre_validate(self, form):
        if self.data:
            self.data = name_partners([self.data])[0]

    def chosen(self) -> list[Choice]:
        return [chosen_partner(self.data)] if self.data else []


class LinksField(TextAreaField):
    """Links, one per line: an address, optionally after a label and "|".

    Stored as ``[{"label": ..., "url": ...}]``. Addresses are http(s) or paths on this site.
    """

    def process_data(self, value):
        self.data = [dict(link) for link in value or []]

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        links = []
        for line in valuelist[0].splitlines():
            if not line.strip():
                continue
            label, bar, url = line.rpartition("|")
            if not bar:
                label, url = "", line
            links.append({"label": label.strip(), "url": url.strip()})
        self.data = links

    def pre_validate(self, form):
        for link in self.data:
            url = link["url"]
            if not (url.startswith(("https://", "http://")) or re.match(r"^/(?!/)", url)):
                raise ValidationError(
                    _(
                        "“%(url)s” is not a link: start it with https:// or, for a page of "
                        "this site, with /.",
                        url=url,
                    )
                )

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(
            f"{link['label']} | {link['url']}" if link.get("label") else link["url"]
            for link in self.data or []
        )


def parse_amount(text: str) -> Decimal:
    """An amount of money as written by a person: "250000", "250,000.50", "1 200".

    :raises ValueError: not plain figures, zero, too large or with more than two decimals.
    """
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "").replace("_", "")
    if GROUPED_AMOUNT.match(text):
        text = text.replace(",", "")
    if not PLAIN_AMOUNT.match(text):
        raise ValueError(text)
    amount = Decimal(text)
    if amount <= 0 or amount >= LARGEST_AMOUNT:
        raise ValueError(text)
    return amount.quantize(Decimal("0.01"))


class AmountField(StringField):
    """An amount of money; ``data`` is its canonical text ("250000.00") for snapshots."""

    def process_data(self, value):
        self.data = "" if value is None else str(value)

    def pre_validate(self, form):
        try:
            self.data = str(parse_amount(self.data))
        except ValueError as error:
            raise ValidationError(
                _l(
                    "Write the amount in figures, with a point before any cents and no "
                    "currency sign, e.g. 250000 or 1250.50."
                )
            ) from error
