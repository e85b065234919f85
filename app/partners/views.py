from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.export.state import depends_on
from app.htmx import render_page, wants_fragment
from app.partners import bp
from app.partners.applications import submit_application, too_many_from
from app.partners.balance import balance_charts
from app.partners.facets import FacetPage, directory_depends_on, facet_cards, facet_page
from app.partners.forms import ApplicationForm
from app.partners.freshness import freshness_of
from app.partners.publishing import json_ld, logo_of, public_contact, targets_by_goal
from app.partners.services import (
    Query,
    browse_links,
    published_organisation,
    search_partners,
)
from app.partners.vocab import GROUPS, countries, localised_countries
from app.sdgs import SDGS
from app.site.services import site_settings
from app.translating.services import localise


@bp.route("/partners/")
def index():
    return _render_directory(Query.from_args(request.args))


@bp.route("/partners/page/<int:page>/")
def index_page(page: int):
    """A page of the whole directory at an address of its own, as the static copy (which
    has no query strings) links its pages; the live site's search pages by ``?page=``."""
    if page == 1:
        return redirect(url_for("partners.index"), code=301)
    if page < 1:
        abort(404)
    return _render_directory(Query(page=page), past_the_last_page=404)


def _render_directory(query: Query, past_the_last_page: int | None = None):
    """The directory for ``query``; ``past_the_last_page``: the error status for a page
    number beyond the results (None: the last page is shown instead)."""
    asked = query.page
    results = search_partners(query)
    if query.text or query.group or query.country or query.sdg or query.role:
        depends_on("partner")  # a search (never exported) may show any partner
    else:
        directory_depends_on(results.organisations)
    if past_the_last_page and asked > results.pages:
        abort(past_the_last_page)
    context = {"results": results}
    if not wants_fragment():
        # Only the whole page shows these; a search or a facet change swaps the results.
        context["browse"] = browse_links()
        context["charts"] = balance_charts(_("By stakeholder group"), _("By region"))
    return render_page("partners/index.html", "partners/_results.html", **context)


@bp.route("/partners/group/<group>/", defaults={"page": 1})
@bp.route("/partners/group/<group>/page/<int:page>/")
def group(group: str, page: int):
    if group not in GROUPS:
        abort(404)
    return _render_facet(
        facet_page("group", group, page),
        heading=GROUPS[group],
        kind=_("Stakeholder group"),
        page_args={"group": group},
        search_args={"group": group},
    )


@bp.route("/partners/country/<iso>/", defaults={"page": 1})
@bp.route("/partners/country/<iso>/page/<int:page>/")
def country(iso: str, page: int):
    code = iso.upper()
    if code not in countries():
        abort(404)
    if iso != code.lower():
        return redirect(url_for("partners.country", iso=code.lower(), page=page), code=301)
    listing = facet_page("country", code, page)
    if not listing.total:
        abort(404)
    return _render_facet(
        listing,
        heading=localised_countries()[code],
        kind=_("Country"),
        page_args={"iso": iso},
        search_args={"country": iso},
    )


@bp.route("/partners/sdg/<int:goal>/", defaults={"page": 1})
@bp.route("/partners/sdg/<int:goal>/page/<int:page>/")
def sdg(goal: int, page: int):
    if goal not in SDGS:
        abort(404)
    return _render_facet(
        facet_page("sdg", goal, page),
        heading=_("SDG %(n)d: %(name)s", n=goal, name=SDGS[goal]),
        kind=_("Sustainable Development Goal"),
        page_args={"goal": goal},
        search_args={"sdg": goal},
    )


def _render_facet(listing: FacetPage, **context):
    return render_template(
        "partners/facet.html",
        listing=listing,
        cards=facet_cards(listing.organisations),
        **context,
    )


@bp.route("/partners/<slug>/")
def partner(slug: str):
    record = published_organisation(slug)
    if record is None:
        abort(404)
    depends_on("partner", record.id)
    # In another language, its name and description as its published translation has them;
    # its address (the slug) is the same in every language.
    shown = localise(record)
    return render_template(
        "partners/partner.html",
        organisation=shown,
        record=record,
        contact=public_contact(record),
        freshness=freshness_of(record.last_confirmed_on),
        logo=logo_of(record),
        targets=targets_by_goal(record),
        # Structured data names it in the default language, as a meeting's does.
        json_ld=json_ld(record, site_settings()["name"]),
    )


@bp.route("/partners/apply/", methods=["GET", "POST"])
def apply():
    form = ApplicationForm()
    if form.validate_on_submit():
        if form.homepage.data:
            # A robot filled in the hidden field: thank it and keep nothing.
            return redirect(url_for("partners.application_sent"), code=303)
        if too_many_from(request.remote_addr):
            flash(
                _(
                    "Too many applications were sent from your address. Please try again "
                    "in an hour."
                ),
                "error",
            )
            return render_template("partners/apply.html", form=form), 429
        submit_application(form.values(), request.remote_addr)
        return redirect(url_for("partners.application_sent"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("partners/apply.html", form=form), status


@bp.route("/partners/apply/sent/")
def application_sent():
    return render_template("partners/apply_sent.html")
