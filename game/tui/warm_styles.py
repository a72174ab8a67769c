"""Every stylesheet the game's screens need, read in one go while the title waits.

Textual reads a screen's stylesheet when the screen first opens, and a widget class's
default CSS when the first widget of that class mounts, and each time it parses the whole
stylesheet again and restyles every widget. That was a third of a first New game and of
each overlay's first open (the timeline's first open took 186 ms of CPU, the next 49 ms).
Read here, after the title shows the story, it is parsed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Center, Horizontal, HorizontalGroup
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, LoadingIndicator


# Textual's own classes with default CSS that the game's screens and the command palette
# mount and the title does not. A test opens every screen after the title is ready and
# fails if one is missing. Textual keeps 64 parsed sources; past that every parse would
# start again from nothing, so the test also counts them.
def _key_group() -> tuple[type[DOMNode], ...]:
    """The footer's grouped keys (the timeline's "←→ Year"), private to Textual."""
    try:
        from textual.widgets._footer import KeyGroup
    except ImportError:
        return ()
    return (KeyGroup,)


TEXTUAL_CLASSES: tuple[type[DOMNode], ...] = (
    *_key_group(),
    Button,
    Center,
    CommandInput,
    CommandList,
    CommandPalette,
    Horizontal,
    HorizontalGroup,
    Input,
    Label,
    LoadingIndicator,
    ModalScreen,
    SearchIcon,
)


def game_classes() -> list[type[DOMNode]]:
    """The game's own widget and screen classes, as far as they are imported."""
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found:
                found.append(subclass)
                pending.append(subclass)
    return [cls for cls in found if cls.__module__.startswith("game.tui.")]


def default_css(cls: type[DOMNode]) -> list[tuple[tuple[str, str], str, int, str]]:
    """The default CSS Textual adds as the first widget of `cls` mounts: its own and its
    bases', each with where it came from, its priority and its scope. DOMNode's
    `_get_default_css` is private to Textual (pinned to 8.2.x for this); without it,
    nothing is read ahead and Textual reads it at the first mount, as it always did."""
    get = getattr(DOMNode, "_get_default_css", None)
    if get is None:
        return []
    sources: list[tuple[tuple[str, str], str, int, str]] = get(cls.__new__(cls))
    return sources


def read_ahead(app: App[Any], paths: Iterable[Path], classes: Iterable[type[DOMNode]]) -> None:
    """Add the stylesheets at `paths` and the default CSS of `classes` that the app has
    not read yet, then parse and apply the whole stylesheet once."""
    stylesheet = app.stylesheet
    changed = False
    for path in paths:
        if not stylesheet.has_source(str(path), ""):
            stylesheet.read(path)
            changed = True
    for cls in classes:
        for read_from, css, tie_breaker, scope in default_css(cls):
            if not stylesheet.has_source(*read_from):
                stylesheet.add_source(
                    css,
                    read_from=read_from,
                    is_default_css=True,
                    tie_breaker=tie_breaker,
                    scope=scope,
                )
                changed = True
    if changed:
        stylesheet.reparse()
        stylesheet.update(app)
