"""The ending's stat charts: drawn on the stat's declared range, with chapter ticks."""

from __future__ import annotations

from game.presentation.stat_plot import plot_stat


def filled(rows: list[str], column: int) -> int:
    """How many eighths of the column are filled, bottom to top."""
    blocks = " ▁▂▃▄▅▆▇█"
    return sum(blocks.index(row[column]) for row in rows)


def test_a_fall_is_drawn_on_the_declared_range_not_the_playthroughs_own():
    small = plot_stat([7, 5], [1, 1], 0, 10, 20, 3)  # 7 → 5 on 0-10
    steep = plot_stat([2, 0], [1, 1], 0, 3, 20, 3)  # 2 → 0 on 0-3
    assert filled(small.rows, 0) > filled(small.rows, 19) > 0  # falls, not to the floor
    assert filled(steep.rows, 19) == 0  # at the stat's lowest: nothing left
    assert small.rows != steep.rows
    top = plot_stat([10, 10], [1, 1], 0, 10, 4, 3)
    assert all(row == "████" for row in top.rows)  # the top of the range fills the chart


def test_the_axis_ticks_where_each_chapter_begins():
    plot = plot_stat([1, 1, 1, 1], [1, 1, 2, 3], 0, 3, 40, 2)
    assert plot.axis.count("┬") == 3 and plot.axis[0] == "┬"
    assert plot.labels.split() == ["1", "2", "3"]
    assert plot.labels.index("2") == plot.axis.index("┬", 1)


def test_more_steps_than_columns_still_draw_every_chapter_start_that_fits():
    chapters = [1] * 50 + [2] * 50
    plot = plot_stat(list(range(100)), chapters, 0, 99, 10, 3)
    assert len(plot.axis) == 10 and plot.axis.count("┬") == 2
    assert filled(plot.rows, 9) > filled(plot.rows, 0)
