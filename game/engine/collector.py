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
def collector_paused(long_lived: bool = False) -> Iterator[None]:
    """Within the block, no cyclic collection; the collector's state is restored after.

    `long_lived`: what the block made is kept for a long while (a proof's compiled
    machine, millions of closures kept until its report is written), so it is moved to
    the oldest generation as the block ends, as the loader does with a story. Otherwise
    the first collections after the block scan all of it as young objects, twice, each
    pass slower per object the bigger the heap (0.4 s after a 10,000-scene proof).
    Nothing is made immortal: full collections still scan it.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if long_lived:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
