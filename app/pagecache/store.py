"""The pages a worker keeps, bounded by their size in bytes, for one generation at a time."""

import threading
from dataclasses import dataclass

from cachetools import TTLCache


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class PageStore:
    """Least recently used pages first out when the next one would pass ``max_bytes``,
    and none kept longer than ``max_seconds``: a page can change with no edit (a meeting
    moves from "next" to "past" as the day passes).

    Every page kept belongs to ``generation``; asked for a page of another generation, the
    store empties itself, so a page from before a change is never served after it.
    """

    def __init__(self, max_bytes: int, max_seconds: float):
        self.generation: str | None = None
        self._pages: TTLCache = TTLCache(
            maxsize=max_bytes, ttl=max_seconds, getsizeof=lambda page: page.size
        )
        # Sync workers serve one request at a time; the development server uses threads.
        self._lock = threading.Lock()

    @property
    def bytes_used(self) -> int:
        return int(self._pages.currsize)

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, generation: str, key: tuple) -> KeptPage | None:
        with self._lock:
            self._follow(generation)
            return self._pages.get(key)

    def put(self, generation: str, key: tuple, page: KeptPage) -> None:
        with self._lock:
            # A page rendered before a change that another request has seen already is
            # not kept; nor is a page bigger than the whole bound.
            if generation == self.generation and page.size <= self._pages.maxsize:
                self._pages[key] = page

    def _follow(self, generation: str) -> None:
        if generation != self.generation:
            self._pages.clear()
            self.generation = generation
