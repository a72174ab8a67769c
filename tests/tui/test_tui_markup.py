"""Author text with square brackets shows exactly as written, on every screen."""

from __future__ import annotations

import pytest
from tui_helpers import screen_text, settle, start_game

from game.tui.screens.ending import EndingScreen

MANIFEST = """\
story:
  id: brackets
  title: "[b]Not bold[/b]"
  subtitle: "A [/] stray close"
  intro: "Intro with [red]no colour[/red] and [link=x]no link[/link]."
  format: 1
  start: one.start
  stats:
    nerve: {label: "[i]Nerve[/i]", start: 2, min: 0, max: 5}
  flags:
    seen: "[/] Seen"
  chapters: [one.yaml]
"""

CHAPTER = """\
chapter:
  id: one
  title: "Chapter [one]"
  place: somewhere
  date: 1950-04
  viewpoint: "a clerk [unnamed]"
scenes:
  start:
    title: "[bold]Desk[/bold]"
    key: true
    history: "History [did] this."
    text: "Prose with [aside] and [/] and [@click=app.quit]a trap[/]."
    choices:
      - id: go
        text: "Go [now]."
        historical: true
        effects: {seen: true}
        outcome: "Outcome [/] as written."
        note: n
        goto: end
      - id: wait
        text: "Wait [later]."
        if: "nerve > 4"
        locked: "Locked [because] of [/] nerve."
        outcome: Waited.
        note: n
        goto: end
  end:
    text: "Ending prose [x]."
    ending: {title: "The [End]", kind: historical, epilogue: "Epilogue [/] done."}
notes:
  n: {title: "Note [title]", kind: counterfactual, text: "Note text [y].", sources: ["Source [z]"]}
"""


@pytest.mark.slow
async def test_brackets_in_every_kind_of_author_text_are_shown_as_written(make_app, make_story):
    story = make_story({"story.yaml": MANIFEST, "one.yaml": CHAPTER})
    app = make_app(story=story)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        title = screen_text(app)
        for text in ("[b]Not bold[/b]", "A [/] stray close", "[red]no colour[/red]"):
            assert text in title
        await start_game(pilot)
        play = screen_text(app)
        for text in (
            "Chapter [one]",
            "a clerk [unnamed]",
            "[bold]Desk[/bold]",
            "[aside] and [/] and [@click=app.quit]a trap[/]",
            "1. Go [now].",
            "Locked: Locked [because] of [/] nerve.",
            "[i]Nerve[/i]",
        ):
            assert text in play, text
        await pilot.press("1")
        await pilot.pause()
        outcome = screen_text(app)
        for text in ("> Go [now].", "Outcome [/] as written.", "Note [title]", "Source [z]"):
            assert text in outcome, text
        assert "[/] Seen" in outcome  # the flag's label, on the record
        await pilot.press("j")
        await settle(pilot)
        assert "Note text [y]." in screen_text(app)
        await pilot.press("escape", "h")
        await settle(pilot)
        assert "> Go [now]." in screen_text(app)
        await pilot.press("escape", "s")
        await settle(pilot)
        await pilot.press(*"slot [/]", "enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "slot [/]" in screen_text(app)
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        ending = screen_text(app)
        for text in ("The [End]", "Ending prose [x].", "Epilogue [/] done.", "History [did]"):
            assert text in ending, text
