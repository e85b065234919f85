"""Records' addresses: the last part of a public URL, such as ``delta-farmers-union``.

An address is made from a record's title when the person leaves it empty, so nobody has to
invent one; a typed one is kept as typed (only trimmed and lower-cased) and refused if
another record has it, since the person chose it on purpose.
"""

import re
from collections.abc import Callable

from slugify import slugify

ADDRESS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LONGEST = 120
# Leaves room for a "-2" after an address made from a long title.
LONGEST_MADE = 80


def address_from(text: str) -> str:
    """``text`` in ASCII lower case with hyphens, any script transliterated:
    "Hội nghị Đà Nẵng" gives "hoi-nghi-da-nang"; empty when nothing is left."""
    return slugify(text or "", max_length=LONGEST_MADE, word_boundary=True)


def first_free(address: str, taken: Callable[[str], bool]) -> str:
    """``address``, or the first of ``address-2``, ``address-3``... that no record has."""
    candidate, number = address, 1
    while taken(candidate):
        number += 1
        candidate = f"{address}-{number}"
    return candidate


def without_prefix(address: str, prefix: str) -> str:
    """The address without a leading ``prefix-`` already in its URL (a meeting's date)."""
    return address.removeprefix(f"{prefix}-") if prefix else address
