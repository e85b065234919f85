"""What each recorded action is called in the coordinator's language.

The log stores a short code per action ("login_failed"); pages show its label, and a code
with no label (an action added later) as it is.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "login": _l("signed in"),
    "login_failed": _l("sign-in refused"),
    "logout": _l("signed out"),
    "account_locked": _l("account locked"),  # before sign-ins were delayed instead
    "sign_in_delayed": _l("sign-ins delayed after failures"),
    "password_reset": _l("password reset"),
    "password_changed": _l("own password changed"),
    "password_change_refused": _l("password change refused"),
    "session_ended": _l("session ended"),
    "other_sessions_ended": _l("other sessions ended"),
    "user_created": _l("account created"),
    "user_invited": _l("invited"),
    "invitation_sent_again": _l("invitation sent again"),
    "invitation_cancelled": _l("invitation cancelled"),
    "invitation_accepted": _l("invitation accepted, password chosen"),
    "password_reset_requested": _l("password reset link sent"),
    "password_reset_by_link": _l("password reset by link"),
    "email_change_requested": _l("email change asked"),
    "email_change_refused": _l("email change refused"),
    "email_changed": _l("email address changed"),
    "email_change_failed": _l("email change failed: address taken"),
    "user_disabled": _l("account disabled"),
    "user_enabled": _l("account enabled"),
    "second_factor_on": _l("second factor set up"),
    "second_factor_failed": _l("second-factor code refused"),
    "recovery_code_used": _l("signed in with a recovery code"),
    "recovery_codes_renewed": _l("new recovery codes made"),
    "second_factor_off": _l("second factor turned off"),
    "second_factor_reset": _l("second factor reset"),
    "first_steps_dismissed": _l("first steps checklist hidden"),
    "create": _l("created"),
    "save": _l("saved"),
    "merged": _l("saved, merged with another change"),
    "conflict": _l("kept aside as a conflict"),
    "submit": _l("suggested changes"),
    "accept": _l("changes accepted"),
    "decline": _l("changes declined"),
    "publish": _l("published"),
    "unpublish": _l("unpublished"),
    "trash": _l("moved to the trash"),
    "untrash": _l("restored from the trash"),
    "purge": _l("deleted for good"),
    "attach": _l("file attached"),
    "detach": _l("file removed"),
    "reattach": _l("removed file brought back"),
    "circulate": _l("minutes circulated"),
    "uncirculate": _l("minutes taken back"),
    "approve": _l("minutes approved"),
    "amend": _l("minutes amended"),
    "progress": _l("progress recorded"),
    "settings": _l("settings changed"),
    "accept-application": _l("application accepted"),
    "decline-application": _l("application declined"),
    "confirm-entry": _l("entry confirmed"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code.replace("_", " ")))


def init_app(app: Flask) -> None:
    app.add_template_global(action_label)
