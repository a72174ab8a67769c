"""Readying a screen off the screen stack, where no one sees it, before it is shown; and
updating it, once shown, without waiting for Textual's next tick (`update_now`).

Textual composes a screen when it is first pushed, in `App._register`, the first step of
`push_screen`; lays it out in `Screen._refresh_layout`, again whenever its
`_layout_required` says a widget asked for it; and draws it with its `_compositor`.
Those names are private to Textual, which is why pyproject.toml pins Textual below 8.3;
were they gone, these do nothing and the screen is composed, laid out and drawn when it
is shown, as Textual does.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen


def can_compose_ahead(app: App[Any]) -> bool:
    """Whether this Textual still composes screens the way `compose_ahead` relies on."""
    return getattr(app, "_register", None) is not None


def compose_ahead(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount `screen` now, off the stack (see can_compose_ahead)."""
    register = getattr(app, "_register", None)
    if register is not None:
        register(app, screen)


def lay_out_ahead(app: App[Any], screen: Screen[Any]) -> None:
    """Lay a mounted `screen` out at the terminal's size, so showing it at that size does
    not lay it out again."""
    refresh_layout = getattr(screen, "_refresh_layout", None)
    if refresh_layout is not None:
        refresh_layout(app.size)


def settle_layout_ahead(app: App[Any], screen: Screen[Any]) -> bool:
    """Lay an unseen `screen` out again if its last layout left a widget asking for one.

    A first layout changes sizes, and widgets that learn theirs (a text that wraps to
    more lines, a list that needs a scrollbar) ask for another. Textual answers only on
    the screen shown; an overlay composed ahead was laid out again when it first opened
    instead (46 ms of the help's first opening). True if it was laid out again: the
    new sizes may ask once more.
    """
    if screen.is_current or not getattr(screen, "_layout_required", False):
        return False
    lay_out_ahead(app, screen)
    screen._layout_required = False
    return True


def update_now(screen: Screen[Any], *, repaint: bool = False) -> bool:
    """Lay out and draw the screen shown now, if a widget asked for it, instead of at the
    next tick of its update timer. True if it did.

    Textual answers a request for layout at that timer's next tick, 1/60 s apart; resumed
    after a layout that took longer than a tick, it waited 25-30 ms (measured on New
    game: 17 ms before the first layout, 25 ms before the second that the new sizes ask
    for). `_on_timer_update` is what the tick calls (and Pilot's pause calls directly).
    `repaint`: also when only a repaint was asked for (`_repaint_required`,
    `_dirty_widgets`).
    """
    update = getattr(screen, "_on_timer_update", None)
    batched: int = getattr(screen.app, "_batch_count", 0)  # inside App.batch_update
    asked: bool = getattr(screen, "_layout_required", False)
    if repaint:  # a repaint asked for counts too, not only a layout
        asked = asked or bool(getattr(screen, "_repaint_required", False))
        asked = asked or bool(getattr(screen, "_dirty_widgets", None))
    if update is None or batched or not asked or not screen.is_current:
        return False
    update()
    return True


def draw_ahead(screen: Screen[Any]) -> None:
    """Draw a laid-out, unseen `screen` once, off the terminal: each widget keeps the
    lines it drew, and the first showing draws from them (`Screen._compositor`)."""
    compositor = getattr(screen, "_compositor", None)
    if compositor is not None and not screen.is_current:
        compositor.render_strips()
