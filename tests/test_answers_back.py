"""Prose that answers back, played: the answers-back story through the engine, undo, a load
(a replay of the log), the plain player, and the checker's places inside text."""

from __future__ import annotations

import io
import subprocess
import sys

import jsonschema
import pytest
from story_helpers import ANSWERS_BACK as STORY
from story_helpers import MINIMAL_CHAPTER, ROOT, play

from game.authoring.lint import lint
from game.authoring.schema import schemas
from game.engine import reading
from game.engine.rules import choose, new_game
from game.engine.session import Session
from game.plain.player import PlainPlayer
from game.presentation import answers
from game.presentation.export import export
from game.presentation.transcript import build_replay, plain_transcript
from game.story.loader import check_story, load_story


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


def text(session: Session) -> str:
    """The scene's text with its line breaks as spaces (paragraphs stay apart)."""
    shown = reading.scene_text(session.story, session.state)
    return "\n\n".join(" ".join(p.split()) for p in shown.split("\n\n"))


def test_the_story_loads_and_lints_clean(story):
    loaded, diagnostics = check_story(STORY)
    assert diagnostics == []
    assert lint(loaded) == []


def test_seq_cycle_and_once_follow_the_visits_to_the_scene(story):
    session = play(story, [])
    first = text(session)
    assert first.startswith("You reach the quay for the first time. The tide is in.")
    assert "A stranger waves, once." in first
    session.choose("wait")
    second = text(session)
    assert second.startswith("You are back on the quay. The tide is out.")
    assert "stranger" not in second
    assert "\n\n\n" not in reading.scene_text(story, session.state)  # no gap left behind
    session.choose("wait")
    assert text(session).startswith("The quay again; the gulls know you now. The tide is in.")
    session.choose("wait")
    assert text(session).startswith("The quay again; the gulls know you now. The tide is out.")


def test_a_condition_in_an_outcome_counts_visits(story):
    session = play(story, [])
    assert session.choose("wait").text == "You wait."
    assert session.choose("wait").text == "You wait again."


def test_text_is_the_same_after_undo(story):
    session = play(story, ["wait"])
    second = text(session)
    session.choose("wait")
    assert text(session) != second
    session.undo()
    assert text(session) == second


def test_text_is_the_same_after_a_load(story):
    session = play(story, ["wait", "wait", "bribe", "burn"])
    loaded = Session.from_log(story, session.seed, list(session.steps))
    assert loaded.divergence is None
    for before, after in zip(session.states, loaded.states, strict=True):
        assert reading.scene_text(story, before) == reading.scene_text(story, after)
    assert [o.text for o in loaded.outcomes] == [o.text for o in session.outcomes]
    assert reading.epilogue_text(story, loaded.state) == reading.epilogue_text(story, session.state)


def test_the_world_follows_history_until_a_key_decision_against_it(story):
    historical = play(story, ["warn"])
    assert reading.diverged_at(story, historical.steps) is None
    assert historical.outcomes[-1].text == "You climb the stairs to the office."
    office = text(historical)
    assert "The clerk has heard your warning." in office
    assert "history books" not in office
    against = play(story, ["bribe"])
    assert reading.diverged_at(story, against.steps) == 0
    assert against.outcomes[-1].text.endswith("From here on, history is no guide.")
    assert "Nothing here happens as the history books say." in text(against)
    assert "The clerk will not look at you." in text(against)


def test_a_choice_marked_diverges_leaves_history(story):
    session = play(story, ["warn", "burn"])
    assert reading.diverged_at(story, session.steps) == 1
    assert session.outcomes[-1].text == "The ledger burns, and history with it."
    assert reading.epilogue_text(story, session.state).startswith("The story went its own way.")
    kept = play(story, ["warn", "leave"])
    assert reading.epilogue_text(story, kept.state) == (
        "Everything happened as it did.\n\nTrust ended at 2."
    )


def test_a_chapter_recap_answers_the_path(story):
    recap = story.chapter_index["two"].recap
    warned = play(story, ["warn", "leave"])
    paid = play(story, ["bribe", "leave"])
    assert recap.resolve(reading.context_of(story, warned.state)) == (
        "You warned the clerk, as history did."
    )
    assert recap.resolve(reading.context_of(story, paid.state)) == (
        "You paid the clerk instead of warning him.\n\nThe world has left the history books."
    )


