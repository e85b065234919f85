"""Notifications: coordinators hear of applications, suggested edits, conflicts and failed
Publish runs; partner contacts of the answers to their suggestions, of their actions' due
dates and, once a year, whether their entry is still right.

Each user chooses per kind, on /manage/account/, to be mailed at once, in a daily digest,
or never. Notices are written with the change they tell of and mailed by the job queue.
"""

from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__)
# The choices' form under /manage/account/: endpoints "notifications.manage.<view>".
manage_bp = Blueprint("manage", __name__, url_prefix="/account")


def connect_signals() -> None:
    """Write notices for what editing, the directory and the export announce, and hand them
    to the queue once their transaction commits (connecting again changes nothing)."""
    from app.notifications import editing_events, export_events, notices

    editing_events.connect()
    export_events.connect()
    notices.listen_for_commits()


def init_app(app: Flask) -> None:
    from app.features import AccountSection, Feature, register_feature
    from app.notifications import jobs, views  # noqa: F401  (routes and jobs attach)
    from app.notifications.headlines import notice_headline

    register_feature(
        app,
        Feature(
            "notifications",
            bp,
            manage_blueprint=manage_bp,
            account_sections=(
                AccountSection(
                    "notifications", views.account_section, "notifications/_choices.html"
                ),
            ),
            live_only=("/confirm-entry",),
            template_globals=(notice_headline,),
        ),
    )
    connect_signals()
