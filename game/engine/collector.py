"""Pausing Python's cyclic garbage collector while building many acyclic objects.

Replaying a long log or decoding a long save allocates hundreds of thousands of small
objects and frees almost none of them, none cyclic: each collection would only rescan
the growing pile (a third of a 100,000-step load). Reference counting still frees
everything as usual; only the cycle search waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no cyclic collection; the collector's state is restored after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
