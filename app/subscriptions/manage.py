"""/manage/subscribers/: administrators find a subscriber by address, give them their data
and delete them. No page lists every address: the count is all there is to browse."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.accounts.models import Role
from app.extensions import db
from app.manage.access import allow_roles
from app.subscriptions import services
from app.subscriptions.models import Subscriber

# Under /manage, registered by the subscriptions feature: endpoints
# "subscriptions.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/subscribers")


def get_subscriber(subscriber_id: int) -> Subscriber:
    subscriber = db.session.get(Subscriber, subscriber_id)
    if subscriber is None:
        abort(404)
    return subscriber


@bp.route("/")
@allow_roles(Role.ADMIN)
def subscribers():
    text = request.args.get("q", "").strip()[:254]
    found = services.find_subscribers(text) if text else []
    return render_template(
        "subscriptions/manage/subscribers.html",
        counts=services.subscriber_counts(),
        text=text,
        found=found,
        at_most=services.FOUND_AT_MOST,
    )


@bp.route("/<int:subscriber_id>/data.json")
@allow_roles(Role.ADMIN)
def subscriber_data(subscriber_id: int):
    """Everything kept about one subscriber, to hand them when they ask."""
    subscriber = get_subscriber(subscriber_id)
    body = json.dumps(services.subscriber_data(subscriber), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="subscriber-{subscriber.id}.json"'
    )
    return response


@bp.route("/<int:subscriber_id>/delete", methods=["POST"])
@allow_roles(Role.ADMIN)
def delete_subscriber(subscriber_id: int):
    subscriber = get_subscriber(subscriber_id)
    email = subscriber.email
    services.delete_subscriber(subscriber)
    flash(_("%(email)s is deleted: it gets no more mail from this site.", email=email), "success")
    return redirect(url_for("subscriptions.manage.subscribers"), code=303)
