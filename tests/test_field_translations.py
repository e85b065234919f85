"""Every editable kind's own translatable fields: partners, governance bodies, meetings,
decisions, actions, funding and the guideline's tasks and places, in the language of the
page that shows them."""

import re

import pytest

from app.decisions.models import Action, Decision
from app.editing.services import create_record, publish_record
from app.extensions import db
from app.funding.models import FundingSource
from app.guideline.models import GuidelinePage
from app.meetings.models import GovernanceBody, Meeting
from app.partners.models import Partner
from app.translating.services import save_translation
from tests.editing_helpers import form_fields, signed_in_client
from tests.partners_helpers import make_partner
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
)

KEY = "2025-03-04-sc"
MEETING = f"/meetings/{KEY}/"
STEP = "/guidelines/initiation/getting-started/"
CASE = "/guidelines/cases/delta-dialogue/"
FALLBACK = 'lang="en" dir="ltr"'
NOTE = r'<p class="untranslated">[^<]+</p>'


def guideline_page(**values) -> int:
    defaults = {"title": "", "slug": "", "number": None, "letter": "", "module": "",
                "summary": "", "body": "", "tasks": [], "steps": [], "box": "", "place": "",
                "sources": []}  # fmt: skip
    record = create_record(GuidelinePage, {**defaults, **values}, None)
    publish_record(record, None)
    return record.id


@pytest.fixture
def records(app):
    """One record of each kind, all published, in English; returns their ids."""
    partner = make_partner(app, name="Mekong River Commission", slug="mrc",
                           description="Works for the river.")  # fmt: skip
    with app.app_context():
        body = make_body("Steering Committee", "sc", members=["mrc"],
                         terms_of_reference="Meets twice a year.")  # fmt: skip
        meeting = make_meeting(body, "2025-03-04", slug="sc", title="Budget meeting",
                               place="Vientiane", agenda=["Budget", "Work plan"],
                               attendance=["mrc"])  # fmt: skip
        decision = make_decision(meeting, "SC-2025-01", "Set the fees",
                                 text="The fees are set at 100.")  # fmt: skip
        action = make_action(decision, "mrc", "2030-01-01", title="Invoice the members",
                             progress_note="Invoices sent.")  # fmt: skip
        funding = make_funding("mrc", "1000", purpose="Flood maps")
        guideline_page(kind="module", title="Initiation", slug="initiation", letter="A")
        step = guideline_page(kind="step", title="Getting started", slug="getting-started",
                              module="initiation", number=1, body="## Task 1.1: Find partners",
                              tasks=[{"number": "1.1", "title": "Find partners"},
                                     {"number": "1.2", "title": "Agree the aims"}])  # fmt: skip
        case = guideline_page(kind="case", title="Delta dialogue", slug="delta-dialogue",
                              place="Mekong Delta", steps=[1])  # fmt: skip
        db.session.commit()
    return {"partner": partner, "governance-body": body, "meeting": meeting,
            "decision": decision, "action": action, "funding": funding, "step": step,
            "case": case}  # fmt: skip


MODELS = {"partner": Partner, "governance-body": GovernanceBody, "meeting": Meeting,
          "decision": Decision, "action": Action, "funding": FundingSource,
          "step": GuidelinePage, "case": GuidelinePage}  # fmt: skip


