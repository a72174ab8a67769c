"""The driver's own key budget: keys past a person's pace are dropped as the terminal is
read, and the app is told about it as its own budget tells the player (tui/driver.py)."""

from __future__ import annotations

from textual import events
from textual.message import Message

from game.tui import driver
from game.tui.driver import KeysDropped, budgeted_driver
from game.tui.flood import KeyBudget


class Recording:
    """Stands in for a platform driver: keeps what would go to the app."""

    def __init__(self) -> None:
        self.sent: list[Message] = []

    def process_message(self, message: Message) -> None:
        self.sent.append(message)


def test_a_steady_flood_is_thinned_and_said_once(monkeypatch):
    """A held key or a typed paste at twice the pace: every other key passes, and the app
    is told once, not once for each key let through (each notice is a toast to draw)."""
    now = [0.0]

    def ticking() -> float:
        now[0] += 1 / 80  # 80 keys a second against a budget of 40
        return now[0]

    monkeypatch.setattr(driver, "KeyBudget", lambda: KeyBudget(clock=ticking))
    reader = budgeted_driver(Recording)()
    for _ in range(400):
        reader.process_message(events.Key("m", "m"))
    sent = reader.sent
    keys = [m for m in sent if isinstance(m, events.Key)]
    assert 40 + 150 <= len(keys) <= 40 + 200  # the burst, then about half of the rest
    assert sum(isinstance(m, KeysDropped) for m in sent) == 1


def test_quit_always_passes(monkeypatch):
    monkeypatch.setattr(driver, "KeyBudget", lambda: KeyBudget(clock=lambda: 0.0))
    reader = budgeted_driver(Recording)()
    for _ in range(100):
        reader.process_message(events.Key("m", "m"))
    reader.process_message(events.Key("ctrl+q", None))
    sent = reader.sent
    assert [m.key for m in sent if isinstance(m, events.Key)][-1] == "ctrl+q"
    assert len([m for m in sent if isinstance(m, events.Key)]) == 41
