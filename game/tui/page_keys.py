"""PageUp and PageDown scroll a screen's reading pane while a list keeps the focus.

The title, play, ending and journal screens keep the focus on a list or a field (the
title's menu, the choices, the ending's menu, the journal's filter), whose own page keys
would only move a highlight or do nothing; these bindings take priority and scroll the
text instead, as a reader expects.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

PAGE_BINDINGS = [
    Binding("pageup", "scroll_page(-1)", "Scroll up", show=False, priority=True),
    Binding("pagedown", "scroll_page(1)", "Scroll down", show=False, priority=True),
]


def scroll_page(pane: Widget, direction: int) -> None:
    """A page up (direction < 0) or down, at once, in any scrolling widget."""
    if direction < 0:
        pane.scroll_page_up(animate=False)
    else:
        pane.scroll_page_down(animate=False)
