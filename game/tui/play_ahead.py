"""A play screen composed before it is asked for, so New game only has to show it.

Composing the play screen (some 35 widgets, each styled and mounted) was most of what New
game cost: more than twice a bare Textual screen switch, against a target of 1.5 times.
Shown when it is already composed, it costs about one bare switch. So one play screen is
composed while the title waits, off the screen stack where no one sees it, and the next
New game, Continue or Load shows it; another is composed a moment after that one is taken.

Composing and laying out off the stack uses Textual's private steps (tui/off_stack.py);
were they gone, the screen would be composed and laid out when asked for, as before.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from game.tui.off_stack import can_compose_ahead, compose_ahead, lay_out_ahead
from game.tui.screens.play import PlayScreen

if TYPE_CHECKING:
    from textual.app import App

# How long after the composed screen is taken the next one is composed: long enough that
# the work does not fall on the keys that just showed the game.
AGAIN_AFTER = 2.0
MOUNT_WAIT = 0.02  # how often to look whether the screen composed ahead has mounted


class PlayAhead:
    """Holds at most one composed, unshown play screen for the app."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self._ready: PlayScreen | None = None
        self._styled_in: tuple[object, ...] = ()  # the colours it was styled in
        self._laid_out = False  # whether the waiting screen has been laid out

    def _colours(self) -> tuple[object, ...]:
        return (self.app.theme, self.app.ansi_color)

    def compose_one(self) -> None:
        """Compose a play screen off the stack, unless one is waiting or the app is leaving."""
        app = self.app
        if self._ready is not None or not can_compose_ahead(app) or not app.is_running:
            return
        screen = PlayScreen()
        compose_ahead(app, screen)
        self._ready = screen
        self._laid_out = False
        self._styled_in = self._colours()
        app.call_after_refresh(self._lay_out, screen)

    def _lay_out(self, screen: PlayScreen) -> None:
        """Lay the waiting screen out at the terminal's size once it has mounted.

        Textual lays out a screen new to the stack twice as it is shown (on its resume,
        then on the Resize that layout sends it, about 45 ms on the campaign); laid out
        ahead at the same size, showing it lays out only what its scene changed. A resize
        in between and it is laid out on showing, as before.
        """
        app = self.app
        if screen is not self._ready or not app.is_running:
            return
        if not screen.is_mounted:
            app.set_timer(MOUNT_WAIT, partial(self._lay_out, screen))
            return
        lay_out_ahead(app, screen)
        self._laid_out = True

    @property
    def ready(self) -> bool:
        """Whether a composed screen waits to be shown, laid out."""
        return self._ready is not None and self._ready.is_mounted and self._laid_out

    def take(self) -> PlayScreen:
        """A play screen to show: the composed one, with the game in play already drawn on
        it, else a new one (which draws the game as it mounts)."""
        screen, self._ready = self._ready, None
        if screen is None:
            return PlayScreen()
        if screen.is_mounted:  # drawn before it is pushed, so it is laid out once
            # A screen off the stack is not restyled when the theme changes.
            screen.styled_ahead = self._styled_in == self._colours()
            screen.show_state()
            screen.fit()
            screen.prompt_layouts = 2
        self.app.set_timer(AGAIN_AFTER, self.compose_one)
        return screen
