"""The key footer, rebuilt only when the keys it shows change.

Textual's Footer throws away and rebuilds every key each time its screen says the bindings
may have changed: focus moving, widgets mounting, a worker finishing. Opening the title or
a new game sent that signal five or six times with the same keys, and each rebuild
restyles every key, so the footer cost more than the rest of the screen (about 0.1 s of
CPU on the title and again on a new game). This one keeps the keys it last drew and
rebuilds when they differ.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


def _keys(screen: Screen[object]) -> list[tuple[Binding, bool, str]]:
    """What the footer draws from: each binding it shows (and the command palette's, drawn on
    the right), whether it is enabled, and its tooltip."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return [
        (binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    ]


class Footer(TextualFooter):
    """Textual's Footer (same look, same CSS type), without the identical rebuilds."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self.drawn: list[tuple[Binding, bool, str]] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = _keys(screen)
            if keys == self.drawn:
                return
            self.drawn = keys
        super().bindings_changed(screen)

    def watch_show_command_palette(self, show: bool) -> None:
        """The palette key comes and goes with the width: draw it again at once."""
        self.drawn = None
        self.refresh(recompose=True)
