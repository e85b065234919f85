"""Keeping the previous export's manifest out of the cycle collector's sight.

A large site's manifest is a million small objects that live for the whole run. Python's
collector walks every object it tracks each time it collects the oldest generation, which
making a few thousand objects (the list of public URLs, say) sets off: with a large
coalition's manifest loaded, each such collection took as long as listing every URL did.
``gc.freeze`` moves the objects there are now out of its sight; objects freed by their
reference count still go as before, and the manifest has no cycles to collect.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Lock

_lock = Lock()
_holders = 0  # runs (in any thread) inside ``frozen`` now


@contextmanager
def frozen() -> Iterator[None]:
    """Freeze what the process holds now until the block ends (see the module's text).

    The freeze is process-wide: the collector sees the objects again when the last block
    open in any thread ends, so one run ending leaves another run's manifest frozen.
    """
    global _holders
    with _lock:
        gc.freeze()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if not _holders:
                gc.unfreeze()
