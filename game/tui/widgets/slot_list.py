"""The list of saves: runs (one per playthrough, autosaved) and named saves, each with
chapter, scene, date and time, play time and choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.saving import describe

if TYPE_CHECKING:
    from game.saves.store import SaveInfo


def slot_prompt(info: SaveInfo, story_id: str | None = None) -> Content:
    if info.run:
        started = info.created.astimezone().strftime("%m-%d %H:%M")
        name = Content.assemble(
            ("Autosave", "bold"), (f" · made after every choice · run of {started}", "italic")
        )
    elif info.autosave:
        name = Content.assemble(("Autosave", "bold"), (" · from an older version", "italic"))
    else:
        name = Content.styled(info.slot, "bold")
    line = Content.assemble(name, "\n  ", describe(info))
    if story_id is not None and info.story_id != story_id:
        line = Content.assemble(line, ("\n  a save of another story: ", "italic"), info.story_id)
    return line


class SlotList(OptionList):
    """Each option's id is its key (`run:ID` or the slot), so the screens act on
    `highlighted_slot`."""

    DEFAULT_CSS = """
    SlotList {
        height: 1fr;
        min-height: 3;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.infos: dict[str, SaveInfo] = {}

    def show(self, infos: Iterable[SaveInfo], story_id: str | None = None) -> None:
        self.infos = {info.key: info for info in infos}
        self.set_options(Option(slot_prompt(info, story_id), id=info.key) for info in infos)
        self.highlighted = 0 if infos else None

    @property
    def highlighted_slot(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
