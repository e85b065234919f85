"""A bar chart of funders' shares, drawn on the server as SVG: no script, prints as is."""

from dataclasses import dataclass
from decimal import Decimal

from app.funding.services import Share
from app.transparency.partners import shown_partner_name

WIDTH = 640
ROW = 44
BAR_HEIGHT = 14
BAR_START = 0
BAR_SPACE = 540  # the width of a 100 % bar; the rest is for the percentage
MAX_LABEL = 60


@dataclass(frozen=True)
class Bar:
    label: str
    percent: Decimal
    amount: Decimal
    y: int  # top of the row
    width: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    bar_height: int = BAR_HEIGHT


def share_chart(shares: list[Share]) -> Chart:
    """Geometry of one horizontal bar per funder, largest first; 100 % fills the width."""
    bars = []
    for index, share in enumerate(shares):
        label = shown_partner_name(share.funder_slug)
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        width = float(share.percent) / 100 * BAR_SPACE
        bars.append(Bar(label, share.percent, share.amount, index * ROW, max(width, 1.0)))
    return Chart(WIDTH, max(len(bars), 1) * ROW, bars)
