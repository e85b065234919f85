from flask import current_app, render_template

from app.features import home_panels
from app.home import bp

# How many of each panel's latest items the home page shows.
LATEST_PER_PANEL = 3


@bp.route("/")
def index():
    latest = [(panel.template, item) for panel in home_panels()
              for item in panel.latest(LATEST_PER_PANEL)]  # fmt: skip
    has_feed = "feeds.atom" in current_app.view_functions
    return render_template("home/index.html", latest=latest, has_feed=has_feed)
