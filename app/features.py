"""A feature declares itself once; search, feeds, open data, navigation, /manage, the home
page and the export follow.

Each feature package has one ``init_app(app)`` that calls ``register_feature(app,
Feature(...))``. The descriptor names everything the rest of the portal needs to know of
the feature: its blueprints, its editable kinds, its public URLs and what the export checks,
its search sources, feed entries and datasets, its navigation entry, its /manage links, its
home-page panels and which of its audit actions change the public site. Nothing else lists
features: the factory's ``FEATURES`` is the one list of packages.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app

from app.areas import MANAGE_PREFIX
from app.editing.registry import EditableKind, register_kind
from app.export.loaders import register_bulk_loader
from app.export.registry import (
    CountCheck,
    ParentsOf,
    ShownNow,
    UrlGenerator,
    register_count_check,
    register_live_only,
    register_parents,
    register_public_urls,
    register_shown,
)
from app.opendata.registry import Dataset, register_dataset


@dataclass(frozen=True)
class Link:
    """A link to one of the feature's pages, in the main navigation or the /manage menu."""

    endpoint: str
    label: Any  # a lazy string
    # The /manage menu's heading it goes under: content, partners, record (the
    # transparency record), publishing or people (people and settings).
    group: str = "content"


@dataclass(frozen=True)
class PublicUrls:
    """What ``register_public_urls`` takes: a generator of the feature's public pages."""

    generator: UrlGenerator
    endpoints: tuple[str, ...] = ()
    status: int = 200
    of_urls: bool = False


@dataclass(frozen=True)
class SearchSource:
    """A kind of search result: ``entries(terms, text)`` yields ``app.search.sources.Entry``
    for the published records matching every term, or for every one with ``terms`` None
    (the A–Z index).

    ``a_z`` says whether the A–Z index lists the kind; ``shown_as`` is the record type the
    index's entries are made of, so the export re-renders the index only when what it shows
    of them changes (None: the index depends on the kind another way).
    """

    kind: str
    label: Any
    entries: Callable[[list[str] | None, str], Iterable[Any]]
    a_z: bool = True
    shown_as: str | None = None


@dataclass(frozen=True)
class FeedSource:
    """The feature's Atom feed at /<kind>/feed.xml, also merged into /feed.xml.

    ``entries()`` returns ``app.feeds.entries.Entry`` for the latest published records;
    ``page`` is the endpoint of the page the feed is the news of; ``title`` follows the
    site's name in the feed's title.
    """

    kind: str
    entries: Callable[[], list]
    page: str
    title: Any


@dataclass(frozen=True)
class HomePanel:
    """Items for the home page's latest-news section: ``latest(count)`` returns the items,
    each shown by ``template`` (a list item) with the item as ``item``."""

    latest: Callable[[int], list]
    template: str


@dataclass(frozen=True)
class PartnerPanel:
    """A section of a partner user's /manage dashboard: ``template`` shown with what
    ``gather()`` returns for the signed-in user as ``panel``."""

    gather: Callable[[], Any]
    template: str


@dataclass(frozen=True)
class AccountSection:
    """A section of every user's /manage/account/ page: ``template`` shown with what
    ``gather(form)`` returns for the signed-in user as ``section``. ``form`` is the
    section's own form as the user just sent it back with its errors, or None."""

    name: str
    gather: Callable[[Any], Any]
    template: str


@dataclass(frozen=True)
class StepLink:
    """Where a first step's work is done: ``url_for(endpoint, **values)``."""

    endpoint: str
    label: Any  # a lazy string
    values: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class FirstStep:
    """A step of a new coalition's first hour, listed on the /manage dashboard until done.

    ``done()`` returns a boolean SQL expression (an EXISTS, a comparison of counts) that is
    true once the database shows the step done: the dashboard asks every step's in one
    statement. ``position`` orders the steps across features.
    """

    name: str
    label: Any  # a lazy string
    done: Callable[[], Any]
    links: tuple[StepLink, ...] = ()
    position: int = 100
    hint: Any = None  # a lazy string: what "done" takes, when the label does not say


