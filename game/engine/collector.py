"""Pausing Python's cyclic garbage collector while building many acyclic objects.

Replaying a long log or decoding a long save allocates hundreds of thousands of small
objects and frees almost none of them, none cyclic: each collection would only rescan
the growing pile (a third of a 100,000-step load). Reference counting still frees
everything as usual; only the cycle search waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from game.story.long_lived import settle as long_lived_settle


@contextmanager
def collector_paused(long_lived: bool = False) -> Iterator[None]:
    """Within the block, no cyclic collection; the collector's state is restored after.

    `long_lived`: what the block made is kept for a long while (a proof's compiled
    machine, millions of closures kept until its report is written), so it is moved to
    the oldest generation as the block ends, as the loader does with a story (or frozen,
    if something froze objects before: story/long_lived.py). Otherwise
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
                long_lived_settle()
            gc.enable()


@contextmanager
def settling() -> Iterator[Callable[[], None]]:
    """Yield `settle`, which takes every object alive when it is called out of the cyclic
    collector's sight; when the block ends they are handed back, to its oldest generation.

    For a command whose story and proof live as long as it runs: a full collection of a
    50,000-scene story with its compiled proof took 5 s, at a moment no time limit can
    foresee. What is made after `settle` is collected as usual (the text variants' pass
    makes cyclic garbage). If something froze objects before the block, what `settle`
    froze stays frozen with them, as story/long_lived.py settles a story: thawing at the
    end would thaw theirs too.
    """
    frozen_before = gc.get_freeze_count() > 0
    try:
        yield gc.freeze
    finally:
        if not frozen_before:
            gc.unfreeze()
