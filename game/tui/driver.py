"""Keys past a person's pace dropped on the terminal's input thread, where they arrive.

The app's own budget (game.tui.flood) drops a flood of keys cheaply once they reach it,
but each key still crossed from the input thread to the app's loop first, one task per
key: 100 KB typed into the terminal (a paste without bracketed paste, `tmux send-keys`)
took 25 s to read and quit came 8 s after. The driver the app runs on now asks a budget
of its own before sending a key on, and tells the app when it drops some, as the app's
own budget does: at the first, then once a notice has had time to go (flood.TELL_EVERY).

It also suspends only what runs and resumes only what it suspended (see
`suspend_application_mode`).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.driver import Driver
from textual.message import Message

from game.tui.flood import KeyBudget


class KeysDropped(Message):
    """Sent to the app when the driver drops keys, so it can say so."""


def budgeted_driver(base: type[Driver]) -> type[Driver]:
    """`base` (the platform's driver, or the web driver under serve) with a key budget."""

    class BudgetedDriver(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.key_budget = KeyBudget()
            # "on" in application mode, "suspended" by ctrl+z (SIGTSTP) or App.suspend,
            # "off" before it starts and once it stops.
            self.mode = "off"

        def start_application_mode(self) -> None:
            super().start_application_mode()
            self.mode = "on"

        def stop_application_mode(self) -> None:
            super().stop_application_mode()
            self.mode = "off"

        # Textual's Linux driver sets handlers for SIGTSTP and SIGCONT as it is made and
        # keeps them for the life of the process: it suspended and resumed on every such
        # signal, in any state. Closing a terminal window sends SIGCONT with its SIGHUP,
        # and when that came while the closed game still waited for a thread to end, the
        # driver started again on a terminal that was gone: a second input thread spinning
        # at 100% CPU that kept the process from ever exiting. It now suspends only what
        # runs, and resumes only what it suspended.

        def suspend_application_mode(self) -> None:
            if self.mode != "on":
                return
            super().suspend_application_mode()
            self.mode = "suspended"

        def resume_application_mode(self) -> None:
            if self.mode != "suspended":
                return
            super().resume_application_mode()

        def process_message(self, message: Message) -> None:
            if isinstance(message, events.Key) and not self.key_budget.allow(message.key):
                if self.key_budget.worth_telling():
                    super().process_message(KeysDropped())
                return
            super().process_message(message)

    BudgetedDriver.__name__ = BudgetedDriver.__qualname__ = f"Budgeted{base.__name__}"
    return BudgetedDriver
