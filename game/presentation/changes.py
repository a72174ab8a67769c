"""The one line that says what a choice changed: `Fuel: 2 -> 1`, `Shot down`, `No longer: ...`.

Plain text and transcripts draw the arrow in ASCII, so screen readers and pipes get it as
typed; the TUI draws it as `→`. Everything else about the line is the same everywhere.
"""

from __future__ import annotations

from game.engine.rules import EffectChange
from game.frozen import frozen
from game.story.model import Story

ASCII_ARROW = "->"
ARROW = "→"


@frozen
class Change:
    """One change named for the player: a stat's label with its values, or a flag's label."""

    label: str
    before: int | bool
    after: int | bool
    is_stat: bool

    def text(self, arrow: str = ASCII_ARROW) -> str:
        if self.is_stat:
            return f"{self.label}: {self.before} {arrow} {self.after}"
        return self.label if self.after else f"No longer: {_lowered(self.label)}"

    def __str__(self) -> str:
        return self.text()


def _lowered(label: str) -> str:
    """'Shot down' -> 'shot down', but 'MiG seen' and 'UN watching' keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def describe_change(story: Story, change: EffectChange) -> Change:
    stat = story.stats.get(change.target)
    if stat is not None:
        return Change(stat.label, change.before, change.after, is_stat=True)
    return Change(story.flags[change.target].label, change.before, change.after, is_stat=False)


def change_line(story: Story, change: EffectChange, arrow: str = ASCII_ARROW) -> str:
    return describe_change(story, change).text(arrow)
