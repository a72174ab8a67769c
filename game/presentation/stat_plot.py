"""A stat's course over a playthrough as rows of block characters, on the stat's declared
range, with the chapters marked on the axis below.

Drawn on the declared range (the story's min to max), never the playthrough's own lowest
and highest: a fall from 7 to 5 on a 0-10 scale then looks smaller than one from 2 to 0.
Pure text, so any interface can draw it; the TUI colours it.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.frozen import frozen

BLOCKS = " ▁▂▃▄▅▆▇█"  # 0 to 8 eighths of a cell filled


@frozen
class StatPlot:
    """`rows` top to bottom, each `width` cells; `axis` the line under them with a tick
    where each chapter begins; `labels` the chapter numbers under their ticks."""

    rows: list[str]
    axis: str
    labels: str


def columns_of(count: int, width: int) -> list[int]:
    """For each of `width` columns, the index (0..count-1) of the step it shows."""
    return [min(count - 1, column * count // width) for column in range(width)]


def bar(value: int, low: int, high: int, height: int) -> list[str]:
    """One column, top to bottom: `value` on the scale low..high as filled eighths."""
    span = max(1, high - low)
    eighths = round((min(high, max(low, value)) - low) * height * 8 / span)
    cells = []
    for row in range(height - 1, -1, -1):  # from the top row down
        cells.append(BLOCKS[max(0, min(8, eighths - row * 8))])
    return cells


def plot_stat(
    values: Sequence[int], chapters: Sequence[int], low: int, high: int, width: int, height: int
) -> StatPlot:
    """`values[i]` and `chapters[i]` (a chapter number) after step i, drawn `width` cells
    wide and `height` rows high on the range low..high."""
    width = max(1, width)
    steps = columns_of(len(values), width)
    bars = [bar(values[step], low, high, height) for step in steps]
    rows = ["".join(column[row] for column in bars) for row in range(height)]
    axis, labels = ["─"] * width, [" "] * width
    for column, step in enumerate(steps):
        starts = column == 0 or chapters[step] != chapters[steps[column - 1]]
        if not starts:
            continue
        axis[column] = "┬"
        number = str(chapters[step])
        if all(cell == " " for cell in labels[max(0, column - 1) : column + len(number)]):
            labels[column : column + len(number)] = number  # skipped where it would touch
    return StatPlot(rows, "".join(axis), "".join(labels)[:width])
