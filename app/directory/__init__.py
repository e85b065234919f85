"""The partner directory: who is in the partnership, what they bring, and whom to call.

Public pages under /partners/, the secretariat's pages (applications, CSV import) under
/manage/organisation/, and the ``flask import-partners`` and ``export-partners`` commands.
"""

from flask import Blueprint

# cli_group=None puts `flask import-partners` at the top level, as DESIGN.md names it.
bp = Blueprint("directory", __name__, cli_group=None)

from app.directory import cli, manage_views, views  # noqa: E402, F401


def register(app) -> None:
    """The directory's place in /manage, in the open data and in templates."""
    from flask_babel import lazy_gettext as _l

    from app.directory import (
        csvdata,
        facets,
        popolo,
        public_urls,
        publishing,
        regions,
        services,
        vocab,
    )
    from app.export.registry import register_shown
    from app.manage.menu import add_manage_link
    from app.opendata.registry import Dataset, register_dataset

    public_urls.register(app)
    register_shown(app, facets.RECORD_TYPE, facets.shown_now)
    add_manage_link(app, "directory.applications", _l("Applications"))
    add_manage_link(app, "directory.import_partners", _l("Import partners"))
    register_dataset(
        app,
        Dataset(
            name="partners",
            title=_l("Partner directory"),
            description=_l(
                "Every published partner organisation: stakeholder group, country and region, "
                "SDGs, role, contributions, and the contact details each partner made public. "
                "The JSON uses the Popolo names for organizations and memberships."
            ),
            files={"csv": csvdata.published_csv, "json": popolo.published_json},
            shows=("organisation",),
        ),
    )
    for helper in (
        vocab.group_label,
        vocab.role_label,
        vocab.contribution_label,
        vocab.sdg_label,
        vocab.country_name,
        vocab.country_label,
        regions.region_label,
        vocab.language_name,
        publishing.targets_for,
        services.partner_organisation,
    ):
        app.add_template_global(helper)
