"""List entries whose wrapped lines go on under their text, not back under their marker.

A history row read "   > Let the political officer have his way and send Han" and went on
at the left edge with "home."; a timeline entry went on under its bullet. Here an entry is
paragraphs of a lead (a number, a marker) and a body: the body is wrapped in the width the
lead leaves, and its later lines are indented by the lead's width. As with Measured, each
width is wrapped once and kept, since a list measures every entry each time it opens.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# Below this many columns for the body, the lead's indent is not kept (a narrow list
# would otherwise leave a column of a word or two).
MIN_BODY = 20


class Hanging(Visual):
    def __init__(self, paragraphs: Sequence[tuple[Content, Content]]) -> None:
        """`paragraphs`: (lead, body) pairs, one or more lines each once wrapped."""
        self.paragraphs = tuple(paragraphs)
        self._by_width: dict[int, Content] = {}

    def __str__(self) -> str:
        return "\n".join(lead.plain + body.plain for lead, body in self.paragraphs)

    def at(self, width: int) -> Content:
        """The entry wrapped at `width`, one Content line per line shown."""
        shown = self._by_width.get(width)
        if shown is None:
            lines: list[Content] = []
            for lead, body in self.paragraphs:
                indent = lead.cell_length
                if width - indent < MIN_BODY:  # too narrow to hang: wrapped as one text
                    lines.extend((lead + body).wrap(max(1, width)) or [Content("")])
                    continue
                wrapped = body.wrap(width - indent) or [Content("")]
                lines.append(lead + wrapped[0])
                lines.extend(Content(" " * indent) + line for line in wrapped[1:])
            shown = self._by_width[width] = Content("\n").join(lines)
        return shown

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(lead.cell_length + body.cell_length for lead, body in self.paragraphs)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.at(width).get_height(rules, width)
