"""Two changes to Textual internals: a fix for a bug that kept closed screens' drawings
alive, and parsed stylesheets kept for the whole process.

Textual 8.2's `StylesCache.get_inner_outer` is an `lru_cache(1024)` on a method: its
key holds the widget's StylesCache, so the caches of up to 1,024 widgets that were long
gone stayed alive with every line they last drew. Each overlay opened and closed kept
some 300-600 drawn lines, and a choice some 300; the heap grew by about 19,000 objects a
round of the overlay benchmark, and the collector's full passes grew with it (15 ms,
then 160 ms within eight rounds). The function reads only its two colours, so the fix
caches it on them alone, with the same result.

Textual parses every stylesheet again each time it re-reads its CSS (`Stylesheet.reparse`:
a screen with CSS of its own shown for the first time, the stylesheets read ahead once the
title shows, a change of theme), and each app in a process parses them all from scratch:
its parse cache lives in one Stylesheet object, and a re-read makes a new one. The rules
parsed from one text with one set of colour variables are always the same, and Textual
already hands the same rule objects to every parse of one stylesheet, so
`share_parsed_css` keeps them for the process: a theme chosen again, or another app on
the same screens (the test suite starts hundreds), parses nothing again.

`_styles_cache` and `Stylesheet._parse_rules` are private to Textual, which is pinned to
8.2.x for this; if either is not the one this was written for, nothing is changed.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

PARSED_KEPT = 512  # stylesheet texts x themes kept (the game has about 60 texts)
_parsed: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


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


def share_parsed_css() -> None:
    """Keep the rules each stylesheet text parses to, per set of CSS variables, for every
    Stylesheet of the process, not only the one that parsed them."""
    from textual.css.stylesheet import Stylesheet

    original = Stylesheet.__dict__.get("_parse_rules")
    if original is None or getattr(original, "shared", False) or not callable(original):
        return

    def _parse_rules(
        self: Any,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = tuple(getattr(self, "_variables", {}).items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = _parsed.get(key)
        if rules is None:
            rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
            if len(_parsed) > PARSED_KEPT:
                _parsed.popitem(last=False)
        else:
            _parsed.move_to_end(key)
        return rules

    _parse_rules.shared = True  # type: ignore[attr-defined]
    setattr(Stylesheet, "_parse_rules", _parse_rules)  # noqa: B010
