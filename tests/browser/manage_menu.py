"""The /manage menu as a person uses it: unfolded on a desktop, behind "Menu" on a phone."""

from tests.browser.person import Counted


def follow_manage_link(person: Counted, name: str) -> None:
    """Open the link ``name`` of the Manage menu, first unfolding the menu where it is
    folded (a phone): one action more there, counted like any other."""
    menu = person.page.get_by_role("navigation", name="Manage")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        person.click(menu.get_by_text("Menu", exact=True))
    person.click(link)
