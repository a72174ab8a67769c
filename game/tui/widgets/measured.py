"""Content that remembers its height at every width it was measured at.

A long list (the journal) is an OptionList, which measures every entry's height to know
where each one starts. Textual's Content remembers only the last width it was measured
at, and a list may be measured at more than one width as it opens, so each open wrapped
every entry again. Kept per entry across opens (see note_prompt), a Measured entry is
wrapped once per width for as long as the game runs: reopening a list after a choice
measures only the entry that is new. The timeline's and history's entries are Hanging
(hanging.py), which keeps its wrapping per width the same way.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap


class Measured(Content):
    def __init__(self, content: Content) -> None:
        super().__init__(content.plain, list(content.spans), content.cell_length, False)
        self._heights: dict[tuple[int, object, object, object], int] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        get = rules.get
        key = (width, get("line_pad", 0), get("text_overflow", "fold"), get("text_wrap", "wrap"))
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = super().get_height(rules, width)
        return height
