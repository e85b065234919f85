"""The A–Z index in a republished export: it depends on the partners' names alone.

Each test checks the republished export against a full export of the edited site.
"""

import pytest

from app.editing.services import publish_record, save_record
from app.export import run_export
from app.extensions import db
from app.partners.models import Partner
from tests.export_helpers import assert_same_as_a_full_export, exported
from tests.partners_helpers import make_partner

A_Z = "/search/all/"


@pytest.fixture
def partners(app):
    return {name: make_partner(app, name=name, slug=name.lower()) for name in ("Heron", "Ibis")}


@pytest.fixture
def site(app, partners, tmp_path):
    return exported(app, tmp_path / "site")


def edit_and_republish(app, out, record_id: int, **values) -> list[str]:
    """Edit and publish one partner, republish; the pages rendered."""
    with app.app_context():
        record = db.session.get(Partner, record_id)
        save_record(record, values, record.head_revision_id, None)
        publish_record(record, None)
        report = run_export(out, changes=[("partner", record_id)])
    assert report.ok, report.problems
    assert report.mode == "incremental", report.reason
    return report.rendered


def a_z_text(out) -> str:
    return (out / A_Z.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_an_edit_the_index_does_not_show_leaves_it_alone(app, partners, site, tmp_path):
    rendered = edit_and_republish(app, site, partners["Ibis"], description="Counts ibises.")
    assert "/partners/ibis/" in rendered
    assert A_Z not in rendered
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_rename_re_renders_the_index(app, partners, site, tmp_path):
    rendered = edit_and_republish(app, site, partners["Ibis"], name="Spoonbill", short_name="SB")
    assert A_Z in rendered
    assert "Spoonbill (SB)" in a_z_text(site) and "Ibis" not in a_z_text(site)
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_newly_published_partner_joins_the_index(app, site, tmp_path):
    new = make_partner(app, name="Jacana", slug="jacana")
    with app.app_context():
        report = run_export(site, changes=[("partner", new)])
    assert report.ok and report.mode == "incremental", (report.problems, report.reason)
    assert A_Z in report.rendered
    assert 'href="../../partners/jacana/index.html">Jacana</a>' in a_z_text(site)
    assert_same_as_a_full_export(app, site, tmp_path)
