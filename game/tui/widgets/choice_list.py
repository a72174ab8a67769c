"""The numbered choices: open ones to pick, locked ones dimmed with the author's reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.rules import Option as EngineOption
from game.tui.prose import inline_content
from game.tui.widgets.hanging import Hanging


def choice_prompt(option: EngineOption, values: Mapping[str, int | bool]) -> Hanging:
    """The choice's number, and its text going on under itself when it wraps (not back
    under the number); a locked choice's reason on a line of its own, under the text."""
    text = inline_content(option.choice.text.render(values))
    number = f"{option.number}. "
    if option.locked:
        return Hanging(
            (
                (Content(number), text),
                (Content(" " * len(number)), Content.styled(f"Locked: {option.reason}", "italic")),
            )
        )
    return Hanging(((Content.styled(number, "bold"), text),))


CONTINUE = ":continue"  # the option shown after a choice; ":" is never in a choice id


class ChoiceList(OptionList):
    """Choose by number key (the screen's bindings), arrows and Enter, or the mouse.

    After a choice the list holds a single Continue, so focus never moves between
    widgets: moving it would make the footer rebuild itself on every choice.
    """

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 60%;
        border: none;
        padding: 0 1;
        background: transparent;
    }
    ChoiceList:focus {
        border: none;
    }
    ChoiceList > .option-list--option-disabled {
        color: $text-disabled;
    }
    """

    def __init__(self, answer: Callable[[str], object], *, id: str | None = None) -> None:
        """`answer` is told at once of what Enter or a click picks: a choice's id, or
        CONTINUE. Not by a message: a message waits behind the keys queued after Enter,
        so in `1`, Enter, `1` typed in one go the second `1` came before the Continue
        and was dropped (or, Enter on one choice then a number, the number won)."""
        super().__init__(id=id)
        self.answer = answer
        self.engine_options: list[EngineOption] = []

    def show(self, options: list[EngineOption], values: Mapping[str, int | bool]) -> None:
        self.engine_options = list(options)
        self.set_options(
            Option(choice_prompt(option, values), id=option.choice.id, disabled=option.locked)
            for option in options
        )
        # set_options leaves no highlight: put it on the first open choice.
        first_open = next((i for i, o in enumerate(options) if not o.locked), None)
        self.highlighted = first_open
        self.scroll_home(animate=False)

    def show_continue(self, label: str) -> None:
        self.engine_options = []
        self.set_options([Option(Content.styled(f"▶ {label}", "bold"), id=CONTINUE)])
        self.highlighted = 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height the choices need, wrapped at the width they are drawn at.

        Textual sizes the list for its width without a scrollbar, but draws its lines
        beside one still showing from a narrower terminal: two columns narrower, they could
        wrap one line past that height, which kept the scrollbar (and hid the last line of
        the choices at 60x20 after the side panel had been opened at 40x12). Sized as
        drawn, they fit, the scrollbar goes, and the next layout sizes them without it.
        """
        if self.show_vertical_scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return super().get_content_height(container, viewport, width)

    def by_number(self, number: int) -> EngineOption | None:
        return next((o for o in self.engine_options if o.number == number), None)

    def action_select(self) -> None:
        """Enter, or a click: what is highlighted is answered as the key is read."""
        highlighted = self.highlighted
        if highlighted is None:
            return
        option = self.get_option_at_index(highlighted)
        if option.id is not None and not option.disabled:
            self.answer(option.id)
