"""Text shown in the default language on a page in another language says so: ``lang`` and
``dir`` on the text, and the note "Not yet translated" above it, as a step's page has."""

import re

import pytest

from tests.guideline_helpers import import_bundled

NOTES = {
    "fr": '<p class="untranslated">Pas encore traduit en Français.</p>',
    "es": '<p class="untranslated">Aún sin traducir al Español.</p>',
    "ar": '<p class="untranslated">لم يُترجم بعد إلى العربية.</p>',
}


@pytest.fixture
def guide(app):
    import_bundled(app)
    return app


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
@pytest.mark.parametrize("path", ["/guidelines/governance/", "/guidelines/success-factors/"])
def test_sections_in_english_are_marked_as_english(client, guide, language, path):
    html = client.get(f"/{language}{path}").get_data(as_text=True)
    assert f'<html lang="{language}"' in html
    sections = re.findall(r'<section class="entry".*?</section>', html, re.S)
    assert sections
    for section in sections:
        # Left to right even on an Arabic page: the English runs its own way.
        assert '<div class="fallback" lang="en" dir="ltr">' in section, section[:300]
        assert NOTES[language] in section
        assert '<p class="lead" lang="en" dir="ltr">' in section


def test_sections_in_the_default_language_carry_no_mark(client, guide):
    html = client.get("/guidelines/governance/").get_data(as_text=True)
    assert 'class="fallback"' not in html and 'class="untranslated"' not in html
    assert '<span lang="en"' not in html


def test_the_home_page_marks_the_coalitions_own_words_in_english(client):
    french = client.get("/fr/").get_data(as_text=True)
    assert NOTES["fr"] in french
    assert re.search(r'<p class="lead" lang="en" dir="ltr">A multi-stakeholder partnership', french)
    arabic = client.get("/ar/").get_data(as_text=True)
    assert '<p class="lead" lang="en" dir="ltr">' in arabic and NOTES["ar"] in arabic
    english = client.get("/").get_data(as_text=True)
    assert 'class="untranslated"' not in english
    assert '<p class="lead">A multi-stakeholder partnership' in english
