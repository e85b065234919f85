"""The /manage menu: every editable kind and the pages features link to, under headings.

Each kind (``EditableKind.menu_group``) and each feature's link (``Link.group``) names its
heading; this module orders the headings and says which links the signed-in user sees.
"""

from dataclasses import dataclass, field

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.models import Role
from app.editing.registry import all_kinds
from app.features import manage_links
from app.manage.access import roles_for

# The headings, in the menu's order; a group no kind or link names is left out.
GROUPS = (
    ("content", _l("Content")),
    ("partners", _l("Partners")),
    ("record", _l("Transparency record")),
    ("publishing", _l("Publishing")),
    ("people", _l("People and settings")),
)


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: object  # a lazy string
    current: bool = False


@dataclass
class MenuGroup:
    key: str
    heading: object
    links: list[MenuLink] = field(default_factory=list)


def links_for_current_user() -> list[tuple]:
    """The features' /manage links that the signed-in user may open."""
    return [
        (link.endpoint, link.label, link.group)
        for link in manage_links()
        if current_user.role in roles_for(link.endpoint)
    ]


def _endpoint_link(endpoint: str, label, *also_current: str) -> MenuLink:
    return MenuLink(url_for(endpoint), label, request.endpoint in (endpoint, *also_current))


def manage_menu() -> list[MenuGroup]:
    """The headings and links of the signed-in user's menu, as they may open them: a
    partner's contact sees their account only; the users, settings and audit log are for
    administrators."""
    groups = {key: MenuGroup(key, heading) for key, heading in GROUPS}
    other = MenuGroup("other", _l("More"))

    def add(group: str, link: MenuLink) -> None:
        groups.get(group, other).links.append(link)

    if current_user.role is not Role.PARTNER:
        shown_type = (request.view_args or {}).get("record_type")
        for kind in all_kinds().values():
            url = url_for("editing.index", record_type=kind.record_type)
            add(kind.menu_group, MenuLink(url, kind.plural, shown_type == kind.record_type))
        add("publishing", _endpoint_link("export.manage.publish", _l("Publish")))
        for endpoint, label, group in links_for_current_user():
            add(group, _endpoint_link(endpoint, label))
        add("publishing", _endpoint_link("manage.trash", _l("Trash")))
        if current_user.role is Role.ADMIN:
            users = _endpoint_link("accounts.manage.users", _l("Users"), "accounts.manage.user")
            add("people", users)
            add("people", _endpoint_link("manage.settings", _l("Settings")))
            add("people", _endpoint_link("manage.audit", _l("Audit log")))
    add("people", _endpoint_link("accounts.manage.account", _l("My account")))
    return [group for group in (*groups.values(), other) if group.links]


def init_app(app: Flask) -> None:
    app.add_template_global(manage_menu, "manage_menu")
