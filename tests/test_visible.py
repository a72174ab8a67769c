"""Author and save text printed to a terminal: control characters shown, layout kept."""

from game.visible import visible, visible_lines


def test_escapes_and_bidi_overrides_are_written_out():
    assert visible("a\x1b]0;x\x07b\u202e") == "a\\x1b]0;x\\x07b\\u202e"
    assert visible("Tumen\xa0River, 38°") == "Tumen\xa0River, 38°"


def test_a_page_keeps_its_line_breaks_and_tabs_but_not_carriage_returns():
    page = "Chapter 1\x1b[2J\n\tindented\r\n"
    assert visible_lines(page) == "Chapter 1\\x1b[2J\n\tindented\\x0d\n"
    assert visible_lines("plain\ntext\n") == "plain\ntext\n"
