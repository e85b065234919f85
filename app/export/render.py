"""Rendering planned pages: each one a request of its own, its links made relative.

The second step of a run (see ``app.export.build``). A ``Renderer`` renders the pages of
a plan one by one within the run's application context, as the live site would answer
them, and hands each file to the run's ``Writer``. What it learns (a ``PageEntry`` per
page, problems, links that lead nowhere) goes into a ``Batch``: the run's own when it
renders in one process, one per task in a rendering process (``app.export.workers``).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from flask.ctx import AppContext
from flask_frozen import walk_directory

from app.export.links import Link, Rewriter, Site, target_file
from app.export.manifest import PageEntry, links_text
from app.export.plan import PlannedPage, language_of
from app.export.registry import site_path
from app.export.report import Problem
from app.export.state import PageRender, rendering
from app.export.write import Writer
from app.extensions import db
from app.security.caching import EXPORT_REQUEST
from app.security.siteaddress import trust_host_of

DEFAULT_BASE = "http://localhost/"


@dataclass(frozen=True)
class RenderSettings:
    """What rendering a page of one run needs to know, in any process.

    ``base_url`` is where the export will be served ('' when unknown), ``request_base``
    the address its requests are made to, ``bulk_loaders`` what the features load at once
    for a run of many pages (``register_bulk_loader``).
    """

    app: Flask
    base_url: str
    request_base: str
    site: Site
    other_languages: frozenset[str]
    bulk_loaders: Mapping[str, Callable[[], Any]] = field(default_factory=dict)

    @classmethod
    def for_run(
        cls, app: Flask, base_url: str, bulk_loaders: Mapping[str, Callable[[], Any]]
    ) -> "RenderSettings":
        request_base = base_url or DEFAULT_BASE
        parts = urlsplit(request_base)
        # The export's requests are the app's own, made to the address it exports for.
        trust_host_of(app.config, parts.hostname or "localhost")
        return cls(
            app=app,
            base_url=base_url,
            request_base=request_base,
            site=Site(f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/"), bool(base_url)),
            other_languages=frozenset(app.config["LANGUAGES"][1:]),
            bulk_loaders=bulk_loaders,
        )

    def language_of(self, path: str) -> str:
        return language_of(path, self.other_languages)

    def rendering(self, shared: dict, path: str = "") -> AbstractContextManager[PageRender]:
        """Mark the code inside as rendering ``path`` (or no page in particular)."""
        return rendering(self.base_url, shared, self.language_of(path), self.bulk_loaders)


@dataclass
class Batch:
    """What rendering some pages found, besides the files the ``Writer`` recorded.

    ``rendered``: every path rendered, in order, whatever it answered; ``pages``: the
    ones that answered as planned; ``unexported``: a path that did not, a link's target,
    and why; ``query_links``: a folder URL with a query string, and the pages linking to it.
    """

    pages: dict[str, PageEntry] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unexported: dict[str, str] = field(default_factory=dict)
    query_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class RenderedPage:
    """A page that answered as planned: its entry in the manifest and the links it holds."""

    path: str
    entry: PageEntry
    links: list[Link]


class Renderer:
    """Renders pages in this process, in the run's application context ``context``.

    ``shared`` is the run's dictionary for ``shared_by_run`` in this process.
    """

    def __init__(
        self,
        settings: RenderSettings,
        shared: dict,
        context: AppContext,
        writer: Writer,
        batch: Batch,
    ):
        self.settings = settings
        self.shared = shared
        self.context = context
        self.writer = writer
        self.batch = batch

    def render(self, page: PlannedPage) -> RenderedPage | None:
        """Render ``page`` and write its file; None when it did not answer as planned
        (a problem when it was declared, else an unexported path).

        The page gets a fresh ``g``, as each request does live, so nothing a page keeps
        there (the anonymous user, a record it looked up) carries over to the next.
        """
        app, batch = self.settings.app, self.batch
        self.context.g = app.app_ctx_globals_class()
        batch.rendered.append(page.path)
        started = perf_counter()
        with (
            self.settings.rendering(self.shared, page.path) as state,
            app.test_request_context(
                page.path,
                base_url=self.settings.request_base,
                environ_overrides={EXPORT_REQUEST: True},
            ),
        ):
            try:
                answer = _dispatch(app)
            except Exception as error:  # reported, and the run goes on
                app.logger.exception("Export: %s crashed", page.path)
                db.session.rollback()  # a failed statement would fail every later page
                batch.problems.append(Problem("crash", page.path, f"crashed: {error!r}"))
                return None
        seconds = perf_counter() - started
        batch.timings["render"] += seconds
        status, mimetype, body, endpoint = answer
        if not self._as_planned(page, status, mimetype):
            return None
        body, links = self.rewrite(page.path, body, mimetype, from_root=status != 200)
        self.writer.emit(target_file(page.path), body)
        entry = PageEntry(
            file=target_file(page.path),
            endpoint=endpoint,
            status=status,
            dependencies=sorted(state.dependencies),
            links_text=links_text({link.path for link in links}),
            seed=page.seed,
            seconds=round(seconds, 4),
        )
        batch.pages[page.path] = entry
        for link in links:
            if link.query and link.path.endswith("/"):
                batch.query_links[f"{link.path}?{link.query}"].append(page.path)
        return RenderedPage(page.path, entry, links)

    def _as_planned(self, page: PlannedPage, status: int, mimetype: str | None) -> bool:
        if status != page.status:
            if page.seed:
                message = f"answers {status}, expected {page.status}"
                self.batch.problems.append(Problem("status", page.path, message))
            else:
                self.batch.unexported[page.path] = f"answers {status}"
            return False
        if page.path.endswith("/") and mimetype != "text/html":
            message = f"is a folder URL but answers {mimetype}"
            self.batch.problems.append(Problem("url", page.path, message))
            return False
        return True

    def rewrite(
        self, path: str, data: bytes, mimetype: str | None, *, from_root: bool
    ) -> tuple[bytes, list[Link]]:
        """Make the links of an HTML or CSS file relative; return it and its links."""
        if mimetype not in ("text/html", "text/css"):
            return data, []
        started = perf_counter()
        rewriter = Rewriter(self.settings.site, path, from_root=from_root)
        text = data.decode("utf-8")
        text = rewriter.html(text) if mimetype == "text/html" else rewriter.css(text)
        for url in rewriter.external_loads:
            self.batch.warnings.append(f"{path} loads {url} from another site")
        self.batch.timings["rewrite"] += perf_counter() - started
        return text.encode("utf-8"), rewriter.links


def _dispatch(app: Flask) -> tuple[int, str | None, bytes, str | None]:
    """Answer the request of the current context: status, mimetype, body, endpoint."""
    response = app.full_dispatch_request()
    # A file sent with send_file (an attachment) streams from disk; read it.
    response.direct_passthrough = False
    body = response.get_data()
    endpoint = request.url_rule.endpoint if request.url_rule else None
    response.close()
    return response.status_code, response.mimetype, body, endpoint


def static_files(app: Flask) -> Iterator[tuple[str, str, Path]]:
    """(endpoint, URL path, file) of every static file of the app and its blueprints;
    the endpoint is given once with no file when its folder is empty (it is served)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static"):
            continue
        owner = app
        if rule.endpoint != "static":
            owner = app.blueprints[rule.endpoint.rpartition(".")[0]]
        folder = owner.static_folder
        if not folder or not Path(folder).is_dir():
            continue
        yield rule.endpoint, "", Path(folder)
        for filename in walk_directory(folder):
            if any(part.startswith(".") for part in filename.split("/")):
                continue
            path, _query = site_path(url_for(rule.endpoint, filename=filename))
            yield rule.endpoint, path, Path(folder) / filename


def copy_static(renderer: Renderer, public_endpoints: set[str], static_paths: set[str]) -> None:
    """Put every static file in the export, its stylesheets' links made relative."""
    started = perf_counter()
    for endpoint, path, file in static_files(renderer.settings.app):
        public_endpoints.add(endpoint)
        if not path:
            continue
        data = file.read_bytes()
        if path.endswith(".css"):
            data, _links = renderer.rewrite(path, data, "text/css", from_root=False)
        static_paths.add(path)
        renderer.writer.emit(target_file(path), data)
    renderer.batch.timings["static"] += perf_counter() - started
