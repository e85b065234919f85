"""/subscribe/: the public form, the confirmation, and the pages a subscriber's links open.

Live only: a static copy cannot take a subscription, so none of these is exported; the
export's pages link to the live /subscribe/ instead (``subscribe_link``).
"""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import csrf, limiter
from app.subscriptions import bp, services
from app.subscriptions.forms import SubscribeForm, preferences_form


def subscribe_limit() -> str:
    return current_app.config["SUBSCRIBE_RATE_LIMIT"]


def from_footer() -> bool:
    """The footer's form, which only fills in the address of this page's form."""
    return request.method == "POST" and "footer" in request.form


@bp.route("/subscribe/", methods=["GET", "POST"])
# The form checks its own token: a post without one (the footer's) subscribes no one.
@csrf.exempt
@limiter.limit(subscribe_limit, methods=["POST"], exempt_when=from_footer)
def subscribe():
    if from_footer():
        form = SubscribeForm(formdata=None)
        form.fill_defaults()
        form.email.data = request.form.get("email", "").strip()[:254]
        return render_template("subscriptions/subscribe.html", form=form)
    form = SubscribeForm()
    if form.validate_on_submit():
        services.request_subscription(
            form.email.data, form.kinds(), form.frequency.data, form.language.data
        )
        # One answer whatever the address's state: the form tells no one who subscribes.
        return redirect(url_for("subscriptions.sent"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("subscriptions/subscribe.html", form=form), status


@bp.route("/subscribe/sent/")
def sent():
    return render_template("subscriptions/sent.html")


@bp.route("/subscribe/confirm/<token>/", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows a button, POST confirms: a mail scanner that opens every link in a mail
    must not subscribe an address its owner never confirmed."""
    if request.method == "POST":
        subscriber = services.confirm_subscription(token)
    else:
        subscriber = services.subscriber_to_confirm(token)
    if subscriber is None:
        return render_refused(_("This confirmation link has expired or is not valid."))
    if request.method == "POST":
        return render_template("subscriptions/confirmed.html", subscriber=subscriber)
    return render_template("subscriptions/confirm.html", token=token)


@bp.route("/subscribe/manage/<token>/", methods=["GET", "POST"])
def manage_subscription(token: str):
    try:
        subscriber = services.subscriber_of_link(token)
    except services.TokenRefused:
        return render_refused(_("This link is not valid."))
    if subscriber is None:
        return render_template("subscriptions/gone.html")
    form = preferences_form(subscriber)
    if form.validate_on_submit():
        services.update_subscription(
            subscriber, form.kinds(), form.frequency.data, form.language.data
        )
        return render_template(
            "subscriptions/manage.html", form=form, token=token, subscriber=subscriber,
            saved=True,
        )  # fmt: skip
    status = 422 if request.method == "POST" else 200
    return render_template(
        "subscriptions/manage.html", form=form, token=token, subscriber=subscriber
    ), status


# Exempt from the CSRF token by design: this is the List-Unsubscribe-Post address of every
# digest (RFC 8058), which mail providers POST to from their own servers, with no session
# and no form token. The signed token in the URL is the proof instead: only the mail's
# recipient has it, and it can do nothing but end that one subscription. A GET never
# unsubscribes, since mail scanners open every link in a mail.
@bp.route("/subscribe/unsubscribe/<token>/", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    try:
        subscriber = services.subscriber_of_link(token)
    except services.TokenRefused:
        return render_refused(_("This link is not valid."))
    if request.method == "GET":
        if subscriber is None:
            return render_template("subscriptions/gone.html")
        return render_template("subscriptions/unsubscribe.html", token=token)
    if subscriber is not None:
        services.delete_subscriber(subscriber)
    return render_template("subscriptions/unsubscribed.html")


def render_refused(message: str):
    return render_template("subscriptions/refused.html", message=message), 404
