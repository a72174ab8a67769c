"""PageUp and PageDown scroll a screen's reading pane while a list keeps the focus.

The play and ending screens keep the focus on their list (choices, the ending's menu),
whose own page keys would only move its highlight; these bindings take priority and
scroll the text instead, as a reader expects.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import ScrollableContainer

PAGE_BINDINGS = [
    Binding("pageup", "scroll_page(-1)", "Scroll up", show=False, priority=True),
    Binding("pagedown", "scroll_page(1)", "Scroll down", show=False, priority=True),
]


def scroll_page(pane: ScrollableContainer, direction: int) -> None:
    if direction < 0:
        pane.scroll_page_up(animate=False)
    else:
        pane.scroll_page_down(animate=False)
