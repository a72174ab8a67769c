"""A fix for a Textual bug that kept closed screens' drawings alive.

Textual 8.2's `StylesCache.get_inner_outer` is an `lru_cache(1024)` on a method: its
key holds the widget's StylesCache, so the caches of up to 1,024 widgets that were long
gone stayed alive with every line they last drew. Each overlay opened and closed kept
some 300-600 drawn lines, and a choice some 300; the heap grew by about 19,000 objects a
round of the overlay benchmark, and the collector's full passes grew with it (15 ms,
then 160 ms within eight rounds). The function reads only its two colours, so the fix
caches it on them alone, with the same result.

`_styles_cache` is private to Textual, which is pinned to 8.2.x for this; if the method
is not the cached one this was written for, nothing is changed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def cache_styles_by_colour_only() -> None:
    """Make StylesCache.get_inner_outer cache on its colours, not on the cache object."""
    from textual import _styles_cache

    method = _styles_cache.StylesCache.__dict__.get("get_inner_outer")
    original = getattr(method, "__wrapped__", None)
    if original is None or not hasattr(method, "cache_info"):
        return  # not the lru_cache'd method of Textual 8.2 (fixed, or changed): leave it

    @lru_cache(1024)
    def inner_outer(base_background: Any, background: Any) -> Any:
        return original(None, base_background, background)  # its first argument is unused

    def get_inner_outer(self: Any, base_background: Any, background: Any) -> Any:
        return inner_outer(base_background, background)

    setattr(_styles_cache.StylesCache, "get_inner_outer", get_inner_outer)  # noqa: B010
