"""The map of Korea and southern Manchuria, drawn with braille dots in a grid of text cells.

Pure: it returns characters and a style name per cell, so the plain player can print it
and the TUI can colour it, and both show the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from game.presentation.pictures import outline
from game.story.model import Place

_BRAILLE = 0x2800
# Dot bit for (x, y) inside a 2x4 braille cell.
_DOTS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08}
_DOTS |= {(1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}

MARK = "●"
CURRENT = "◉"

# The frame's edges in degrees: "north", "south", "west", "east".
Bounds: TypeAlias = dict[str, float]
_Chars: TypeAlias = list[list[str]]
_Styles: TypeAlias = list[list[str | None]]
_Taken: TypeAlias = list[list[bool]]

# Draw order: later layers win a shared cell's style.
LAYERS = (("coast", outline.COAST), ("river", outline.YALU), ("river", outline.TUMEN))


@dataclass
class MapPicture:
    width: int
    height: int
    chars: list[list[str]]
    styles: list[list[str | None]]
    shown: list[Place] = field(default_factory=list)
    off_map: list[Place] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.chars]


class _Canvas:
    def __init__(self, width: int, height: int, bounds: Bounds) -> None:
        self.width, self.height = width, height
        self.bits = [[0] * width for _ in range(height)]
        self.styles: list[list[str | None]] = [[None] * width for _ in range(height)]
        self.bounds = bounds
        mid = math.radians((bounds["north"] + bounds["south"]) / 2)
        span_x = (bounds["east"] - bounds["west"]) * math.cos(mid)
        span_y = bounds["north"] - bounds["south"]
        # Braille dots are about square: 2 per cell across, 4 per cell down.
        self.scale = min((width * 2 - 1) / span_x, (height * 4 - 1) / span_y)
        self.cos_mid = math.cos(mid)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        x = (lon - self.bounds["west"]) * self.cos_mid * self.scale
        y = (self.bounds["north"] - lat) * self.scale
        return x, y

    def cell_of(self, lat: float, lon: float) -> tuple[int, int]:
        x, y = self.project(lat, lon)
        return min(self.width - 1, int(x // 2)), min(self.height - 1, int(y // 4))

    def dot(self, x: float, y: float, style: str) -> None:
        dx, dy = int(round(x)), int(round(y))
        col, row = dx // 2, dy // 4
        if 0 <= col < self.width and 0 <= row < self.height:
            self.bits[row][col] |= _DOTS[(dx % 2, dy % 4)]
            self.styles[row][col] = style

    def line(self, points: Sequence[tuple[float, float]], style: str, every: int = 1) -> None:
        projected = [self.project(lat, lon) for lat, lon in points]
        count = 0
        for (x0, y0), (x1, y1) in zip(projected, projected[1:], strict=False):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0))))
            for step in range(steps + 1):
                count += 1
                if count % every == 0:
                    t = step / steps
                    self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, style)


def on_map(place: Place, bounds: Bounds | None = None) -> bool:
    """Does `place` fall inside the map's frame (Korea and southern Manchuria)?"""
    b = bounds or outline.BOUNDS
    return b["south"] <= place.lat <= b["north"] and b["west"] <= place.lon <= b["east"]


def place_cell(
    place: Place, width: int, height: int, bounds: Bounds | None = None
) -> tuple[int, int] | None:
    """(row, column) of `place`'s mark on a map of this size; None when it is off the map."""
    if not on_map(place, bounds):
        return None
    col, row = _Canvas(width, height, bounds or outline.BOUNDS).cell_of(place.lat, place.lon)
    return row, col


def draw_map(
    places: dict[str, Place],
    width: int = 60,
    height: int = 22,
    current: str | None = None,
    bounds: Bounds | None = None,
) -> MapPicture:
    """Draw the coast, the Yalu and Tumen, the 38th parallel and every place inside the frame."""
    canvas = _Canvas(width, height, bounds or outline.BOUNDS)
    for style, points in LAYERS:
        canvas.line(points, style)
    canvas.line(outline.PARALLEL_38, "parallel", every=3)
    chars = [[chr(_BRAILLE + bits) if bits else " " for bits in row] for row in canvas.bits]
    styles = canvas.styles
    shown: list[Place] = []
    off_map: list[Place] = []
    taken = [[False] * width for _ in range(height)]
    marked: list[Place] = []
    # The current place goes first, so its label always finds room; then the places in the
    # order of the table, so where two share a cell the one listed first is drawn.
    ordered = sorted(places.values(), key=lambda p: p.id != current)
    for place in ordered:
        if not on_map(place, canvas.bounds):
            off_map.append(place)
            continue
        shown.append(place)
        col, row = canvas.cell_of(place.lat, place.lon)
        is_current = place.id == current
        if taken[row][col]:
            continue  # two places share this cell: the first one's mark and label stand
        marked.append(place)
        chars[row][col] = CURRENT if is_current else MARK
        styles[row][col] = "current" if is_current else "place"
        taken[row][col] = True
    marks = {canvas.cell_of(p.lat, p.lon)[::-1] for p in marked}
    for place in marked:
        col, row = canvas.cell_of(place.lat, place.lon)
        style = "current" if place.id == current else "label"
        others = marks - {(row, col)}
        _place_label(chars, styles, taken, row, col, place.label, style, others)
    west_col, row = canvas.cell_of(*outline.PARALLEL_38[0])
    east_col, _ = canvas.cell_of(*outline.PARALLEL_38[1])
    text = "38th parallel"
    for r, c in (
        (row, west_col - len(text) - 1),
        (row + 1, west_col - len(text)),
        (row, east_col + 2),
    ):
        if _fits(chars, taken, r, c, len(text)):
            _write(chars, styles, taken, r, c, text, "parallel")
            break
    return MapPicture(width, height, chars, styles, shown, off_map)


def _fits(chars: _Chars, taken: _Taken, row: int, col: int, length: int) -> bool:
    if not 0 <= row < len(chars) or col < 0 or col + length > len(chars[row]):
        return False
    return not any(taken[row][c] for c in range(col, col + length))


def _place_label(
    chars: _Chars,
    styles: _Styles,
    taken: _Taken,
    row: int,
    col: int,
    text: str,
    style: str,
    others: set[tuple[int, int]],
) -> bool:
    """Put a label beside its mark where it covers no other mark or label; else leave it off.

    Nor where it would read as another place's: a label ending a cell or two left of
    another mark, or starting a cell or two right of one, is where that mark's own label
    would stand ("Namsi ● Chosin" put Namsi's name beside the Chosin mark at 60x20)."""
    length = len(text)
    for r, c in (
        (row, col + 2),
        (row, col - 1 - length),
        (row - 1, col + 1),
        (row + 1, col + 1),
        (row - 1, col - length),
        (row + 1, col - length),
    ):
        beside = {(r, c - 2), (r, c - 1), (r, c + length), (r, c + length + 1)}
        if _fits(chars, taken, r, c, length) and not beside & others:
            _write(chars, styles, taken, r, c, text, style)
            return True
    return False


def _write(
    chars: _Chars, styles: _Styles, taken: _Taken, row: int, col: int, text: str, style: str
) -> None:
    for offset, ch in enumerate(text):
        c = col + offset
        chars[row][c] = ch
        styles[row][c] = style
        taken[row][c] = True
