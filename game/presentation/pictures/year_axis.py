"""The timeline's picture: the years 1945-1960 as an axis, the chapters placed on it and
the player's path marked, in rows of plain text any interface can colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.frozen import frozen
from game.presentation.pictures.timeline import FIRST_YEAR, LAST_YEAR, TimelineEntry


@frozen
class YearAxis:
    """`chapters`: ■ at each year a chapter opens; `path`: ✓ / ✗ / › at each year the
    player chose (as history went, parted from it, a choice of their own); `axis` a tick
    a year; `labels` the years that fit under their ticks."""

    chapters: str
    path: str
    axis: str
    labels: str


def year_column(year: int, width: int) -> int:
    span = LAST_YEAR - FIRST_YEAR
    return round((min(LAST_YEAR, max(FIRST_YEAR, year)) - FIRST_YEAR) * (width - 1) / span)


def year_axis(entries: Sequence[TimelineEntry], width: int) -> YearAxis:
    """The axis `width` cells wide (at least 16: a cell a year)."""
    width = max(LAST_YEAR - FIRST_YEAR + 1, width)
    chapters, path = [" "] * width, [" "] * width
    for entry in entries:
        column = year_column(entry.year, width)
        if entry.kind == "chapter":
            chapters[column] = "■"
        elif entry.kind == "choice":
            mark = {True: "✓", False: "✗", None: "›"}[entry.historical]
            path[column] = "✗" if "✗" in (path[column], mark) else mark  # a parting shows
    axis = ["─"] * width
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        axis[year_column(year, width)] = "┼"
    return YearAxis("".join(chapters), "".join(path), "".join(axis), year_labels(width))


LABEL_STEPS = (1, 2, 5)  # every year, every other year, every fifth


def year_labels(width: int) -> str:
    """Each labelled year under its tick: centred, else starting at the tick, else ending
    at it. The first and last years are placed first, so a narrow axis still shows where
    it begins and ends. The labels in between go every year, every other year or every
    fifth, the first of those that fits (the year just before the last may give way to
    it): placed one by one where each fitted, a 60-column axis read 1947, 1948, 1950,
    1951, 1953, with no pattern to which years were missing."""
    labels = [" "] * width
    for step in LABEL_STEPS:
        labels = [" "] * width
        between = range(FIRST_YEAR + step, LAST_YEAR, step)
        missed = [year for year in (FIRST_YEAR, LAST_YEAR, *between) if not _place(labels, year)]
        if all(year >= LAST_YEAR - step for year in missed):
            break
    return "".join(labels)


def _place(labels: list[str], year: int) -> bool:
    """Write the year's label under its tick if it fits with a space either side."""
    width = len(labels)
    column, text = year_column(year, width), str(year)
    for start in (column - len(text) // 2, column, column - len(text) + 1):
        start = min(width - len(text), max(0, start))
        if all(cell == " " for cell in labels[max(0, start - 1) : start + len(text) + 1]):
            labels[start : start + len(text)] = text
            return True
    return False