def test_a_scene_takes_its_own_date_or_its_chapter_s(story):
    assert story.scenes["dock.quay"].date == "1950-06"
    assert story.scenes["dock.office"].date == "1950-07-02"
    assert story.scenes["two.road"].date == "1950-08"


def test_author_text_is_shown_as_written(story):
    state = new_game(story)
    shown = reading.scene_text(story, state)
    assert "Braces {like these} stay as written, and [b]this[/b] is not markup." in shown
    assert "Trust stands at 1." in shown
    state = choose(story, state, "warn").state
    assert "Trust stands at 2, and rising." not in reading.scene_text(story, state)  # office


def test_the_plain_player_shows_the_variants():
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--seed", "1", "--story", str(STORY)],
        input="1\n1\n3\n2\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"DENIABLE_SAVES": str(ROOT / ".pytest_cache" / "answers-saves"), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in (
        "You reach the quay for the first time. The tide is in.",
        "You are back on the quay. The tide is out.",
        "The quay again; the gulls know you now. The tide is in.",
        "You wait.",
        "You wait again.",
        "From here on, history is no guide.",
        "The clerk will not look at you.",
        "Nothing here happens as the history books say.",
        "The ledger burns, and history with it.",
        "The story went its own way.",
    ):
        assert line in out, line
    assert out.count("A stranger waves, once.") == 1


# ------------------------------------------------------------------ note texts

WARNING_NOTE = "In this story history warned the clerk, and the clerk trusts you."
LEDGER_NOTE = "The ledger survived in the archive. In your story, it burned."


def test_a_note_text_reads_the_choice_that_unlocked_it(story):
    session = play(story, [])
    before = session.state
    shown = answers.note_shown(story, session.choose("warn"), before)
    assert shown.text == WARNING_NOTE  # trust after the choice's effects: 2
    before = session.state
    shown = answers.note_shown(story, session.choose("burn"), before)
    assert shown.text == LEDGER_NOTE  # the choice just made counts as chosen
    paid = play(story, [])
    before = paid.state
    shown = answers.note_shown(story, paid.choose("bribe"), before)
    assert (
        shown.text
        == "Money leaves history behind.\n\nThe clerk takes it, and your trust goes with it."
    )


def test_a_note_text_is_the_same_after_undo_a_load_and_in_the_journal(story):
    session = play(story, ["warn", "burn"])
    texts = answers.journal_texts(story, session.state)
    assert texts == {"warning": WARNING_NOTE, "ledger": LEDGER_NOTE}
    loaded = Session.from_log(story, session.seed, list(session.steps))
    assert answers.journal_texts(story, loaded.state) == texts
    session.undo()
    assert answers.journal_texts(story, session.state) == {"warning": WARNING_NOTE}
    before = session.state
    left = answers.note_shown(story, session.choose("leave"), before)
    assert left.text == "Waiting changes nothing but the tide."
    steps = build_replay(play(story, ["warn", "burn"])).steps
    assert [step.note_text for step in steps] == [WARNING_NOTE, LEDGER_NOTE]


def test_transcripts_and_exports_show_a_note_s_resolved_text(story):
    replay = build_replay(play(story, ["warn", "burn"]))
    plain = " ".join(plain_transcript(replay).split())
    assert WARNING_NOTE in plain and LEDGER_NOTE in plain
    assert "{if" not in plain
    assert LEDGER_NOTE in " ".join(export(replay, "md").replace("> ", "").split())
    assert LEDGER_NOTE in export(replay, "html")


def test_the_plain_player_shows_note_variants_and_its_journal_too():
    out = io.StringIO()
    PlainPlayer(Session(load_story(STORY), seed=1), out).run(["2", "2", "j"])
    shown = out.getvalue()
    journal = shown.split("Journal:")[1]
    for text in (WARNING_NOTE, LEDGER_NOTE):
        assert shown.count(text) == 2, text  # after the choice, and in the journal
        assert text in journal
    assert "{if" not in shown


def test_a_problem_in_a_note_text_is_pointed_at(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "  n: {title: N, kind: counterfactual, text: T., sources: [S]}\n",
        "  n:\n    title: N\n    kind: counterfactual\n    sources: [S]\n"
        "    text: |\n      A note.\n      Then {if nerve >> 2: bold} and {courage}.\n",
    )
    line = chapter.splitlines().index("      Then {if nerve >> 2: bold} and {courage}.") + 1
    found = _problems(make_story, chapter)
    assert [f[:3] for f in found] == [
        ("D022", line, len("      Then {if nerve >") + 1),
        ("D021", line, len("      Then {if nerve >> 2: bold} and ") + 1),
    ]


