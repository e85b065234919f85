"""The funding register at /funding/: sources, totals per year, shares by funder."""

from flask import Blueprint, Flask

bp = Blueprint("funding", __name__)


def funding_urls():
    yield "funding.index", {}


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.features import (
        Feature,
        FeedSource,
        Link,
        PublicUrls,
        SearchSource,
        register_feature,
    )  # fmt: skip
    from app.funding import (
        services,
        views,  # noqa: F401
    )
    from app.funding.feeds import funding_entries as funding_feed
    from app.funding.kinds import FUNDING_KIND
    from app.funding.models import FundingSource
    from app.funding.opendata import FUNDING_FIELDS, funding_rows
    from app.funding.search import funding_entries
    from app.opendata.tables import table_dataset

    register_feature(
        app,
        Feature(
            "funding",
            bp,
            kinds=(FUNDING_KIND,),
            public_urls=(PublicUrls(funding_urls, endpoints=("funding.index",)),),
            # A report's page lists the funding it accounts for.
            parents=((FundingSource.record_type, services.reports_of_sources),),
            # Lines of the funding page: found by search, left out of the A–Z index.
            search=(SearchSource("funding", _l("Funding"), funding_entries, a_z=False),),
            feeds=(FeedSource("funding", funding_feed, "funding.index", _l("funding")),),
            datasets=(
                table_dataset(
                    "funding", _l("Funding"), FUNDING_FIELDS, funding_rows, ("funding", "report")
                ),
            ),  # fmt: skip
            navigation=Link("funding.index", _l("Funding")),
        ),
    )
