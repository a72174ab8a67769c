"""A play screen composed before it is asked for, so New game only has to show it.

Composing the play screen (some 35 widgets, each styled and mounted) was most of what New
game cost: more than twice a bare Textual screen switch, against a target of 1.5 times.
Shown when it is already composed, it costs about one bare switch. So one play screen is
composed while the title waits, off the screen stack where no one sees it, and the next
New game, Continue or Load shows it; another is composed a moment after that one is taken.

Textual composes a screen when it is first pushed, in `App._register`, the first step of
`push_screen`. That name is private to Textual, which is why pyproject.toml pins Textual
below 8.3; were it gone, the screen would be composed when asked for, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.tui.screens.play import PlayScreen

if TYPE_CHECKING:
    from textual.app import App

# How long after the composed screen is taken the next one is composed: long enough that
# the work does not fall on the keys that just showed the game.
AGAIN_AFTER = 2.0


class PlayAhead:
    """Holds at most one composed, unshown play screen for the app."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self._ready: PlayScreen | None = None
        self._styled_in: tuple[object, ...] = ()  # the colours it was styled in

    def _colours(self) -> tuple[object, ...]:
        return (self.app.theme, self.app.ansi_color)

    def compose_one(self) -> None:
        """Compose a play screen off the stack, unless one is waiting or the app is leaving."""
        app = self.app
        register = getattr(app, "_register", None)
        if self._ready is not None or register is None or not app.is_running:
            return
        screen = PlayScreen()
        register(app, screen)
        self._ready = screen
        self._styled_in = self._colours()

    @property
    def ready(self) -> bool:
        """Whether a composed screen waits to be shown."""
        return self._ready is not None and self._ready.is_mounted

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
        self.app.set_timer(AGAIN_AFTER, self.compose_one)
        return screen
