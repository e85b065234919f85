"""The interface message catalogues: complete, compiled, current, and used by the app.

``translations/messages.pot`` is extracted from the code, each language's ``messages.po``
translates it, and the committed ``messages.mo`` is what Flask-Babel reads at run time.
README, "Translating the interface", gives the commands these tests expect to have been run.
"""

import html
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("fr", "es", "ar")
# The -k options of the README's extract command, on top of Babel's defaults.
EXTRA_KEYWORDS = ("_l", "lazy_gettext")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]?\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")


def read_catalogue(path: Path, locale: str | None = None):
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def forms(value) -> tuple[str, ...]:
    """A message id or translation as a tuple: one item, or one per plural form."""
    return value if isinstance(value, tuple) else (value,)


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a text, sorted: "%(n)d", "%(name)s", "%%"."""
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def sample_values(text: str) -> dict[str, object]:
    """A value of the right type for each named placeholder of a source message."""
    return {name: 3 if kind in "dioxX" else "x" for name, kind in PLACEHOLDER.findall(text) if name}


@pytest.fixture(scope="module")
def template():
    return read_catalogue(TRANSLATIONS / "messages.pot")


def test_every_language_has_a_catalogue():
    found = {path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert found == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_is_what_pybabel_compile_makes(language, tmp_path):
    """The .mo in git never drifts from its .po: edit the .po, then run pybabel compile."""
    compiled = tmp_path / "messages.mo"
    status = CommandLineInterface().run(
        ["pybabel", "-q", "compile", "-l", language, "-i", str(po_path(language)),
         "-o", str(compiled)]
    )  # fmt: skip
    assert status == 0, f"pybabel compile reported errors in {language}"
    committed = po_path(language).with_suffix(".mo")
    assert committed.read_bytes() == compiled.read_bytes(), (
        f"{committed.relative_to(ROOT)} is out of date: run pybabel compile -d translations"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language, template):
    catalogue = read_catalogue(po_path(language), language)
    assert not catalogue.fuzzy, "the catalogue header is marked fuzzy, so it would not compile"
    missing, fuzzy, wrong_forms = [], [], []
    for source in template:
        if not source.id:
            continue
        message = catalogue.get(source.id, source.context)
        if message is None or not all(forms(message.string)):
            missing.append(source.id)
        elif message.fuzzy:
            fuzzy.append(source.id)
        elif source.pluralizable and len(message.string) != catalogue.num_plurals:
            wrong_forms.append(source.id)
    assert not missing, f"untranslated in {language} (run pybabel update, then translate)"
    assert not fuzzy, f"fuzzy in {language}, so left out of the .mo: {fuzzy}"
    assert not wrong_forms, f"need {catalogue.num_plurals} plural forms: {wrong_forms}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    """A translation uses the source's placeholders, so formatting it never fails.

    Plural forms may leave the number out ("un seul", "قراران") but add nothing. Messages
    rendered by a template are %-formatted even without arguments, so a lone "%" breaks them.
    """
    catalogue = read_catalogue(po_path(language), language)
    problems = [
        f"{message.id!r}: {problem}" for message, errors in catalogue.check() for problem in errors
    ]
    for message in catalogue:
        if not message.id or not message.string:
            continue
        sources = forms(message.id)
        wanted = sorted(set().union(*(placeholders(source) for source in sources)))
        values = sample_values(" ".join(sources))
        formatted = message.python_format or any(
            path.startswith("templates/") for path, _line in message.locations
        )
        for translation in forms(message.string):
            found = placeholders(translation)
            if message.pluralizable:
                if not set(found) <= set(wanted):
                    problems.append(f"{message.id!r}: {translation!r} adds {found}")
            elif found != wanted:
                problems.append(f"{message.id!r}: {translation!r} has {found}, not {wanted}")
            if formatted:
                try:
                    translation % values
                except (KeyError, TypeError, ValueError) as error:
                    problems.append(f"{message.id!r}: {translation!r} fails: {error}")
    assert not problems, "\n".join(problems)


def test_messages_pot_has_every_message_of_the_code(template):
    """A string added to the code is in messages.pot, so it can be translated.

    Fails with the new messages: run pybabel extract and pybabel update (README).
    """
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file, "babel.cfg")
    keywords = dict(DEFAULT_KEYWORDS) | dict.fromkeys(EXTRA_KEYWORDS)
    # Walk only the folders babel.cfg names, not instance/ with its exports.
    tops = {pattern.split("/")[0] for pattern, _method in method_map}

    def in_sources(path: str) -> bool:
        relative = Path(path).relative_to(ROOT)
        return relative.parts[0] in tops and not relative.name.startswith((".", "_"))

    in_code = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, directory_filter=in_sources
    ):
        in_code[(forms(message), context)] = f"{filename}:{lineno}"
    in_template = {(forms(message.id), message.context) for message in template if message.id}
    assert in_code, "the extraction found no message at all: is babel.cfg right?"
    missing = [f"{where}: {ids[0]!r}" for (ids, context), where in in_code.items()
               if (ids, context) not in in_template]  # fmt: skip
    assert not missing, "not in messages.pot (run pybabel extract):\n" + "\n".join(missing)


# The app in another language. Languages are chosen from the browser's Accept-Language;
# get_in_language is the one place that knows how a page is asked for in a language.


@pytest.fixture
def app_config():
    return {"LANGUAGES": ["en", *LANGUAGES]}


def get_in_language(client, path: str, language: str):
    """The page at ``path`` in ``language``, as a reader reaches it.

    Public pages in a language other than the default live under its prefix (/fr/...);
    the sign-in page and /manage follow the browser's Accept-Language.
    """
    if path.startswith(("/login", "/manage")):
        return client.get(path, headers={"Accept-Language": language})
    prefix = "" if language == "en" else f"/{language}"
    return client.get(prefix + path)


def in_language(language: str):
    """gettext and ngettext of the compiled catalogue of ``language``."""
    translations = Translations.load(str(TRANSLATIONS), [language])
    assert isinstance(translations, Translations), f"no compiled catalogue for {language}"
    return translations.gettext, translations.ngettext


def heading(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)
    assert match, "the page has no heading"
    return html.unescape(match.group(1)).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_page_speaks_the_readers_language(client, language):
    gettext, _ngettext = in_language(language)
    response = get_in_language(client, "/login", language)
    page = html.unescape(response.get_data(as_text=True))

    assert response.status_code == 200
    assert f'<html lang="{language}"' in page
    assert heading(response) == gettext("Sign in") != "Sign in"
    # Form labels come from lazy_gettext in Python, not from the template.
    assert gettext("Password") in page
    assert ">Password<" not in page


def test_home_page_in_french_and_english(client):
    gettext, _ngettext = in_language("fr")
    french = html.unescape(get_in_language(client, "/", "fr").get_data(as_text=True))
    english = html.unescape(get_in_language(client, "/", "en").get_data(as_text=True))

    for words in ("Skip to content", "Guidelines", "Partners", "Coordinators: sign in"):
        assert gettext(words) != words
        assert gettext(words) in french
        assert words not in french
        assert words in english


def test_french_plural_forms_follow_the_catalogue_header(client):
    """French counts zero in the singular: an empty directory shows "0 partenaire"."""
    _gettext, ngettext = in_language("fr")
    page = html.unescape(get_in_language(client, "/partners/", "fr").get_data(as_text=True))
    zero = ngettext("%(num)d partner", "%(num)d partners", 0) % {"num": 0}
    assert zero == "0 partenaire"
    assert zero in page
