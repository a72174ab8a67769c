"""Loading a save (or picking one to replay): every run, newest first, and every named save."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from game.saves.store import SaveInfo
from game.tui.screens.composed import composed
from game.tui.screens.slots import SlotActions
from game.tui.widgets.slot_list import SlotList


class LoadScreen(SlotActions, ModalScreen[SaveInfo | None]):
    """Dismisses with the chosen SaveInfo, or None."""

    CSS_PATH = "slots.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("d,delete", "delete", "Delete", show=False),
    ]

    def __init__(self, replay: bool = False) -> None:
        super().__init__()
        self.replay = replay

    def compose(self) -> ComposeResult:
        title = "Replay a saved game" if self.replay else "Load a saved game"
        verb = "replays it" if self.replay else "loads it"
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield SlotList(id="slots")
            yield Static(f"Enter {verb} · d deletes (to the trash) · escape closes", classes="hint")

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.query_one(SlotList).focus()
        self.refresh_slots()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:  # every slot's option has its key as its id
            self.dismiss(self.query_one(SlotList).infos[event.option.id])
