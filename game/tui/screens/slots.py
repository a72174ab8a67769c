"""What the save and load screens share: listing slots off the UI thread, and deleting one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from game.presentation.losses import describe_loss
from game.saves.trash import KEEP_DAYS
from game.tui.screens.composed import composed
from game.tui.screens.confirm import ConfirmScreen
from game.tui.widgets.slot_list import SlotList

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import ModalScreen

    from game.saves.store import SaveInfo
    from game.tui.app import DeniableApp

    _Screen = ModalScreen[Any]  # the screens this is mixed into; at run time a plain class
else:
    _Screen = object


class SlotActions(_Screen):
    """A mix-in for a screen holding a SlotList with id `slots`."""

    if TYPE_CHECKING:
        app = getters.app(DeniableApp)

    include_autosave = True

    def refresh_slots(self) -> None:
        store = self.app.store

        def listing() -> None:
            try:
                infos, damaged = store.scan()
            except Exception as exc:
                self.app.call_from_thread(self.show_slots, [], f"Could not read the saves: {exc}")
                return
            if not self.include_autosave:
                infos = [info for info in infos if not info.autosave]
            problem = None
            if damaged:
                problem = "Some files in the save folder cannot be loaded:\n" + "\n".join(
                    item.message for item in damaged
                )
            self.app.call_from_thread(self.show_slots, infos, problem)

        self.run_worker(listing, thread=True, group="slots", exclusive=True)

    def show_slots(self, infos: list[SaveInfo], problem: str | None) -> None:
        """Fill the list; say so when it is empty, and name any file that cannot be read."""
        if not composed(self):
            return
        slots = self.query_one(SlotList)
        story = self.app.story
        slots.show(infos, story.id if story is not None else None)
        for old in self.query("#slot-problems"):
            old.remove()
        if problem is not None:
            self.query_one(".dialog").mount(
                Static(problem, id="slot-problems", markup=False, classes="hint"), after=slots
            )
        empty = self.query("#no-saves")
        if not infos and not empty:
            folder = self.app.folder
            self.query_one(".dialog").mount(
                Static(f"No saves yet in {folder}.", id="no-saves", markup=False, classes="hint"),
                after=slots,
            )
        elif infos and empty:
            empty.remove()

    def action_delete(self) -> None:
        slots = self.query_one(SlotList)
        if not slots.has_focus:
            return
        slot = slots.highlighted_slot
        if slot is None:
            return
        info = slots.infos[slot]
        name = describe_loss(info)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                where = self.app.store.delete(slot)
            except Exception as exc:
                self.notify(f"Could not delete {name}: {exc}", severity="error")
                return
            self.notify(
                f"Moved {name} to the trash ({where}); it is kept there for {KEEP_DAYS} days "
                f"and 'deniable saves restore {where.name}' brings it back."
            )
            self.app.refresh_newest()
            self.refresh_slots()

        question = (
            f"Delete {name}? It goes to the trash for {KEEP_DAYS} days: "
            "'deniable saves restore' brings it back."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answered)
