"""The funding register at /funding/: sources, totals per year, shares by funder."""

from flask import Blueprint

from app.export.registry import register_parents, register_public_urls

bp = Blueprint("funding", __name__)


def funding_urls():
    yield "funding.index", {}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.funding import services
    from app.funding.models import FundingSource

    register_public_urls(state.app, funding_urls, endpoints=["funding.index"])
    # A report's page lists the funding it accounts for.
    register_parents(state.app, FundingSource.record_type, services.reports_of_sources)


from app.funding import views  # noqa: E402, F401
