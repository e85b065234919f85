"""A kind of record that exists only in tests: notes at /notes/<slug>/.

It proves that a feature declares itself once: installed with
``create_app({"EXTRA_FEATURES": ["tests.throwaway_feature"]})`` and no other edit to the
app, its notes appear in /manage, search, the A–Z index, the feeds, open data, the sitemap
and the export.
"""

from flask import Blueprint, Flask

bp = Blueprint("throwaway", __name__, template_folder="templates")


def note_urls():
    from tests.throwaway_feature.services import published_notes

    for note in published_notes():
        yield "throwaway.note", {"slug": note.slug}


def init_app(app: Flask) -> None:
    from app.features import Feature, FeedSource, PublicUrls, SearchSource, register_feature
    from app.opendata.tables import table_dataset
    from tests.throwaway_feature import services
    from tests.throwaway_feature.kinds import NOTE_KIND

    register_feature(
        app,
        Feature(
            "throwaway",
            bp,
            kinds=(NOTE_KIND,),
            public_urls=(PublicUrls(note_urls, endpoints=("throwaway.note",)),),
            search=(SearchSource("note", "Note", services.note_entries, shown_as="note"),),
            feeds=(FeedSource("notes", services.feed_entries, "home.index", "notes"),),
            datasets=(
                table_dataset(
                    "notes", "Notes", ("title", "slug", "body"), services.note_rows, ("note",)
                ),
            ),  # fmt: skip
            public_actions=frozenset({"publish"}),
        ),
    )


from tests.throwaway_feature import views  # noqa: E402, F401
