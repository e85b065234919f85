"""The seventeen Sustainable Development Goals, by number, with their short names.

Partners and reports both name the goals they work on; both read them from here.
"""

from flask_babel import lazy_gettext as _l

SDGS: dict[int, str] = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}


def sdg_choices() -> list[tuple[int, str]]:
    """``(6, "6. Clean water and sanitation")`` for each goal, in order."""
    return [(number, f"{number}. {name}") for number, name in SDGS.items()]


def sdg_label(number: int) -> str:
    """ "SDG 6: Clean water and sanitation", in the current language."""
    return f"SDG {number}: {SDGS.get(number, '')}"
