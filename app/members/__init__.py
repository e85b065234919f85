"""The members' area at /members/: the partnership's own pages, before the public.

Every partner contact with an account tied to an organisation of the directory is a
member; coordinators read the area too. It shows who the member is, what waits for them
(documents shared with members, their organisation's open actions) and who the other
members are. Its documents are records kept for members (app.editing.sharing): never
published, so no public page, list, search, feed, dataset or export can show them.
"""

from flask import Blueprint, Flask

from app.areas import MEMBERS_PREFIX

bp = Blueprint("members", __name__, url_prefix=MEMBERS_PREFIX)


def init_app(app: Flask) -> None:
    from app.features import Feature, register_feature
    from app.members import access, views  # noqa: F401

    register_feature(app, Feature("members", bp))
