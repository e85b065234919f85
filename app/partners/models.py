"""Partner organisations, their SDGs, and applications to join the partnership."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.accounts.models import utcnow
from app.editing.models import Editable
from app.extensions import db
from app.partners import search
from app.partners.regions import region_of
from app.partners.vocab import country_name


class Partner(Editable, db.Model):
    """One partner of the coalition.

    List-like fields the public filters by have their own table (``organisation_sdg``,
    indexed by goal, so a goal's facet page finds its partners quickly); the others are
    JSON lists. ``region`` and ``country_name`` follow ``country`` and are not edited;
    ``sdg_mask`` follows ``sdgs``.
    """

    # The tables keep the names of the first schema: renaming them would rewrite every
    # foreign key to them on upgrade, and no reader or coordinator ever sees them.
    __tablename__ = "organisation"
    record_type = "partner"
    edit_fields = (
        "name",
        "short_name",
        "slug",
        "stakeholder_group",
        "country",
        "city",
        "website",
        "description",
        "sdgs",
        "sdg_targets",
        "focus_areas",
        "role",
        "joined_on",
        "left_on",
        "contributions",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "contact_name_public",
        "contact_role_public",
        "contact_email_visibility",
        "contact_phone_public",
        "languages",
        "last_confirmed_on",
    )
    # The name is shown, never used as an address: the slug stays the same in every
    # language, and lists keep the order of the default language's names.
    translatable_fields = ("name", "description")

    __table_args__ = (
        # Covers the facet counts: published rows are counted from the index alone, in one
        # pass grouped by its columns in their order (so with no sorting), goals included.
        Index(
            "ix_organisation_facets", "status", "stakeholder_group", "country", "role", "sdg_mask"
        ),
        # The directory's first page without a search: published, by name.
        Index("ix_organisation_status_name", "status", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    short_name: Mapped[str] = mapped_column(String(60), default="")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    stakeholder_group: Mapped[str] = mapped_column(String(30), default="", index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    country_name: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(40), default="", index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Targets such as "6.1" or "6.a"; their goals are always among ``sdgs`` too.
    sdg_targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    role: Mapped[str] = mapped_column(String(20), default="member", index=True)
    # The goals of ``sdgs`` again, as bits (goal n is bit n - 1): the directory counts and
    # filters goals in the same pass as the other facets, without joining their table.
    sdg_mask: Mapped[int] = mapped_column(default=0, server_default="0")
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    # [{"type": "expertise", "description": "Hydrological models of the delta"}, ...]
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_role: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    contact_name_public: Mapped[bool] = mapped_column(default=False)
    contact_role_public: Mapped[bool] = mapped_column(default=False)
    contact_email_visibility: Mapped[str] = mapped_column(String(12), default="hidden")
    contact_phone_public: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)

    sdg_links: Mapped[list["PartnerSdg"]] = relationship(
        cascade="all, delete-orphan", order_by="PartnerSdg.goal", lazy="selectin"
    )

    def __init__(self, **kwargs):
        # Every edited field has a value before the first save, so the first revision's
        # snapshot is complete.
        defaults = {
            "name": "",
            "short_name": "",
            "stakeholder_group": "",
            "country": "",
            "city": "",
            "website": "",
            "description": "",
            "sdg_targets": [],
            "focus_areas": [],
            "role": "member",
            "contributions": [],
            "contact_name": "",
            "contact_role": "",
            "contact_email": "",
            "contact_phone": "",
            "contact_name_public": False,
            "contact_role_public": False,
            "contact_email_visibility": "hidden",
            "contact_phone_public": False,
            "languages": [],
        }
        super().__init__(**{**defaults, **kwargs})

    @validates("country")
    def _derive_place(self, _key: str, value: str) -> str:
        value = (value or "").upper()
        self.region = region_of(value)
        self.country_name = country_name(value) if value else ""
        return value

    @property
    def sdgs(self) -> list[int]:
        return [link.goal for link in self.sdg_links]

    @sdgs.setter
    def sdgs(self, goals) -> None:
        wanted = sorted({int(goal) for goal in goals or ()})
        self.sdg_links = [link for link in self.sdg_links if link.goal in wanted] + [
            PartnerSdg(goal=goal) for goal in wanted if goal not in set(self.sdgs)
        ]
        self.sdg_links.sort(key=lambda link: link.goal)
        self.sdg_mask = goals_mask(wanted)

    @property
    def title(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Partner {self.slug}>"


def goals_mask(goals) -> int:
    """``Partner.sdg_mask`` for these goals (1 to 17): goal n is bit n - 1."""
    mask = 0
    for goal in goals:
        mask |= 1 << (int(goal) - 1)
    return mask


class PartnerSdg(db.Model):
    """An SDG an organisation works on (a goal's facet page lists the partners of these
    rows; the directory's search counts and filters ``Partner.sdg_mask`` instead)."""

    __tablename__ = "organisation_sdg"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[int] = mapped_column(primary_key=True, index=True)


class JoinApplication(db.Model):
    """An organisation's request to join, waiting in the secretariat's moderation queue."""

    __tablename__ = "join_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    stakeholder_group: Mapped[str] = mapped_column(String(30))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)
    contribution: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_role: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    # A keyed hash of the sender's address: enough to rate-limit, not to identify them.
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )


search.install_ddl(Partner.__table__)
