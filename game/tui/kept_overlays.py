"""Overlays composed once and brought up to date each time they open.

Composing and mounting an overlay's widgets (the timeline's two hundred entries, the map's
places, the journal's notes) was a large part of opening it over a game in progress, and
so was laying it out and drawing it for the first time. So the journal, map, timeline,
help and history screens are each kept once built: installed in the app, which Textual
then leaves mounted when the screen closes. The next opening hands the kept screen what a
new one would be given (the story, the game's state or session, the chapter's place) and
it brings every widget back to what a new screen shows on opening: the lists rebuilt from
the game's state, highlighted and scrolled as on a first opening, the filter cleared, the
entry card closed, focus where a new screen puts it. Widgets that did not change keep
their drawn lines, and a screen reopened at the size it had is not laid out again on
resuming.

The first opening of each would still compose it, so they are also composed ahead, off the
screen stack, one at a time in a pause (tui/pauses.py): on the title after
the play screen composed ahead, and once a game is in play for the history. Composed, each
is laid out until its widgets ask for no more and drawn once off the terminal; and after
any input, once a second passes without another, each is brought up to date for the game
as its opening would (`opening_args`), and laid out and drawn again. The opening after a
pause then only shows it. A key that
comes while one composes waits for it (some tens of milliseconds, once per overlay in the
life of the app); the keys of play, one after another, never leave that second free.

A kept screen is used again only if it finished composing (a screen closed in the tick it
opened in may be mounted with some of its widgets or none), only for the story it was
built for (after a live reload of the story, a new one is built) and only at the size it
was last laid out at: after a resize, a list brought up to date at the old size would
keep the scrolling worked out there, so a new one is built. A screen still on the
stack (beneath a dialog) is not pushed twice: a new, unkept one is built instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from textual import events
from textual.screen import Screen

from game.tui.off_stack import (
    can_compose_ahead,
    compose_ahead,
    draw_ahead,
    lay_out_ahead,
    settle_layout_ahead,
    update_now,
)

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.timer import Timer
    from textual.widget import Widget

    from game.tui.pauses import Pauses


NEXT_AFTER = 0.1  # after one has mounted, when to look at composing the next
MOUNT_WAIT = 0.02  # how often to look whether the screen composed ahead has mounted
SETTLE_PASSES = 3  # layouts after the first that a screen composed ahead may still ask for


class KeptScreen(Screen[Any]):
    """What every kept overlay has: whether it can be opened again, and a resume that
    restyles it only when the colours changed while it was closed.

    Textual restyles every widget of a screen each time it resumes, for what may have
    changed while it was off the stack; for the overlays that is only the theme (a screen
    off the stack is not restyled when it changes). Its widgets were styled when it last
    showed (or as they mounted), and focus and hover restyle what they change.

    A modal overlay lists it after ModalScreen: Textual takes a class's default CSS
    from its first base only, and ModalScreen's (the translucent background, the
    dialog centred) must stay.
    """

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)  # ModalScreen passes them on
        self._ready = False
        # The name to keep it under once it has composed on the stack. It is installed
        # (kept) only then: a screen closed before it composed is left to Textual to
        # remove, as any screen is; kept, it went on answering the Resize queued for it.
        self.keep_as: str | None = None
        self.styled_in: tuple[object, ...] = ()  # the colours its widgets were styled in
        self.restyle_on_resume = True
        # Updates to run as soon as it is idle, not at its update timer's next tick (as
        # the play screen taken for New game: tui/play_ahead.py): set on each opening.
        self.prompt_updates = 0

    def on_idle(self) -> None:
        if self.prompt_updates and update_now(self, repaint=True):
            self.prompt_updates -= 1

    @property
    def ready(self) -> bool:
        """Composed, so it can be opened again: set as it mounts on the stack, or once
        composed ahead."""
        return self._ready

    @ready.setter
    def ready(self, ready: bool) -> None:
        self._ready = ready
        name, self.keep_as = self.keep_as, None
        if ready and name is not None and not self.app.is_screen_installed(name):
            self.app.install_screen(self, name)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and not self.restyle_on_resume:
            message.refresh_styles = False
        return super().post_message(message)


class Reopenable(Protocol):
    ready: bool

    def reopen(self, *args: Any) -> bool:
        """Show what a new screen built with `args` shows on opening; False if it cannot
        (not composed, or of another story): then a new one is built."""
        ...


class KeptOverlays:
    """At most one kept screen per overlay class, for one app."""

    def __init__(self, app: App[Any], pauses: Pauses) -> None:
        self.app = app
        # Off: every opening builds a new screen and leaves the kept ones as they are
        # (the tests compare what the two show).
        self.enabled = True
        self.pauses = pauses  # composing and bringing up to date wait for one
        pauses.after_pause.append(self._bring_up_to_date)
        self._timer: Timer | None = None
        # What to compose ahead: each a function giving (screen class, its arguments), or
        # None while it cannot be built yet (no story, no game).
        self.wanted: list[Callable[[], tuple[type[Screen[Any]], tuple[Any, ...]] | None]] = []
        # The screens composed or brought up to date ahead and not yet laid out and
        # drawn (tests wait for none).
        self.settling: set[Screen[Any]] = set()
        # What an opening would hand each overlay now, by screen class name: its
        # arguments, or None when there is nothing to bring up to date ahead of it.
        self.opening_args: dict[str, Callable[[], tuple[Any, ...] | None]] = {}
        self.brought_ahead = 0  # openings brought up to date in a pause (tests read it)
        # Called once every wanted overlay is composed ahead (the app freezes them with
        # what else lives long, out of the collector's full collections).
        self.when_all_composed: Callable[[], None] | None = None

    @staticmethod
    def _kept_name(class_name: str) -> str:
        return f"kept:{class_name}"

    @classmethod
    def _name(cls, screen_type: type[Screen[Any]]) -> str:
        return cls._kept_name(screen_type.__name__)

    def screen(self, screen_type: type[Screen[Any]], *args: Any) -> Screen[Any]:
        """The kept `screen_type`, brought up to date for `args`, else a new one (kept)."""
        app = self.app
        name = self._name(screen_type)
        if not self.enabled:
            return screen_type(*args)
        if app.is_screen_installed(name):
            kept = app.get_screen(name)
            if kept in app.screen_stack:  # beneath a dialog: it cannot be pushed twice
                return screen_type(*args)
            reopenable: Reopenable = kept  # type: ignore[assignment]
            # Laid out at another size (the terminal was resized while it was closed), its
            # lists would keep the scrolling worked out at that size: a new one is built.
            same_size = not kept.outer_size or kept.outer_size == app.size
            if same_size and reopenable.reopen(*args):
                kept_in = kept.styled_in if isinstance(kept, KeptScreen) else ()
                self._styled(kept, restyle=kept_in != self._colours())
                return kept
            self.drop(screen_type)
        screen = screen_type(*args)
        if isinstance(screen, KeptScreen):
            screen.keep_as = name  # kept once it has composed
        self._styled(screen, restyle=True)
        return screen

    def _colours(self) -> tuple[object, ...]:
        return (self.app.theme, self.app.ansi_color)

    def _styled(self, screen: Screen[Any], *, restyle: bool) -> None:
        """As `screen` is pushed: whether its resume restyles it; its colours after."""
        if isinstance(screen, KeptScreen):
            screen.restyle_on_resume = restyle
            screen.styled_in = self._colours()
            screen.prompt_updates = 2

    def compose_ahead(self, after: float | None = None) -> None:
        """Compose, in the next quiet moments, each wanted overlay not yet kept."""
        if self._timer is None and self.enabled and self.app.is_running:
            wait = self.pauses.quiet if after is None else after
            self._timer = self.app.set_timer(wait, self._compose_next)

    def _compose_next(self) -> None:
        self._timer = None
        app = self.app
        if not can_compose_ahead(app) or not self.enabled or not app.is_running:
            return
        quiet_for, quiet = self.pauses.quiet_for(), self.pauses.quiet
        if app.screen_stack and not getattr(app, "play_screen_ready", True):
            quiet_for = 0.0  # on the title, New game's play screen is composed first
        if quiet_for < quiet:
            self._timer = app.set_timer(quiet - quiet_for, self._compose_next)
            return
        for want in self.wanted:
            made = want()
            if made is None:
                continue
            screen_type, args = made
            name = self._name(screen_type)
            if app.is_screen_installed(name):
                continue
            screen = screen_type(*args)
            app.install_screen(screen, name)
            self._styled(screen, restyle=True)  # styled in these colours as it mounts
            compose_ahead(app, screen)
            app.set_timer(MOUNT_WAIT, partial(self._mounted, screen))
            return

    @property
    def ready(self) -> bool:
        """Whether every overlay that can be built now is composed, waiting to open."""
        app = self.app
        for want in self.wanted:
            made = want()
            if made is None:
                continue
            name = self._name(made[0])
            if not app.is_screen_installed(name) or not getattr(
                app.get_screen(name), "ready", False
            ):
                return False
        return True

    def _mounted(self, screen: Screen[Any]) -> None:
        """Once the screen composed ahead has mounted, it can be opened (then the next)."""
        app = self.app
        if not app.is_running or not app.is_screen_installed(screen):
            return
        if not screen.is_mounted:
            app.set_timer(MOUNT_WAIT, partial(self._mounted, screen))
            return
        # Laid out at the terminal's size, as the play screen composed ahead is: shown at
        # that size, it is not laid out twice on showing (a resize in between, and it is).
        lay_out_ahead(app, screen)
        self._settle_soon(screen)
        reopenable: Reopenable = screen  # type: ignore[assignment]
        reopenable.ready = True
        if self.ready:
            if self.when_all_composed is not None:
                self.when_all_composed()
        else:
            self.compose_ahead(after=NEXT_AFTER)  # the next, if it is still quiet then

    def _settle_soon(self, screen: Screen[Any]) -> None:
        self.settling.add(screen)
        self.app.set_timer(MOUNT_WAIT, partial(self._settle, screen, SETTLE_PASSES))

    def _settle(self, screen: Screen[Any], passes: int) -> None:
        """Once the widgets have said what the layout ahead changed for them, lay the
        screen out again if they ask, then draw it, so the opening is not what does it."""
        app = self.app
        if app.is_running and app.is_screen_installed(screen):
            if settle_layout_ahead(app, screen) and passes > 1:
                app.set_timer(MOUNT_WAIT, partial(self._settle, screen, passes - 1))
                return
            if not screen.is_current:
                draw_ahead(screen)
        self.settling.discard(screen)

    def _bring_up_to_date(self) -> None:
        """The player paused (tui/pauses.py): the game may have moved on since the last
        pause, so each kept overlay is brought up to date for it, ahead of its opening."""
        if self.enabled and self.app.is_running and can_compose_ahead(self.app):
            self._bring_next(list(self.opening_args.items()))

    def _bring_next(self, todo: list[tuple[str, Callable[[], tuple[Any, ...] | None]]]) -> None:
        """Bring one kept overlay up to date, as its opening would, then lay it out and
        draw it off the terminal; the next a moment later, so a key pressed meanwhile
        waits for one at most. A key stops the round: the next pause starts another."""
        app = self.app
        if not app.is_running or self.pauses.quiet_for() < self.pauses.quiet:
            return
        while todo:
            class_name, args_now = todo.pop(0)
            name = self._kept_name(class_name)
            args = args_now()
            if args is None or not app.is_screen_installed(name):
                continue
            kept = app.get_screen(name)
            if kept in app.screen_stack or not getattr(kept, "ready", False):
                continue
            if kept.outer_size and kept.outer_size != app.size:
                continue  # built anew on opening (see screen)
            reopenable: Reopenable = kept  # type: ignore[assignment]
            if reopenable.reopen(*args):
                self.brought_ahead += 1
                self._settle_soon(kept)
            if todo:
                app.set_timer(NEXT_AFTER, partial(self._bring_next, todo))
            return

    def drop(self, screen_type: type[Screen[Any]]) -> None:
        """Forget the kept `screen_type` (unless it is on the stack) and remove it."""
        app = self.app
        name = self._name(screen_type)
        if not app.is_screen_installed(name):
            return
        kept = app.get_screen(name)
        if kept in app.screen_stack:
            return
        app.uninstall_screen(name)
        if kept.is_running:
            kept.remove()


def focus_afresh(screen: Screen[Any], widget: Widget) -> None:
    """Give `widget` the focus as a new screen does. An input that kept the focus since
    the screen closed is given it again, with a Focus event, so its cursor shows and
    starts its blink again and the terminal is told where it is, as a new input does; a
    list that kept it keeps it (a Focus event would restyle it for nothing)."""
    from textual.widgets import Input

    if isinstance(widget, Input) and screen.focused is widget:
        screen.set_focus(None)
    screen.set_focus(widget)