@dataclass(frozen=True)
class Feature:
    """One feature of the portal, as the rest of the app knows it."""

    name: str
    blueprint: Blueprint | None = None
    # A blueprint of /manage pages: registered under MANAGE_PREFIX followed by its own
    # url_prefix, with endpoints named "<feature>.manage.<view>".
    manage_blueprint: Blueprint | None = None
    kinds: tuple[EditableKind, ...] = ()
    public_urls: tuple[PublicUrls, ...] = ()
    # Path prefixes of public pages only the live site can serve (forms that post, links
    # that work once): never exported, in any language.
    live_only: tuple[str, ...] = ()
    count_checks: tuple[CountCheck, ...] = ()
    # record type -> what its records belong to, for the export (register_parents).
    parents: tuple[tuple[str, ParentsOf], ...] = ()
    # record type -> what pages show of its records now (register_shown).
    shown: tuple[tuple[str, ShownNow], ...] = ()
    # key -> what an export of many pages reads at once for shared_by_run(key, ...)
    # (register_bulk_loader).
    bulk_loaders: tuple[tuple[str, Callable[[], Any]], ...] = ()
    search: tuple[SearchSource, ...] = ()
    feeds: tuple[FeedSource, ...] = ()
    datasets: tuple[Dataset, ...] = ()
    navigation: Link | None = None
    manage_links: tuple[Link, ...] = ()
    home_panels: tuple[HomePanel, ...] = ()
    partner_panels: tuple[PartnerPanel, ...] = ()
    account_sections: tuple[AccountSection, ...] = ()
    first_steps: tuple[FirstStep, ...] = ()
    # Audit actions of this feature after which the public site must be exported again.
    public_actions: frozenset[str] = field(default_factory=frozenset)
    template_globals: tuple[Callable, ...] = ()
    # The organisations a partner contact may be invited to speak for, as (slug, name)
    # pairs by name (the partner directory's, drafts included).
    organisations: Callable[[], list[tuple[str, str]]] | None = None


def register_feature(app: Flask, feature: Feature) -> None:
    """Register ``feature`` with ``app``: its blueprints, kinds, public URLs and datasets,
    and the descriptor itself for the parts of the portal that read ``all_features``."""
    if feature.blueprint is not None:
        app.register_blueprint(feature.blueprint)
    if feature.manage_blueprint is not None:
        manage = feature.manage_blueprint
        # name_prefix is how Flask names a nested blueprint: the feature's name comes first,
        # while the URL sits in the coordinators' area rather than under the feature's.
        app.register_blueprint(
            manage,
            url_prefix=MANAGE_PREFIX + (manage.url_prefix or ""),
            name_prefix=feature.blueprint.name if feature.blueprint else "",
        )
    for kind in feature.kinds:
        register_kind(app, kind)
    for urls in feature.public_urls:
        register_public_urls(
            app, urls.generator, status=urls.status, endpoints=urls.endpoints,
            of_urls=urls.of_urls,
        )  # fmt: skip
    if feature.live_only:
        register_live_only(app, *feature.live_only)
    for check in feature.count_checks:
        register_count_check(app, check.name, endpoint=check.endpoint, expected=check.expected)
    for record_type, parents in feature.parents:
        register_parents(app, record_type, parents)
    for record_type, shown_now in feature.shown:
        register_shown(app, record_type, shown_now)
    for key, loader in feature.bulk_loaders:
        register_bulk_loader(app, key, loader)
    for dataset in feature.datasets:
        register_dataset(app, dataset)
    for helper in feature.template_globals:
        app.add_template_global(helper)
    app.extensions.setdefault("features", {})[feature.name] = feature
    for callback in app.extensions.get("feature_callbacks", []):
        callback(app, feature)


def each_feature(app: Flask, callback: Callable[[Flask, Feature], None]) -> None:
    """Call ``callback(app, feature)`` for every feature registered, now and later.

    For a part of the portal that must declare something per feature whatever the order
    of registration (the A–Z index tells the export what it shows of each kind).
    """
    for feature in all_features(app):
        callback(app, feature)
    app.extensions.setdefault("feature_callbacks", []).append(callback)


def all_features(app: Flask | None = None) -> list[Feature]:
    """The registered features, in the factory's order."""
    return list((app or current_app).extensions.get("features", {}).values())


def search_sources() -> list[SearchSource]:
    return [source for feature in all_features() for source in feature.search]


def feed_sources() -> list[FeedSource]:
    return [source for feature in all_features() for source in feature.feeds]


def navigation_links() -> list[Link]:
    return [feature.navigation for feature in all_features() if feature.navigation]


def manage_links() -> list[Link]:
    return [link for feature in all_features() for link in feature.manage_links]


def home_panels() -> list[HomePanel]:
    return [panel for feature in all_features() for panel in feature.home_panels]


def partner_panels() -> list[PartnerPanel]:
    return [panel for feature in all_features() for panel in feature.partner_panels]


def organisation_choices() -> list[tuple[str, str]]:
    """Every organisation a partner contact may speak for, as (slug, name)."""
    return [pair for feature in all_features() if feature.organisations
            for pair in feature.organisations()]  # fmt: skip


def first_steps() -> list[FirstStep]:
    """Every feature's first steps, in order of ``position``."""
    steps = [step for feature in all_features() for step in feature.first_steps]
    return sorted(steps, key=lambda step: step.position)


def account_sections() -> list[AccountSection]:
    return [section for feature in all_features() for section in feature.account_sections]


def public_actions(app: Flask | None = None) -> frozenset[str]:
    """Every audit action after which the public site must be exported again."""
    return frozenset().union(*(feature.public_actions for feature in all_features(app)))
