"""Saving to a named slot: type a name or pick a slot; overwriting and deleting ask first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from game.presentation.losses import OVERWRITE_KEEPS, describe_loss
from game.tui.saving import SaveProblem
from game.tui.screens.composed import composed
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.slots import SlotActions
from game.tui.widgets.slot_list import SlotList


class SaveScreen(SlotActions, ModalScreen[None]):
    CSS_PATH = "slots.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("d,delete", "delete", "Delete", show=False),
    ]
    include_autosave = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Save the game", classes="dialog-title")
            yield Input(placeholder="Name the save, then press Enter", id="slot-name")
            yield Static("Or pick a slot to overwrite:", classes="hint")
            yield SlotList(id="slots")
            yield Static("Enter saves · d deletes a slot · escape closes", classes="hint")

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.query_one("#slot-name", Input).focus()
        self.refresh_slots()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.ask_save(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:  # every slot's option has the slot as its id
            self.ask_save(event.option.id)

    def ask_save(self, name: str) -> None:
        name = name.strip()
        if not name:
            self.notify("Give the save a name first.", severity="warning")
            return
        existing = {info.slot.casefold(): info for info in self.query_one(SlotList).infos.values()}
        if name.casefold() in existing:
            lost = describe_loss(existing[name.casefold()])
            self.app.push_screen(
                ConfirmScreen(
                    f"Overwrite {lost}? It is replaced by this game; {OVERWRITE_KEEPS}.",
                    yes="Overwrite",
                ),
                lambda yes: self.save(name) if yes else None,
            )
        else:
            self.save(name)

    def save(self, name: str) -> None:
        try:
            info = self.app.save_named(name)
        except SaveProblem as problem:
            self.notify(f"Not saved: {problem}", severity="error", timeout=8)
            return
        self.notify(f"Saved as {info.slot!r}.")
        self.dismiss(None)
