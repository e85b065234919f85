from flask import render_template, request

from app.htmx import render_page
from app.search import bp
from app.search.services import SearchQuery, list_everything, search_site


@bp.route("/search/")
def index():
    """The search page; htmx asks for the results fragment alone as the reader types."""
    results = search_site(SearchQuery.from_args(request.args))
    return render_page("search/index.html", "search/_results.html", results=results)


@bp.route("/search/all/")
def everything():
    return render_template("search/all.html", letters=list_everything())
