"""The partner directory: who is in the partnership, what they bring, and whom to call.

Public pages under /partners/, the secretariat's pages (applications, CSV import) under
/manage/organisation/, and the ``flask import-partners`` and ``export-partners`` commands.
"""

from flask import Blueprint

# cli_group=None puts `flask import-partners` at the top level, as DESIGN.md names it.
bp = Blueprint("directory", __name__, cli_group=None)

from app.directory import cli, manage_views, views  # noqa: E402, F401


def register(app) -> None:
    """The directory's place in /manage, in the open data and on the partner dashboard."""
    from flask_babel import lazy_gettext as _l

    from app.directory.csvdata import csv_text
    from app.directory.popolo import popolo_document
    from app.directory.services import organisation_for_slug, published_organisations
    from app.manage.menu import add_manage_link
    from app.opendata.registry import Dataset, register_dataset

    add_manage_link(app, "directory.applications", _l("Applications"))
    add_manage_link(app, "directory.import_partners", _l("Import partners"))

    def partners_json() -> str:
        import json

        from app.site.services import site_settings

        document = popolo_document(published_organisations(), site_settings()["name"])
        return json.dumps(document, ensure_ascii=False, indent=1)

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
            files={"csv": lambda: csv_text(published_organisations()), "json": partners_json},
        ),
    )

    def partner_organisation():
        from flask_login import current_user

        if not current_user.is_authenticated:
            return None
        return organisation_for_slug(current_user.organisation_slug)

    app.add_template_global(partner_organisation)
    from app.directory import vocab

    for helper in (
        vocab.group_label,
        vocab.role_label,
        vocab.contribution_label,
        vocab.sdg_label,
        vocab.country_name,
        vocab.language_name,
    ):
        app.add_template_global(helper)
    app.add_template_global(
        lambda organisation, goal: [
            t for t in organisation.sdg_targets if t.split(".")[0] == str(goal)
        ],
        "targets_for",
    )