# ------------------------------------------------------------------ the checker


def _chapter_with(scene_text: str) -> str:
    return MINIMAL_CHAPTER.replace("    text: Hello.\n", scene_text, 1)


def _problems(make_story, chapter: str):
    _, diagnostics = check_story(make_story({"one.yaml": chapter}))
    return [(d.code, d.line, d.col, d.message) for d in diagnostics]


def test_a_condition_inside_a_block_scalar_is_pointed_at(make_story):
    chapter = _chapter_with(
        "    text: |\n      A first line.\n      Then {if nerve >> 2: bold} text.\n"
    )
    line = chapter.splitlines().index("      Then {if nerve >> 2: bold} text.") + 1
    [(code, at_line, col, message)] = _problems(make_story, chapter)
    assert (code, at_line) == ("D022", line)
    assert col == len("      Then {if nerve >") + 1
    assert "unexpected '>'" in message


def test_an_unknown_name_in_a_list_part_is_pointed_at(make_story):
    chapter = _chapter_with(
        "    text:\n      - Plain.\n      - if: seen\n        text: Shown {courage}.\n"
    )
    line = chapter.splitlines().index("        text: Shown {courage}.") + 1
    [(code, at_line, col, message)] = _problems(make_story, chapter)
    assert (code, at_line, col) == ("D021", line, len("        text: Shown ") + 1)
    assert "{courage}" in message


def test_a_broken_part_names_its_field(make_story):
    chapter = _chapter_with("    text:\n      - if: seen\n        txt: Typo.\n")
    lines = chapter.splitlines()
    found = _problems(make_story, chapter)
    assert ("D010", lines.index("        txt: Typo.") + 1, 9) in [f[:3] for f in found]
    assert "D011" in [f[0] for f in found]


def test_an_unclosed_variant_gives_the_place_and_what_to_do(make_story):
    chapter = _chapter_with("    text: |\n      Before {seq: one | two\n")
    line = chapter.splitlines().index("      Before {seq: one | two") + 1
    _, diagnostics = check_story(make_story({"one.yaml": chapter}))
    [found] = diagnostics
    assert (found.code, found.line, found.col) == ("D012", line, len("      Before ") + 1)
    assert "never closed" in found.message
    assert "{{" in found.hint


@pytest.mark.parametrize("condition", ["visits(start) > 1", "diverged()"])
def test_visits_and_diverged_are_for_prose_only(make_story, condition):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", f'        goto: end\n        if: "{condition}"\n', 1
    )
    found = _problems(make_story, chapter)
    assert [f[0] for f in found] == ["D022"]
    assert "prose conditions only" in found[0][3]


def test_choice_text_takes_stats_only(make_story):
    chapter = MINIMAL_CHAPTER.replace("text: Go.", 'text: "Go {if seen: now}."', 1)
    found = _problems(make_story, chapter)
    assert [f[0] for f in found] == ["D012"]
    assert "shows stats only" in found[0][3]


def test_the_tiny_chapter_here_is_the_one_make_story_writes(make_story):
    folder = make_story()
    assert (folder / "one.yaml").read_text(encoding="utf-8") == MINIMAL_CHAPTER


def test_the_schema_takes_the_list_form_and_refuses_a_broken_part():
    validator = jsonschema.Draft202012Validator(schemas()["chapter"])

    def errors(text) -> list[str]:
        scene = {"text": text, "ending": {"title": "E", "kind": "historical", "epilogue": "D."}}
        chapter = {"id": "c", "title": "C", "place": "p", "date": 1950, "viewpoint": "v"}
        return [
            e.message for e in validator.iter_errors({"chapter": chapter, "scenes": {"s": scene}})
        ]

    assert errors(["A.", {"if": "x", "text": ["B.", {"seq": ["C.", "D."]}], "else": "E."}]) == []
    assert errors({"once": ["A."]}) == []
    assert errors([{"if": "x"}])  # no text
    assert errors([{"seq": ["A."], "cycle": ["B."]}])


@pytest.mark.parametrize("moves", [("warn",), ("bribe",), ("warn", "burn"), ("warn", "leave")])
def test_every_state_knows_where_its_world_left_history(story, moves):
    session = play(story, moves)
    for state in session.states:
        assert state.diverged == reading.diverged_at(story, state.steps)
