"""Filters and globals every template may use."""

from flask import Flask
from flask_babel.speaklater import LazyString
from markupsafe import Markup
from wtforms.widgets import ListWidget

from app import i18n
from app.extensions import babel
from app.markdown import render_markdown, site_link


def page_locale() -> str:
    return i18n.current_language()


def page_direction() -> str:
    return "rtl" if i18n.is_right_to_left(page_locale()) else "ltr"


def site_text_attributes() -> Markup:
    """``lang`` and ``dir`` attributes for the coalition's own words (its tagline and
    introduction), which have no translations: on a page in another language they are the
    default language's text, and screen readers and bidirectional text must know it."""
    code = i18n.default_language()
    if page_locale() == code:
        return Markup("")
    direction = "rtl" if i18n.is_right_to_left(code) else "ltr"
    return Markup(' lang="%s" dir="%s"') % (code, direction)


def is_choice_list(field) -> bool:
    """Whether a form field is drawn as a list of checkboxes or radio buttons: each box
    has a label of its own, so the field's name is a fieldset's legend, not a label."""
    return isinstance(getattr(field, "widget", None), ListWidget)


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda text: render_markdown(text, shift_headings=1), "markdown")
    app.add_template_filter(site_link)
    app.add_template_global(page_locale)
    app.add_template_global(page_direction)
    app.add_template_global(i18n.language_links)
    app.add_template_global(i18n.language_name)
    app.add_template_global(i18n.default_language)
    app.add_template_global(site_text_attributes)
    app.add_template_test(is_choice_list, "choice_list")
    install_gettext(app)
    app.jinja_env.finalize = lazy_text_as_text


def lazy_text_as_text(value):
    """Print a lazily translated string as text, escaped like any other.

    Flask-Babel's lazy strings declare themselves markup (``__html__``), so a hint such as
    "the page is at /pages/<address>/" reached the page unescaped and the browser read
    ``<address>`` as a tag. Messages are text; a template that wants markup says so.
    """
    return str(value) if isinstance(value, LazyString) else value


def install_gettext(app: Flask) -> None:
    """Give templates' ``_()`` and ``ngettext()`` the app's message domain directly.

    Flask-Babel's own look the domain up in the request's context for every message, a
    dozen times a page, which was a twentieth of rendering a partner's page (the export
    renders 40,000 of them). The app has one domain, and its ``get_translations`` finds
    the catalogue of the current locale as Flask-Babel's do (forced locales included).
    """

    def translations():
        return babel.domain_instance.get_translations()  # made on first use, in a request

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
