"""What the parts of the transparency record share: partner links, form fields, change notes.

Meetings, decisions, reports and funding each have their own package and public pages;
this package holds only the helpers they have in common.
"""


def init_app(app) -> None:
    """Template helpers every transparency page uses."""
    from app.transparency import dates, formats, guards, partner_names, partners

    for module in (dates, formats, guards, partner_names, partners):
        module.init_app(app)
