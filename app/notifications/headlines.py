"""A notice's headline, written in the language it is mailed in."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from app.notifications.models import Notice

HEADLINES = {
    "application": _l("New application to join: %(subject)s"),
    "suggestion": _l("A partner suggested an edit of %(subject)s"),
    "conflict": _l("A conflict is waiting to be resolved in %(subject)s"),
    "publish-failed": _l("Publish failed"),
    "accepted": _l("Your suggested edit of %(subject)s was accepted"),
    "declined": _l("Your suggested edit of %(subject)s was declined"),
    "yearly-check": _l("Is the entry of %(subject)s still right?"),
    "action-reminder": _l("Action due on %(date)s: %(subject)s"),
    "action-overdue": _l("Action overdue since %(date)s: %(subject)s"),
}


def notice_headline(notice: Notice) -> str:
    """The notice's one-line title, in the current locale."""
    date = format_date(notice.due_on, "long") if notice.due_on else ""
    return str(HEADLINES[notice.event]) % {"subject": notice.subject, "date": date}
