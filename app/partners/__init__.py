"""The partner directory: who is in the partnership, what they bring, and whom to call.

Public pages under /partners/, the secretariat's pages (applications, CSV import) under
/manage/partner/, and the ``flask import-partners`` and ``export-partners`` commands.
"""

from flask import Blueprint

# cli_group=None puts `flask import-partners` at the top level, as DESIGN.md names it.
bp = Blueprint("partners", __name__, cli_group=None)


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from app.export.registry import CountCheck
    from app.features import (
        Feature,
        Link,
        PartnerPanel,
        PublicUrls,
        SearchSource,
        register_feature,
    )
    from app.opendata.registry import Dataset
    from app.partners import (  # noqa: F401
        cli,
        contacts,
        csvdata,
        facets,
        manage_views,
        popolo,
        public_urls,
        regions,
        services,
        views,
        vocab,
    )
    from app.partners.first_step import PARTNERS_STEP
    from app.partners.kinds import PARTNER_KIND
    from app.partners.site_search import partner_entries
    from app.sdgs import sdg_label

    register_feature(
        app,
        Feature(
            "partners",
            bp,
            manage_blueprint=manage_views.bp,
            kinds=(PARTNER_KIND,),
            public_urls=(PublicUrls(public_urls.directory_urls, endpoints=public_urls.ENDPOINTS),),
            count_checks=(
                CountCheck(
                    "published partners",
                    "partners.partner",
                    public_urls.published_organisation_count,
                ),
            ),
            shown=((facets.RECORD_TYPE, facets.shown_now),),
            # The export reads every published partner at once for a run of many pages.
            bulk_loaders=(
                (services.BY_SLUG, services.published_by_slug),
                (facets.BY_ID, facets.published_by_id),
            ),
            search=(SearchSource("partner", _l("Partner"), partner_entries, shown_as="partner"),),
            datasets=(
                Dataset(
                    name="partners",
                    title=_l("Partner directory"),
                    description=_l(
                        "Every published partner organisation: stakeholder group, country and "
                        "region, SDGs, role, contributions, and the contact details each "
                        "partner made public. The JSON uses the Popolo names for "
                        "organizations and memberships."
                    ),
                    files={"csv": csvdata.published_csv, "json": popolo.published_json},
                    shows=("partner",),
                ),
            ),
            navigation=Link("partners.index", _l("Partners")),
            manage_links=(
                Link("partners.manage.applications", _l("Applications"), group="partners"),
                Link("partners.manage.import_partners", _l("Import partners"), group="partners"),
            ),
            template_globals=(
                vocab.group_label,
                vocab.role_label,
                vocab.contribution_label,
                sdg_label,
                vocab.country_name,
                vocab.country_label,
                regions.region_label,
                vocab.language_name,
                contacts.organisation_contacts,
                contacts.invite_contact_form,
            ),
            # A confirmation shown on a published entry without publishing its drafts.
            public_actions=frozenset({"confirm-entry"}),
            partner_panels=(
                PartnerPanel(services.partner_organisation, "partners/_partner_panel.html"),
            ),
            organisations=services.contact_organisations,
            first_steps=(PARTNERS_STEP,),
        ),
    )
