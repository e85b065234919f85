"""What the parts of the transparency record share: partner links, form fields, change notes.

Meetings, decisions, reports and funding each have their own package and public pages;
this package holds only the helpers they have in common.
"""


def register(app) -> None:
    """Template helpers every transparency page uses, and the home page's latest items."""
    from app.meetings.services import latest_public_minutes
    from app.reports.services import latest_reports
    from app.transparency import dates, formats, guards, history, partners

    dates.register(app)
    formats.register(app)
    guards.register(app)
    history.register(app)
    partners.register(app)
    app.add_template_global(latest_public_minutes)
    app.add_template_global(latest_reports)
