"""Are you sure? Asked before overwriting or deleting a save, and before a rewind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.tui.screens.composed import composed


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes; `n` and `escape` say no."""

    DEFAULT_CSS = """
    ConfirmScreen > Vertical {
        width: 60;
        max-width: 95%;
        height: auto;
        border: thick $warning 70%;
        background: $surface;
        padding: 1 2;
    }
    ConfirmScreen Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmScreen Button {
        margin-left: 2;
    }
    /* The button Enter presses looks chosen, as a highlighted choice does: a compact
       button's own focus style marks only its word, and the coloured Delete beside it
       read as the one chosen when Enter would say No. */
    ConfirmScreen Button:focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
        # The buttons sit side by side, so the arrows beside each other move between them.
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), id="question")
            with Horizontal():
                yield Button(self.yes, id="yes", variant="warning", compact=True)
                yield Button("No", id="no", compact=True)

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
