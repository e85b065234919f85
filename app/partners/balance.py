"""The balance of the partnership: how many partners each stakeholder group and region has.

Guidance on multi-stakeholder partnerships asks coalitions to watch who is at the table, so
the directory shows it plainly. The bars are computed here and drawn as inline SVG by
``templates/partners/_balance.html``: no script, no image request, readable by screen
readers through its title, description and the table beside it.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.partners.models import Partner
from app.partners.regions import region_label
from app.partners.services import published
from app.partners.vocab import GROUPS

# Geometry of one chart, in SVG user units (the SVG scales to the column's width).
LABEL_WIDTH = 200
BAR_AREA = 200
ROW_HEIGHT = 26
BAR_HEIGHT = 16


@dataclass
class Bar:
    label: str
    count: int
    share: float  # of all partners, 0..1
    width: float  # in SVG units
    y: float


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    total: int

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 8

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 50

    @property
    def description(self) -> str:
        parts = [f"{bar.label}: {bar.count}" for bar in self.bars]
        return "; ".join(parts) + "."


def _chart(title: str, counts: list[tuple[str, int]]) -> Chart:
    total = sum(count for _label, count in counts)
    largest = max((count for _label, count in counts), default=0) or 1
    bars = [
        Bar(
            label=label,
            count=count,
            share=count / total if total else 0.0,
            width=round(BAR_AREA * count / largest, 1),
            y=index * ROW_HEIGHT + 4,
        )
        for index, (label, count) in enumerate(counts)
    ]
    return Chart(title, bars, total)


def balance_charts(group_title: str, region_title: str) -> list[Chart]:
    """Two charts over published partners: every stakeholder group (empty ones too, since a
    missing group is what the chart is for), and every region that has partners."""
    by_group = dict(
        db.session.execute(
            select(Partner.stakeholder_group, func.count())
            .where(published())
            .group_by(Partner.stakeholder_group)
        ).all()
    )
    by_region = db.session.execute(
        select(Partner.region, func.count())
        .where(published(), Partner.region != "")
        .group_by(Partner.region)
        .order_by(func.count().desc(), Partner.region)
    ).all()
    return [
        _chart(
            group_title, [(str(label), by_group.get(group, 0)) for group, label in GROUPS.items()]
        ),
        _chart(region_title, [(region_label(region), count) for region, count in by_region]),
    ]
