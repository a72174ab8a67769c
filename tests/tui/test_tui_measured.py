"""Long lists keep each entry's measured height at every width (game/tui/widgets/measured.py)."""

from __future__ import annotations

from textual.content import Content

from game.tui.widgets.measured import Measured


def entry() -> Content:
    return Content.assemble(("A note", "bold"), "\n", "words that wrap " * 30)


def test_a_measured_entry_is_as_tall_as_its_content_at_every_width():
    measured = Measured(entry())
    for width in (80, 40, 78, 80, 20, 40):
        assert measured.get_height({}, width) == entry().get_height({}, width)
    assert measured.plain == entry().plain
    assert measured.spans == entry().spans


def test_a_width_measured_before_is_not_wrapped_again(monkeypatch):
    measured = Measured(entry())
    measured.get_height({}, 78)
    measured.get_height({}, 76)  # a scrollbar came and went
    wraps = []
    real = Content._wrap_and_format
    monkeypatch.setattr(
        Content, "_wrap_and_format", lambda self, *a, **k: wraps.append(1) or real(self, *a, **k)
    )
    measured.get_height({}, 78)
    measured.get_height({}, 76)
    assert wraps == []