def translate(app, records, which, language="fr", publish=True, **values):
    with app.app_context():
        record = db.session.get(MODELS[which], records[which])
        translation, _result = save_translation(record, language, values, None, None,
                                                publish=publish)  # fmt: skip
        db.session.commit()
        return translation.id


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# which record, its translated fields, then (page, what the page shows) with the translation
# published, and the original text that the translation replaces there.
CASES = [
    ("partner", {"name": "Commission du Mékong", "description": "Œuvre pour le fleuve."},
     [("/partners/mrc/", "<span>Commission du Mékong</span>"),
      ("/partners/mrc/", "<p>Œuvre pour le fleuve.</p>"),
      ("/partners/", ">Commission du Mékong</a>"),
      ("/partners/group/civil-society/", ">Commission du Mékong</a>"),
      (MEETING, '<a href="/fr/partners/mrc/">Commission du Mékong</a>'),
      ("/funding/", '<a href="/fr/partners/mrc/">Commission du Mékong</a>')],
     ["Mekong River Commission", "Works for the river."]),
    ("governance-body",
     {"name": "Comité de pilotage", "terms_of_reference": "Se réunit deux fois."},
     [("/meetings/bodies/sc/", "<h1>Comité de pilotage</h1>"),
      ("/meetings/bodies/sc/", "<p>Se réunit deux fois.</p>"),
      ("/meetings/", ">Comité de pilotage</a>"),
      (MEETING, ">Comité de pilotage</a>")],
     ["Steering Committee", "Meets twice a year."]),
    ("meeting", {"place": "Vientiane (Laos)", "agenda": "Budget annuel\nPlan de travail"},
     [(MEETING, "<dd><span>Vientiane (Laos)</span></dd>"),
      (MEETING, "<li>Budget annuel</li>\n    <li>Plan de travail</li>")],
     ["<dd><span>Vientiane</span>", "<li>Budget</li>", "Work plan"]),
    ("decision", {"text": "Les cotisations sont fixées à 100."},
     [("/decisions/", "<p>Les cotisations sont fixées à 100.</p>"),
      (MEETING, "<p>Les cotisations sont fixées à 100.</p>")],
     ["The fees are set at 100."]),
    ("action", {"progress_note": "Factures envoyées."},
     [("/decisions/", '<span class="muted small">Factures envoyées.</span>'),
      (MEETING, '<span class="muted small">Factures envoyées.</span>')],
     ["Invoices sent."]),
    ("funding", {"purpose": "Cartes des crues"},
     [("/funding/", "<span>Cartes des crues</span>")],
     ["Flood maps"]),
    ("step", {"tasks": "Trouver des partenaires\nS'accorder sur les buts"},
     [(STEP, "Tâche 1.1: <span>Trouver des partenaires</span></a>"),
      (STEP, "<span>S&#39;accorder sur les buts</span>")],
     ["Find partners</span>", "Agree the aims"]),
    ("case", {"place": "Delta du Mékong"},
     [(CASE, "<dd><span>Delta du Mékong</span></dd>"),
      ("/guidelines/cases/", '<span class="muted">(Delta du Mékong)</span>')],
     ["Mekong Delta"]),
]  # fmt: skip


