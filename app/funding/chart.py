"""A bar chart of funders' shares, drawn on the server: names and shares as text of the
page, bars as SVG. No script; prints as is."""

from dataclasses import dataclass
from decimal import Decimal

from app.funding.services import Share
from app.transparency.partners import shown_partner_name

MAX_LABEL = 60


@dataclass(frozen=True)
class Bar:
    label: str
    percent: Decimal
    amount: Decimal
    width: float  # in percent of the full bar


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]


def share_chart(shares: list[Share]) -> Chart:
    """One horizontal bar per funder, largest first; 100 % fills the width."""
    bars = []
    for share in shares:
        label = shown_partner_name(share.funder_slug)
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        # A sliver stays visible for a share that rounds to nothing.
        bars.append(Bar(label, share.percent, share.amount, max(float(share.percent), 1.0)))
    return Chart(bars)
