"""The map of Korea and southern Manchuria as a widget, in the theme's colours.

The picture itself comes from `game.presentation.pictures.map` (the plain player prints
the same one); this widget draws it at whatever size it is given, again on every resize,
and can pick out one place (the one highlighted in the map screen's list) beside the
current one.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.presentation.pictures.map import CURRENT, MARK, MapPicture, draw_map, place_cell
from game.story.model import Place

# Theme variables, so the map follows the theme the player picked.
STYLES = {
    "coast": "$secondary",
    "river": "$accent",
    "parallel": "italic $warning",
    "place": "bold $foreground",
    "label": "$foreground",
    "current": "bold $primary",
    "highlight": "bold $background on $accent",
}

# Below this the picture would be noise: the widget draws nothing rather than garble.
MIN_WIDTH, MIN_HEIGHT = 8, 4


def map_content(picture: MapPicture) -> Content:
    """Each run of cells that share a style becomes one styled piece of text."""
    lines = []
    for chars, styles in zip(picture.chars, picture.styles, strict=True):
        pieces: list[tuple[str, str] | str] = []
        start = 0
        for index in range(1, len(chars) + 1):
            if index == len(chars) or styles[index] != styles[start]:
                text = "".join(chars[start:index])
                style = STYLES.get(styles[start] or "")
                pieces.append((text, style) if style else text)
                start = index
        lines.append(Content.assemble(*pieces).rstrip())
    return Content("\n").join(lines)


def highlight(picture: MapPicture, place: Place) -> bool:
    """Pick out `place`'s mark and its label, if the map has room for them; True if it did."""
    cell = place_cell(place, picture.width, picture.height)
    if cell is None:
        return False
    row, col = cell
    if picture.chars[row][col] not in (MARK, CURRENT):
        return False
    picture.styles[row][col] = "highlight"
    # The label sits beside its mark, on the mark's row or the one above or below.
    label = place.label
    for r in (row, row - 1, row + 1):
        if not 0 <= r < picture.height:
            continue
        line = "".join(picture.chars[r])
        lo = max(0, col - len(label) - 1)
        found = line.find(label, lo, col + len(label) + 2)
        if found >= 0:
            for c in range(found, found + len(label)):
                picture.styles[r][c] = "highlight"
            break
    return True


class MapView(Widget):
    """Draws every place of `places`; `current` is the chapter's place, `highlighted` a pick."""

    DEFAULT_CSS = """
    MapView {
        width: 1fr;
        height: 1fr;
    }
    """

    highlighted: reactive[str | None] = reactive(None)

    def __init__(
        self,
        places: dict[str, Place],
        current: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.places = places
        self.current = current
        self.picture: MapPicture | None = None  # the last one drawn, for tests and callers
        self._drawn: tuple[int, int, str | None, str | None] | None = None
        self._content = Content("")

    def show(self, places: dict[str, Place], current: str | None) -> None:
        self.places = places
        self.current = current
        self._drawn = None
        self.refresh()

    def render(self) -> Content:
        width, height = self.size
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            self.picture = None
            return Content("")
        key = (width, height, self.current, self.highlighted)
        if key != self._drawn:
            picture = draw_map(self.places, width, height, current=self.current)
            target = self.places.get(self.highlighted or "")
            if target is not None and self.highlighted != self.current:
                highlight(picture, target)
            self.picture = picture
            self._content = map_content(picture)
            self._drawn = key
        return self._content
