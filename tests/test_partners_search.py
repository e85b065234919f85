"""Search structures: the same on a migrated database as on one built by create_all, and
used by the queries; plus the fixed data the directory relies on."""

import pycountry
from flask_migrate import upgrade
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from app.editing.services import create_record, publish_record
from app.extensions import db
from app.partners.demo import demo_partners
from app.partners.forms import PartnerForm
from app.partners.models import Partner
from app.partners.regions import REGION_OF
from app.partners.search import matching
from app.partners.vocab import GROUPS
from tests.conftest import make_app
from tests.partners_helpers import form_data
from tests.test_setup import close


def search_structures(app) -> set:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            rows = db.session.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master "
                    "WHERE name LIKE 'organisation_fts%' AND sql IS NOT NULL"
                )
            )
        else:
            rows = db.session.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search%' "
                    "UNION ALL SELECT column_name, generation_expression "
                    "FROM information_schema.columns WHERE table_name = 'organisation' "
                    "AND is_generated = 'ALWAYS'"
                )
            )
        return {tuple(row) for row in rows}


def found(app, words) -> list[str]:
    with app.app_context():
        matches = matching(words)
        statement = select(Partner.slug).where(matches.where)
        if matches.join is not None:
            statement = statement.join(matches.join, matches.join.c.organisation_id == Partner.id)
        return list(db.session.scalars(statement.order_by(*matches.order_by)))


def add_two(app):
    with app.app_context():
        for values in (
            {"name": "River Lab", "slug": "river-lab", "description": "Water quality"},
            {"name": "Water Union", "slug": "water-union", "description": "Farmers"},
        ):
            record = create_record(
                Partner, {"stakeholder_group": "academia", "country": "TH", **values}, None
            )
            publish_record(record, None)


def test_migrations_and_create_all_build_the_same_search(app, tmp_path, database_url):
    # ``database_url`` is an empty database of the same kind as the app's.
    migrated = make_app(tmp_path / "migrated", database_url)
    with migrated.app_context():
        upgrade()
    assert search_structures(migrated) == search_structures(app)
    assert search_structures(migrated)

    add_two(migrated)
    assert found(migrated, "water") == ["water-union", "river-lab"]
    with migrated.app_context():
        record = db.session.scalar(select(Partner).where(Partner.slug == "river-lab"))
        record.name = "Mekong Lab"  # the index follows an update...
        db.session.commit()
        assert found(migrated, "mekong") == ["river-lab"]
        db.session.delete(record)  # ...and a delete
        db.session.commit()
    assert found(migrated, "quality") == []
    close(migrated)


def test_postgresql_searches_through_the_gin_index(app):
    add_two(app)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            assert "organisation_fts" in db.inspect(db.engine).get_table_names()
            return
        statement = select(Partner.id).where(matching("water").where)
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        db.session.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
        assert "ix_organisation_search" in plan


def test_every_country_has_a_region():
    assert {country.alpha_2 for country in pycountry.countries} <= set(REGION_OF)


def test_the_demo_partners_pass_the_editors_form(app):
    partners = demo_partners()
    assert len(partners) >= 40
    assert {p["stakeholder_group"] for p in partners} == set(GROUPS)
    assert len({REGION_OF[p["country"]] for p in partners}) >= 5
    with app.test_request_context():
        for values in partners:
            form = PartnerForm(formdata=MultiDict(form_data(values)), meta={"csrf": False})
            assert form.validate(), (values["slug"], form.errors)