@pytest.mark.parametrize(("which", "values", "shown", "originals"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
def test_a_published_translation_is_shown_on_the_pages_of_its_language(
    app, client, records, which, values, shown, originals
):
    translate(app, records, which, **values)
    for path, snippet in shown:
        french = text(client, "/fr" + path)
        assert snippet in french, (path, snippet)
        seen = french.split("</head>", 1)[1]  # structured data for machines stays as it is
        for original in originals:
            assert original not in seen, (path, original)
    # The default language and the other languages keep the original.
    for path, _snippet in shown:
        for prefix in ("", "/es"):
            page = text(client, prefix + path)
            assert any(original in page for original in originals), (prefix, path)
            assert all(value.splitlines()[0] not in page for value in values.values())


@pytest.mark.parametrize(("which", "values", "shown", "originals"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
def test_a_draft_translation_stays_private(app, client, records, which, values, shown, originals):
    translate(app, records, which, publish=False, **values)
    for path, _snippet in shown:
        french = text(client, "/fr" + path)
        assert all(value.splitlines()[0] not in french for value in values.values()), path
        assert any(original in french for original in originals), path


def test_untranslated_fields_show_the_original_under_the_note(app, client, records):
    # The partner's name is translated, its description is not.
    translate(app, records, "partner", name="Commission du Mékong")
    partner = text(client, "/fr/partners/mrc/")
    assert "<h1><span>Commission du Mékong</span></h1>" in partner
    assert re.search(NOTE + rf'\s*<div class="fallback" {FALLBACK}>\s*<p>Works for the river.</p>',
                     partner), partner  # fmt: skip
    arabic = text(client, "/ar/partners/mrc/")
    assert re.search(rf"<h1><span {FALLBACK}>Mekong River Commission</span></h1>\s*</header>"
                     rf"\s*{NOTE}", arabic), arabic  # fmt: skip
    assert f'<a href="/ar/partners/mrc/" {FALLBACK}>Mekong River Commission</a>' in text(
        client, "/ar/partners/"
    )
    body = text(client, "/es/meetings/bodies/sc/")
    assert re.search(rf"<h1 {FALLBACK}>Steering Committee</h1>\s*{NOTE}", body), body
    assert re.search(rf'{NOTE}\s*<div class="fallback" {FALLBACK}>\s*<div class="prose"><p>'
                     r"Meets twice a year.</p>", body), body  # fmt: skip
    meeting = text(client, f"/es{MEETING}")
    assert re.search(rf"<dd><span {FALLBACK}>Vientiane</span>{NOTE}</dd>", meeting), meeting
    assert re.search(rf'{NOTE}\s*<div class="fallback" {FALLBACK}>\s*<ol>\s*<li>Budget</li>',
                     meeting), meeting  # fmt: skip
    assert re.search(rf'{NOTE}\s*<div class="fallback" {FALLBACK}>\s*<div class="prose"><p>'
                     r"The fees are set at 100.</p>", meeting), meeting  # fmt: skip
    assert re.search(rf"<span class=\"muted small\" {FALLBACK}>Invoices sent.</span>{NOTE}",
                     meeting), meeting  # fmt: skip
    funding = text(client, "/es/funding/")
    assert re.search(
        rf"<td data-label=\"[^\"]+\"><span {FALLBACK}>Flood maps</span>{NOTE}", funding
    ), funding
    case = text(client, f"/es{CASE}")
    assert re.search(rf"<dd><span {FALLBACK}>Mekong Delta</span>{NOTE}</dd>", case), case
    step = text(client, f"/es{STEP}")
    assert f"<span {FALLBACK}>Find partners</span>" in step
    # The default language never carries the note.
    for path in ("/partners/mrc/", "/meetings/bodies/sc/", MEETING, "/funding/", CASE):
        assert 'class="untranslated"' not in text(client, path), path


def test_a_list_translation_keeps_the_original_items_it_leaves_empty(app, client, records):
    translate(app, records, "meeting", agenda="\nPlan de travail\nUn point de trop")
    french = text(client, f"/fr{MEETING}")
    assert "<li>Budget</li>\n    <li>Plan de travail</li>\n  </ol>" in french
    assert "Un point de trop" not in french  # a translation adds no item
    translate(app, records, "step", tasks="\nS'accorder sur les buts")
    step = text(client, f"/fr{STEP}")
    assert "Find partners</span>" in step and "S&#39;accorder sur les buts</span>" in step
    # Numbers and anchors stay the record's own.
    assert 'href="#task-1-2"' in step


def test_a_translated_name_leaves_the_partners_address_and_order_alone(app, client, records):
    make_partner(app, name="Asian Institute", slug="asian-institute")
    translate(app, records, "partner", name="Commission du Mékong")
    listing = text(client, "/fr/partners/")
    # Sorted by the names in the default language: Asian Institute, Mekong River Commission.
    first, second = listing.index("Asian Institute"), listing.index("Commission du Mékong")
    assert first < second
    assert '<a href="/fr/partners/mrc/">Commission du Mékong</a>' in listing
    assert client.get("/fr/partners/commission-du-mekong/").status_code == 404


def two_editors(app, make_user, url):
    first = signed_in_client(app, make_user("editor"))
    second = signed_in_client(app, make_user("editor"))
    return (first, form_fields(first.get(url))), (second, form_fields(second.get(url)))


def test_two_editors_of_one_translation_merge_or_keep_a_conflict(app, records, make_user):
    url = f"/manage/translations/partner/{records['partner']}/fr"
    translate(app, records, "partner", publish=False, name="Commission",
              description="Pour le fleuve.")  # fmt: skip
    (first, mine), (second, theirs) = two_editors(app, make_user, url)
    # Different fields: both changes are kept.
    assert second.post(url, data={**theirs, "name": "Commission du Mékong"}).status_code == 303
    assert first.post(url, data={**mine, "description": "Œuvre pour le fleuve."}).status_code == 303
    form = form_fields(first.get(url))
    assert (form["name"], form["description"]) == ("Commission du Mékong", "Œuvre pour le fleuve.")
    # The same field: the second save is kept aside as a conflict, nothing overwritten.
    (first, mine), (second, theirs) = two_editors(app, make_user, url)
    assert second.post(url, data={**theirs, "name": "Commission A"}).status_code == 303
    response = first.post(url, data={**mine, "name": "Commission B"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This was changed elsewhere while you were editing" in page
    assert 'value="Commission B"' in page  # the editor's text is kept in the form
    assert form_fields(second.get(url))["name"] == "Commission A"
    history = page[page.index('id="revisions"') :]
    assert "conflict" in history
    # Nothing of the drafts reaches the public page.
    french = app.test_client().get("/fr/partners/mrc/").get_data(as_text=True)
    assert "Commission A" not in french and "Mekong River Commission" in french


def test_the_dashboard_counts_the_translations_of_every_kind(app, records, make_user):
    make_partner(app, name="Asian Institute", slug="asian-institute")
    translate(app, records, "partner", name="Commission du Mékong")
    translate(app, records, "partner", language="es", publish=False, name="Comisión")
    translate(app, records, "governance-body", language="ar", name="اللجنة التوجيهية")
    translate(app, records, "funding", purpose="Cartes des crues")
    client = signed_in_client(app, make_user("editor"))
    body = client.get("/manage/").get_data(as_text=True)

    def row(plural):
        cells = re.search(rf'<tr><th scope="row">{plural}</th>(.*?)</tr>', body, re.S).group(1)
        return re.findall(r'data-language="(\w+)">([^<]+)<', cells)

    assert row("Partners") == [("fr", "1 / 2"), ("es", "0 / 2"), ("ar", "0 / 2")]
    assert row("Governance bodies") == [("fr", "0 / 1"), ("es", "0 / 1"), ("ar", "1 / 1")]
    assert row("Funding") == [("fr", "1 / 1"), ("es", "0 / 1"), ("ar", "0 / 1")]
    assert row("Meetings") == [("fr", "0 / 1"), ("es", "0 / 1"), ("ar", "0 / 1")]


def test_the_export_names_the_partner_in_each_language_and_follows_its_translations(
    app, records, tmp_path
):
    from app.export import run_export
    from tests.export_helpers import all_text, broken_links

    translate(app, records, "partner", name="Commission du Mékong")
    translate(app, records, "partner", language="es", publish=False, name="Borrador")
    out = tmp_path / "site"
    with app.app_context():
        report = run_export(out)
    assert report.ok and report.mode == "full", report.problems
    assert broken_links(out) == []

    def page(path):
        return (out / path.lstrip("/") / "index.html").read_text(encoding="utf-8")

    assert "<span>Commission du Mékong</span></h1>" in page("/fr/partners/mrc/")
    for path in ("/fr/partners/", "/fr/partners/group/civil-society/", f"/fr{MEETING}"):
        assert "Commission du Mékong</a>" in page(path), path
    assert "Mekong River Commission</span></h1>" in page("/partners/mrc/")
    assert f"<span {FALLBACK}>Mekong River Commission</span></h1>" in page("/es/partners/mrc/")
    assert "Borrador" not in all_text(out)

    # A new translation re-renders the pages of its language that show the record.
    translation = translate(app, records, "governance-body", name="Comité de pilotage")
    with app.app_context():
        report = run_export(out, changes=[("translation", translation)])
    assert report.ok and report.mode == "incremental", report.problems
    rendered = set(report.rendered) - {"/sitemap.xml"}
    assert {"/fr/meetings/bodies/sc/", "/fr/meetings/", f"/fr{MEETING}"} <= rendered
    assert all(path.startswith("/fr/") for path in rendered), rendered
    assert "<h1>Comité de pilotage</h1>" in page("/fr/meetings/bodies/sc/")
    assert broken_links(out) == []


def test_the_demo_shows_a_partner_and_the_governing_bodies_translated(app):
    from app.demo import load_demo

    with app.app_context():
        load_demo()
        assert "translations" not in load_demo()  # a second run adds none
    reader = app.test_client()
    partner = text(reader, "/fr/partners/mdwp-secretariat/")
    assert "Secrétariat du Partenariat pour l&#39;eau du delta du Mékong</span>" in partner
    assert 'class="untranslated"' not in partner.split('id="about"', 1)[1].split("</section>")[0]
    assembly = text(reader, "/ar/meetings/bodies/general-assembly/")
    assert "<h1>الجمعية العامة</h1>" in assembly
    assert "<li>تعتمد الاستراتيجية وخطة العمل والميزانية السنوية.</li>" in assembly
    # The Steering Committee's terms are not translated: English, under the note.
    committee = text(reader, "/es/meetings/bodies/steering-committee/")
    assert "<h1>Comité Directivo</h1>" in committee
    assert f'<div class="fallback" {FALLBACK}>' in committee


def test_the_form_shows_a_lists_original_items_and_how_to_translate_them(app, records, make_user):
    client = signed_in_client(app, make_user("editor"))
    page = client.get(f"/manage/translations/meeting/{records['meeting']}/ar").get_data(
        as_text=True
    )
    assert "<ol><li>Budget</li><li>Work plan</li></ol>" in page
    assert re.search(r'<p class="hint" id="agenda-hint">One line per item[^<]*</p>\s*'
                     r'<textarea aria-describedby="agenda-hint" dir="rtl" id="agenda" lang="ar"',
                     page), page  # fmt: skip
    step = client.get(f"/manage/translations/guideline-page/{records['step']}/fr")
    assert "<ol><li>Find partners</li><li>Agree the aims</li></ol>" in step.get_data(as_text=True)


def test_a_partner_user_cannot_publish_a_translation_of_their_own_entry(app, records, make_user):
    # Their edits of the entry itself go to review; a translation would go straight out.
    partner = signed_in_client(app, make_user("partner", organisation="mrc"))
    edit = partner.get(f"/manage/partner/{records['partner']}/edit")
    assert edit.status_code == 200 and "/manage/translations/" not in edit.get_data(as_text=True)
    url = f"/manage/translations/partner/{records['partner']}/fr"
    assert partner.get(url).status_code == 403
