"""Moving what a load made out of the young generations, without thawing what an app froze.

A story (or a proof's compiled machine) lives as long as the game or the command: scanning
its objects as young ones, as the first collections after it was built would, is wasted
work that grows faster than the story (a pass over every object that misses the cache:
0.28 s of a 10,000-scene load). `gc.freeze()` then `gc.unfreeze()` moves every tracked
object to the oldest generation, which only full collections scan. But `gc.unfreeze()`
thaws everything frozen, and the TUI app freezes what lives as long as it
(`DeniableApp._freeze_long_lived`): a story reloaded under `play --watch` thawed it all,
and every full collection after the reload scanned the app's modules, stylesheet and
screens again, on a key press now and then.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Every object the collector tracks to its oldest generation; nothing is made
    immortal. If something is frozen already, what is here is frozen with it instead, and
    thawed when its owner thaws it (the app, as it closes)."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    if not frozen_before:
        gc.unfreeze()
