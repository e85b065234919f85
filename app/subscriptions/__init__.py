"""Subscriptions: readers get a digest by email of what the partnership publishes.

/subscribe/ (live only) takes an address, what to follow, how often and the language;
the address is confirmed by a link in a mail (double opt-in). An hourly job sends each
confirmed subscriber whose daily or weekly digest is due what was published since, and
every digest unsubscribes in one click (RFC 8058). Administrators find, export and delete
subscribers at /manage/subscribers/. Subscribers are never public: no page, feed, dataset,
search or export shows them.
"""

from flask import Blueprint, Flask

bp = Blueprint("subscriptions", __name__)


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.features import Feature, Link, register_feature
    from app.subscriptions import (
        manage,
        tasks,  # noqa: F401  (the periodic jobs)
        views,  # noqa: F401
    )
    from app.subscriptions.links import shows_subscribe_form, subscribe_link

    register_feature(
        app,
        Feature(
            "subscriptions",
            bp,
            manage_blueprint=manage.bp,
            manage_links=(
                Link("subscriptions.manage.subscribers", _l("Subscribers"), group="publishing"),
            ),
            live_only=("/subscribe",),
            template_globals=(shows_subscribe_form, subscribe_link),
        ),
    )
