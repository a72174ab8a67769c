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
    wraps = []  # Content's own measuring, which wraps the text at the width asked
    real = Content.get_height
    monkeypatch.setattr(
        Content, "get_height", lambda self, *a, **k: wraps.append(a) or real(self, *a, **k)
    )
    measured.get_height({}, 78)
    measured.get_height({}, 76)
    assert wraps == []
    measured.get_height({}, 60)  # a width not measured before is
    assert wraps == [({}, 60)]


def test_a_hanging_entry_goes_on_under_its_text_not_under_its_marker():
    from game.tui.widgets.hanging import MIN_BODY, Hanging

    body = "Let the political officer have his way and send Han home."
    entry = Hanging(
        ((Content("12. "), Content("The School by the River")), (Content("   > "), Content(body)))
    )
    lines = entry.at(30).plain.split("\n")
    assert lines[0] == "12. The School by the River"
    assert lines[1].startswith("   > Let the")
    assert all(line.startswith("     ") and line.strip() for line in lines[2:])
    assert len(lines) > 2 and all(len(line) <= 30 for line in lines)
    assert " ".join(line.strip().removeprefix("> ") for line in lines[1:]) == body
    assert entry.get_height({}, 30) == len(lines)
    assert str(entry) == "12. The School by the River\n   > " + body
    # Too narrow to keep the indent: wrapped as one text, nothing lost.
    narrow = entry.at(4 + MIN_BODY - 1).plain.split("\n")
    assert narrow[0].startswith("12. The")
    assert " ".join(line.strip() for line in narrow).endswith("send Han home.")
