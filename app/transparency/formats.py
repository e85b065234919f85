"""Money, languages and goals as readers read them."""

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from flask_babel import format_currency, get_locale

from app.sdgs import sdg_label


def money(amount: Decimal | None, currency: str) -> str:
    """ "US$250,000.00", in the reader's language."""
    if amount is None:
        return ""
    return format_currency(amount, currency)


def language_name(code: str) -> str:
    """The name of a language (BCP 47 code) in the reader's language; the code if unknown."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(get_locale() or "en")
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code


def init_app(app) -> None:
    app.add_template_filter(money)
    app.add_template_filter(language_name)
    app.add_template_global(sdg_label)
