"""The two sides of the site: the public pages and the coordinators' area.

Defined once here: /manage checks roles on every request under it (``app.manage.access``),
speaks the coordinator's language without a language prefix (``app.i18n``), is never
exported (``app.export.registry``) and is not a link Markdown may rewrite (``app.markdown``).
"""

# Where every /manage page lives, whichever feature serves it.
MANAGE_PREFIX = "/manage"
# The coordinators' side of the site, as DESIGN.md lists it: the area and signing in.
COORDINATORS_AREA = (MANAGE_PREFIX, "/login", "/logout")
# The members' area: the partnership's own pages, before the public. Like /manage it is
# read signed in, in the reader's own language, and never exported or cached.
MEMBERS_PREFIX = "/members"
# Every part of the site that only a signed-in person reads.
SIGNED_IN_AREAS = (*COORDINATORS_AREA, MEMBERS_PREFIX)
