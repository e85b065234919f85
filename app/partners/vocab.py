"""The directory's fixed vocabularies: stakeholder groups, roles, contributions,
countries and languages (the SDGs are in ``app.sdgs``).

Stored values are short stable slugs (they appear in URLs, CSV files and the JSON export);
labels are what readers see.
"""

import unicodedata
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l

from app.i18n import current_language

# The ten stakeholder groups, in the order the balance chart shows them.
GROUPS: dict[str, str] = {
    "government": _l("Government"),
    "local-authority": _l("Local authority"),
    "civil-society": _l("Civil society / NGO"),
    "private-sector": _l("Private sector"),
    "academia": _l("Academia / research"),
    "un-multilateral": _l("UN / multilateral"),
    "employers": _l("Employers' organisation"),
    "workers": _l("Workers' organisation"),
    "foundation": _l("Foundation / philanthropy"),
    "media": _l("Media"),
}

ROLES: dict[str, str] = {
    "lead": _l("Lead"),
    "core-group": _l("Core group"),
    "member": _l("Member"),
    "observer": _l("Observer"),
    "funder": _l("Funder"),
    "secretariat": _l("Secretariat"),
}

CONTRIBUTION_TYPES: dict[str, str] = {
    "financial": _l("Financial"),
    "in-kind": _l("In-kind"),
    "expertise": _l("Expertise"),
    "staff-time": _l("Staff time"),
    "network": _l("Network"),
    "data": _l("Data"),
}

# How much of the contact email the public sees. Hidden unless the partner chooses.
EMAIL_VISIBILITY: dict[str, str] = {
    "hidden": _l("Hidden: only the secretariat sees it"),
    "obfuscated": _l("Shown disguised (name [at] example [dot] org), not as a link"),
    "public": _l("Shown as a link"),
}

# Names pycountry gives that read oddly in a list of partners.
_COUNTRY_NAMES = {"VN": "Viet Nam", "LA": "Lao PDR"}


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> common name, sorted by name."""
    names = {
        country.alpha_2: _COUNTRY_NAMES.get(
            country.alpha_2, getattr(country, "common_name", None) or country.name
        )
        for country in pycountry.countries
    }
    return dict(sorted(names.items(), key=lambda item: item[1]))


def country_name(code: str | None) -> str:
    """The English name, as stored in ``Partner.country_name`` and the data files."""
    return countries().get((code or "").upper(), code or "")


def localised_countries() -> dict[str, str]:
    """``countries()`` named in the current page's language, sorted by those names."""
    return _countries_in(current_language())


def country_label(code: str | None, stored: str = "") -> str:
    """A country's name in the current page's language.

    Babel's locale data names it; a code it does not know shows the stored English name.
    """
    code = (code or "").upper()
    return localised_countries().get(code) or stored or country_name(code)


@cache
def territory_names(language: str) -> dict[str, str] | None:
    """Babel's names of countries and M49 regions (by code) in ``language``; None for
    English, whose stored names are the ones shown, or a language Babel does not know."""
    if language.split("_")[0] == "en":
        return None
    try:
        return Locale.parse(language).territories
    except (ValueError, UnknownLocaleError):
        return None


@cache
def _countries_in(language: str) -> dict[str, str]:
    territories = territory_names(language)
    if territories is None:
        return countries()  # the stored names, with their few deliberate choices
    names = {code: territories.get(code, name) for code, name in countries().items()}
    return dict(sorted(names.items(), key=lambda item: (sort_key(item[1]), item[1])))


def sort_key(name: str) -> str:
    """Accents set aside, as a dictionary orders words: "Égypte" between "Danemark" and
    "Espagne", not after "Zimbabwe"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_country(text: str) -> str | None:
    """The alpha-2 code for a code (alpha-2 or alpha-3) or a name, or None."""
    text = (text or "").strip()
    if not text:
        return None
    if text.upper() in countries():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    folded = text.casefold()
    return next((code for code, name in countries().items() if name.casefold() == folded), None)


@cache
def _languages() -> dict[str, str]:
    """ISO 639 code (two letters where one exists) -> English name, for living languages."""
    found = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        found[code] = language.name
    return found


def find_language(text: str) -> str | None:
    """The ISO 639 code for a code or an English name ("vi", "vie", "Vietnamese"), or None."""
    text = (text or "").strip()
    if not text:
        return None
    # Codes first: lookup() alone takes "en" for the name of another language.
    language = pycountry.languages.get(alpha_2=text.lower()) or pycountry.languages.get(
        alpha_3=text.lower()
    )
    if language is None:
        try:
            language = pycountry.languages.lookup(text)
        except LookupError:
            return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def language_name(code: str) -> str:
    return _languages().get(code, code)


def group_label(value: str | None) -> str:
    return str(GROUPS.get(value or "", value or ""))


def role_label(value: str | None) -> str:
    return str(ROLES.get(value or "", value or ""))


def contribution_label(value: str | None) -> str:
    return str(CONTRIBUTION_TYPES.get(value or "", value or ""))
