"""/manage/outbox/: the messages written to the outbox, for administrators to read."""

from flask import abort, render_template, request

from app.accounts.models import Role
from app.mail import manage_bp as bp
from app.mail.outbox import outbox_message, outbox_page
from app.manage.access import allow_roles

PER_PAGE = 25


@bp.route("/")
@allow_roles(Role.ADMIN)
def outbox():
    page = max(request.args.get("page", 1, type=int), 1)
    messages, count = outbox_page(page, PER_PAGE)
    pages = max((count + PER_PAGE - 1) // PER_PAGE, 1)
    return render_template(
        "mail/outbox.html", messages=messages, count=count, page=page, pages=pages
    )


@bp.route("/<name>")
@allow_roles(Role.ADMIN)
def message(name: str):
    found = outbox_message(name)
    if found is None:
        abort(404)
    return render_template("mail/message.html", message=found)
