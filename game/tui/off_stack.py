"""Readying a screen off the screen stack, where no one sees it, before it is shown.

Textual composes a screen when it is first pushed, in `App._register`, the first step of
`push_screen`, and lays it out in `Screen._refresh_layout`. Those names are private to
Textual, which is why pyproject.toml pins Textual below 8.3; were they gone, these do
nothing and the screen is composed and laid out when it is shown, as Textual does.
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
