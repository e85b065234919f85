"""The guideline's pages in site search: the pages its reader shows."""

from collections.abc import Iterable

from sqlalchemy import select

from app.export.state import depends_on
from app.guideline.kinds import public_url as guideline_url
from app.guideline.models import GuidelinePage
from app.guideline.services import load_guide
from app.search.sources import Entry, containing, records
from app.search.text import plain_text


def guideline_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(GuidelinePage.record_type)
    guide = load_guide()
    # The pages the reader shows: a step only while its module is published.
    shown = [guide.overview] if guide.overview else []
    shown += guide.modules + guide.factors + guide.challenges + guide.cases
    shown += [step for module in guide.modules for step in guide.steps_of(module)]
    columns = (GuidelinePage.title, GuidelinePage.summary, GuidelinePage.body, GuidelinePage.tasks)
    pages = records(
        select(GuidelinePage).where(
            GuidelinePage.id.in_([page.id for page in shown]), containing(terms, *columns)
        ),
        terms,
    )
    for page in pages:
        tasks = " ".join(
            f"{task.get('number', '')} {task.get('title', '')}" for task in page.tasks or []
        )
        yield Entry(
            "guideline", page.title, guideline_url(page), plain_text(page.summary, page.body, tasks)
        )
