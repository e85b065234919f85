"""A realistic sample coalition, so a new installation shows what the portal is for.

Each part of the demo is loaded only if it is not there yet, so `flask setup --demo`
can run again after an upgrade and add only what is new.
"""

import secrets

from app.accounts.models import Role
from app.accounts.services import create_user, find_user
from app.extensions import db
from app.site.models import Setting
from app.site.services import save_settings

DEMO_ADMIN = "admin@example.org"

DEMO_SITE = {
    "name": "Mekong Delta Water Partnership",
    "tagline": "Governments, communities, researchers and businesses keeping the delta liveable",
    "about": (
        "The Mekong Delta Water Partnership brings together provincial governments, farmer "
        "and fisher associations, universities, water utilities, private companies and UN "
        "agencies. Together we work on **clean water**, **climate adaptation** and "
        "**livelihoods** in the delta (SDGs 6, 13 and 1).\n\n"
        "This portal is our shared record: how we work together, who is part of the "
        "partnership, and what we decide, spend and report."
    ),
}


def load_demo() -> str:
    """Add whatever part of the sample coalition is missing; return a line for the log."""
    loaded = []
    # A coalition that has named itself is not renamed by a later `setup --demo`.
    if db.session.get(Setting, "name") is None:
        save_settings(DEMO_SITE)
        loaded.append("coalition profile")
    if find_user(DEMO_ADMIN) is None:
        password = secrets.token_urlsafe(12)
        create_user(DEMO_ADMIN, password, Role.ADMIN, name="Demo administrator")
        loaded.append(f"an administrator (sign in as {DEMO_ADMIN} with password {password})")
    if load_self_assessment():
        loaded.append("a self-assessment of the guideline's steps")
    from app.demo.transparency import load_transparency_demo
    from app.transparency.dates import local_today

    if load_transparency_demo(local_today()):
        loaded.append("meetings, minutes, decisions, reports and funding")
    from app.partners.demo import load_demo_partners

    loaded += load_demo_partners()
    from app.demo.members import load_members_demo

    loaded += load_members_demo(local_today())
    from app.demo.translations import load_demo_translations

    if translations := load_demo_translations():
        loaded.append(f"{translations} translations of partners and governing bodies")
    return "Demo: added " + ", ".join(loaded) + "." if loaded else "Demo: already loaded."


def load_self_assessment() -> bool:
    """Where the demo coalition stands on each step of the guideline, once."""
    from app.guideline.demo import load_demo_progress

    return load_demo_progress(find_user(DEMO_ADMIN))
