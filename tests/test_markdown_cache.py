"""The cache of rendered Markdown stays within its byte budget, whatever is rendered."""

import gc
import tracemalloc

import pytest

from app.markdown import render_markdown
from tests.conftest import make_app

BUDGET = 64_000


@pytest.fixture
def small_cache_app(tmp_path):
    """No database: rendering does not touch one."""
    return make_app(tmp_path / "instance", MARKDOWN_CACHE_BYTES=BUDGET)


def distinct_text(number: int, size: int) -> str:
    paragraph = f"Paragraph {number}: **water** for the delta, [a link](/reports/{number}/). "
    return (paragraph * (size // len(paragraph) + 1))[:size]


def test_rendering_many_large_texts_keeps_no_more_than_the_budget(small_cache_app):
    """Forty distinct 8 KB texts (over 700 KB of text and HTML) leave the process holding
    no more than the cache's budget: neither the texts nor all their HTML are kept."""
    with small_cache_app.app_context():
        render_markdown(distinct_text(0, 100))  # the parser's own first-use allocations
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for number in range(1, 41):
                assert f"Paragraph {number}:" in render_markdown(distinct_text(number, 8_000))
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        cache = small_cache_app.extensions["markdown_cache"]
        assert 0 < cache.size <= BUDGET
    assert kept <= BUDGET * 1.25, f"{kept} bytes kept after rendering, budget {BUDGET}"


def test_a_text_larger_than_the_budget_is_rendered_and_not_kept(small_cache_app):
    with small_cache_app.app_context():
        html = render_markdown(distinct_text(1, BUDGET * 2))
        assert html.count("<strong>water</strong>") > 100
        assert small_cache_app.extensions["markdown_cache"].size == 0


def test_a_text_rendered_again_comes_from_the_cache_unchanged(small_cache_app):
    with small_cache_app.app_context():
        first = render_markdown("# Title\n\nSome *text*.", shift_headings=1)
        size = small_cache_app.extensions["markdown_cache"].size
        again = render_markdown("# Title\n\nSome *text*.", shift_headings=1)
        assert again == first == '<h2 id="title">Title</h2>\n<p>Some <em>text</em>.</p>\n'
        assert small_cache_app.extensions["markdown_cache"].size == size > 0
        # The same text with other headings is another entry, not the first one's HTML.
        assert render_markdown("# Title", shift_headings=2) == '<h3 id="title">Title</h3>\n'
