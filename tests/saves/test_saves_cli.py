"""Saves from the command line: the plain player's s, l and autosave; replay; saves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import cli_helpers
import pytest
from saves_helpers import EXPOSED, ROOT, TOUR, edited_tour, play

from game.saves.store import AUTOSAVE_SLOT, SaveStore
from game.story.loader import load_story


@pytest.fixture
def saves(tmp_path, monkeypatch):
    folder = tmp_path / "saves"
    monkeypatch.setenv("DENIABLE_SAVES", str(folder))
    return folder


def deniable(*args, stdin: str = ""):
    ran = cli_helpers.deniable(*args, input_text=stdin)
    return ran.returncode, ran.stdout, ran.stderr


def plain(script: str, *extra):
    return deniable("play", "--plain", "--story", str(TOUR), *extra, stdin=script)


def test_the_plain_player_offers_the_newest_game_and_c_continues_it(saves):
    """A returning player, who starts a new game at once, is told of the game they left and
    continues it with c, as with Continue on the title; with none saved, c says so."""
    code, out, _ = plain("c\n")
    assert code == 0
    assert "Your newest saved game" not in out
    assert "There is no saved game to continue." in out
    plain("2\n")  # one choice, autosaved as the input ends
    code, out, _ = plain("c\n")
    intro, _, played = out.partition("Your newest saved game is autosave: ")
    assert "Type a number to choose" in intro
    assert played.startswith("The Airfield, 1 choice. Type c")
    assert "Loaded 'autosave'." in played
    assert "The MiG waits, its markings fresh." in played.split("Loaded")[1]
    code, out, _ = plain("s Before the patrol\n")
    assert "Your newest saved game is autosave" in out
    code, out, _ = plain("c\n2\n")  # the named save is the newest now; the run goes on
    assert "Your newest saved game is Before the patrol: " in out


def test_save_then_load_in_the_plain_player(saves):
    code, out, _ = plain("2\ns Before the patrol\n1\n")
    assert code == 0
    assert "Saved 'Before the patrol': The Airfield, 1 choice" in out
    assert any(p.name.startswith("before-the-patrol-") for p in saves.iterdir())
    # the end of piped input autosaved the game, two choices in
    code, out, _ = plain("l Before the patrol\nh\n")
    assert "Loaded 'Before the patrol'." in out
    assert "The MiG waits, its markings fresh." in out.split("Loaded")[1]
    autosave = SaveStore(saves).load(AUTOSAVE_SLOT, load_story(TOUR))
    assert autosave.info.autosave
    # the loaded save, left as it was, is not written again: the earlier run keeps its place
    assert [step.choice for step in autosave.session.steps] == ["uniform", "sortie"]
    assert len(list((saves / "runs").iterdir())) == 1


def test_autosave_on_quit_and_the_load_option(saves):
    plain("2\n1\nq\nthis is never read\n")
    code, out, _ = plain("", "--load", AUTOSAVE_SLOT)
    assert code == 0
    assert "Fuel 1. The radio hisses." in out or "Fuel 0. The radio hisses." in out


def test_opening_and_quitting_does_not_overwrite_the_autosave(saves):
    plain("2\n")
    run = SaveStore(saves).newest().path
    before = run.read_bytes()
    _, out, _ = plain("q\n")
    assert "Autosaved" not in out
    assert run.read_bytes() == before


def test_the_saves_option_beats_the_environment(saves, tmp_path):
    other = tmp_path / "elsewhere"
    plain("2\ns here\n", "--saves", str(other))
    assert (other / "here.json").exists()
    assert not saves.exists()


def test_a_bad_load_keeps_the_game_running(saves):
    saves.mkdir()
    (saves / "broken.json").write_text('{"deniable_save": 1, "steps": [')
    _, out, _ = plain("l broken\nl nothing\nl\nstats\n")
    assert "broken.json cannot be loaded: it ends too early" in out
    assert "No save named 'nothing': type l to list them." in out
    assert "deniable saves list" not in out  # a shell command is no help inside the game
    assert "Name the save to load" in out
    assert "Deniability  5 of 6" in out  # still playing after all that


def test_a_bad_load_option_exits_non_zero_without_a_traceback(saves):
    saves.mkdir()
    (saves / "foreign.json").write_text('{"theme": "paper"}')
    code, out, err = plain("", "--load", "foreign")
    assert code == 1
    assert "foreign.json cannot be loaded: it is not a Deniable save" in err
    assert out == ""


def test_saving_somewhere_unwritable_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    _, out, _ = plain("2\ns x\n", "--saves", str(blocker / "sub"))
    assert "Could not save" in out
    assert "Autosave failed" in out


# ------------------------------------------------------------------------------- replay


@pytest.fixture
def exposed_save(saves):
    story = load_story(TOUR)
    return SaveStore(saves).save("exposed", play(story, EXPOSED)).path


def test_replay_plain_prints_every_step_and_the_ending(exposed_save):
    code, out, _ = deniable("replay", str(exposed_save), "--plain", "--story", str(TOUR))
    assert code == 0
    assert out.count("> You chose:") == len(EXPOSED)
    assert "Chapter 2: The Patrol" in out
    assert "Not taken:" in out
    assert "THE END: Exposed" in out
    assert "Your path beside history (1 of 2" in out


def test_export_markdown(exposed_save, tmp_path):
    out_file = tmp_path / "transcript.md"
    code, _, err = deniable(
        "replay",
        "exposed",
        "--export",
        "md",
        "-o",
        str(out_file),
        "--story",
        str(TOUR),
    )
    assert code == 0, err
    text = out_file.read_text()
    assert "## Chapter 1: The Airfield" in text and "## Chapter 2: The Patrol" in text
    assert "**You chose:** Swear in Russian." in text
    assert "> Sources: Test source A; Test source B" in text
    assert "| The Airfield: Briefing | Put on the uniform. (as history) |" in text
    assert "## The end: Exposed (a counterfactual)" in text


def test_export_html_is_self_contained_and_escapes_author_text(tmp_path, saves):
    story = edited_tour(
        tmp_path,
        {
            "one.yaml": [
                (
                    "The MiG waits, its markings fresh.",
                    "The MiG waits. <script>alert('x')</script> <img src=x onerror=alert(1)>",
                ),
                (
                    "sources: [Test source A, Test source B]",
                    'sources: [Test source A, "<b>bold</b> & co"]',
                ),
            ]
        },
    )
    path = SaveStore(saves).save("hostile", play(story, EXPOSED)).path
    out_file = tmp_path / "t.html"
    code, _, err = deniable(
        "replay",
        str(path),
        "-o",
        str(out_file),
        "--story",
        str(story.root),
    )
    assert code == 0, err
    page = out_file.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    assert "<link" not in page and "src=" not in page.replace("src=x", "")
    assert "http" not in page
    assert "<table>" in page and "Your path beside history" in page
    assert page.count('<section class="step"') == len(EXPOSED)
    assert '<a href="#part-2">Chapter 2: The Patrol</a>' in page and 'id="part-2"' in page
    assert '<a href="#ending">The end</a>' in page and '<h2 id="ending">' in page


def test_an_exported_run_is_named_as_it_was_asked_for(saves):
    """Every run's slot is 'autosave', which names only the newest: an older run exported
    by its run:ID was titled 'autosave' all the same."""
    store = SaveStore(saves)
    story = load_story(TOUR)
    store.save_run("20261202-070000-aaaaaa", play(story, EXPOSED[:2]))
    store.save_run("20261203-070000-bbbbbb", play(story, EXPOSED[:1]))
    for kind in ("md", "html"):
        code, out, err = deniable(
            "replay", "run:20261202-070000-aaaaaa", "--export", kind, "--story", str(TOUR)
        )
        assert code == 0, err
        assert "playthrough 'run:20261202-070000-aaaaaa': 2 choices" in out.replace("&#x27;", "'")
        assert "'autosave'" not in out.replace("&#x27;", "'")


def test_export_needs_a_known_format(exposed_save, tmp_path):
    code, _, err = deniable(
        "replay",
        "exposed",
        "-o",
        str(tmp_path / "t.pdf"),
        "--story",
        str(TOUR),
    )
    assert code == 2 and "--export md or html" in err


def test_replay_of_a_missing_save(saves):
    code, _, err = deniable("replay", "nothing", "--story", str(TOUR))
    assert code == 1 and "No save named 'nothing'" in err


# -------------------------------------------------------------------------------- saves


def test_saves_list_show_verify(exposed_save, saves):
    (saves / "junk.json").write_bytes(b"\x00\x01")
    code, out, _ = deniable("saves", "list")
    assert code == 0
    assert "exposed" in out and "The Patrol" in out and "not loadable" in out
    code, out, _ = deniable("saves", "show", "exposed", "--story", str(TOUR))
    assert code == 0
    assert "two.patrol -> russian" in out and '"Swear in Russian."' in out
    code, out, _ = deniable("saves", "verify", "--story", str(TOUR))
    assert code == 1  # the junk file
    assert "ok        exposed" in out and "DAMAGED" in out
    (saves / "junk.json").unlink()
    code, out, _ = deniable("saves", "verify", "--story", str(TOUR))
    assert code == 0, out


def test_saves_verify_fails_when_the_story_moved_under_a_save(exposed_save, tmp_path):
    story = edited_tour(tmp_path, {"two.yaml": [("      - id: confess\n", "      - id: own-up\n")]})
    code, out, _ = deniable("saves", "verify", "--story", str(story.root))
    assert code == 1
    assert "DIVERGED  exposed" in out and "step 5" in out


def test_commands_end_to_end_without_tracebacks(tmp_path):
    """Real processes, as a script would run them: exit codes and no tracebacks."""
    env_saves = tmp_path / "saves"
    shutil.copytree(ROOT / "saves" / "examples", env_saves)
    (env_saves / "garbage.json").write_bytes(b"\xff" * 100)
    run = [sys.executable, "-m", "game"]
    common = {"capture_output": True, "text": True, "cwd": ROOT, "timeout": 60}
    verify = subprocess.run(
        [*run, "saves", "verify", "--saves", str(env_saves), "--story", str(TOUR)], **common
    )
    assert verify.returncode == 1 and "garbage.json" in verify.stdout
    replay = subprocess.run([*run, "replay", str(env_saves / "garbage.json"), "--plain"], **common)
    assert replay.returncode == 1
    for result in (verify, replay):
        assert "Traceback" not in result.stdout + result.stderr


# ----------------------------------------------------------------------------- examples


def example_files():
    return sorted((ROOT / "saves" / "examples").glob("*.json"))


STORIES = {"feature-tour": TOUR, "deniable": ROOT / "scenes"}


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_each_shipped_example_replays_as_saved(path):
    story_id = json.loads(path.read_text())["story"]["id"]
    from game.story.loader import check_story

    story, _ = check_story(STORIES[story_id])
    if story is None:
        pytest.skip(f"the story {story_id!r} does not load right now: 'deniable check' says why")
    loaded = SaveStore(path.parent).load(str(path), story)
    assert loaded.message == "", (
        f"{path.name} no longer fits the story: {loaded.message} If the change is meant, "
        "regenerate the examples with python -m game.authoring.examples"
    )
    assert loaded.session.state.ending is not None


def test_the_examples_reach_different_endings():
    by_story: dict[str, dict[str, str]] = {}
    for path in example_files():
        doc = json.loads(path.read_text())
        by_story.setdefault(doc["story"]["id"], {})[path.name] = doc["snapshot"]["ending"]
    assert set(by_story) == set(STORIES)
    for story_id, endings in by_story.items():
        assert any(name.endswith("-historical.json") for name in endings), story_id
        assert len(set(endings.values())) >= 2, story_id
    assert len(set(by_story["deniable"].values())) >= 3  # history and two others at least


@pytest.mark.parametrize("name", ["tour-historical.json", "campaign-historical.json"])
def test_the_historical_examples_follow_history(name):
    from game.engine.comparison import key_decisions, matched_count
    from game.story.loader import check_story

    path = ROOT / "saves" / "examples" / name
    story, _ = check_story(STORIES[json.loads(path.read_text())["story"]["id"]])
    if story is None:
        pytest.skip("the story does not load right now: 'deniable check' says why")
    state = SaveStore(path.parent).load(name, story).session.state
    for step in state.steps:
        scene = story.scenes[step.scene]
        chosen = story.choices[step.choice_full_id]
        assert chosen.historical or not any(c.historical for c in scene.choices), step
    matched, reached = matched_count(key_decisions(story, state))
    assert matched == reached > 0
    assert story.scenes[state.ending].ending.kind == "historical"


def test_replaying_a_save_the_story_has_moved_under(exposed_save, tmp_path):
    story = edited_tour(tmp_path, {"two.yaml": [("      - id: russian\n", "      - id: swear\n")]})
    code, out, err = deniable("replay", str(exposed_save), "--plain", "--story", str(story.root))
    assert code == 0
    assert "It no longer fits at step 4" in err
    assert out.count("> You chose:") == 3
    assert "The saved game stops here, before a choice: The Patrol" in out
    assert "The rest of the save no longer fits the story: step 4" in out


def test_a_deleted_save_and_run_are_listed_in_the_trash_and_restored(saves):
    store = SaveStore(saves)
    tour = load_story(TOUR)
    store.save("before Moolah", play(tour, EXPOSED[:3]))
    store.save("before Moolah", play(tour, EXPOSED[:4]))  # so a .bak exists
    store.save_run("20261202-070000-aaaaaa", play(tour, EXPOSED[:2]))
    store.delete("before Moolah")
    store.delete("run:20261202-070000-aaaaaa")
    assert store.list() == []

    code, out, _ = deniable("saves", "trash")
    assert code == 0
    assert "save file before-moolah" in out and "'before Moolah', The Patrol, 4 choices" in out
    assert "run:20261202-070000-aaaaaa: The Airfield, 2 choices" in out
    assert "14 days left" in out
    entries = [line.strip() for line in out.splitlines() if line.startswith("  2")]
    assert len(entries) == 2, out

    for entry in entries:
        code, out, err = deniable("saves", "restore", entry)
        assert code == 0, err
        assert f"Restored {entry}" in out
    restored = {info.key: info.steps for info in store.list()}
    assert restored == {"before Moolah": 4, "run:20261202-070000-aaaaaa": 2}
    assert store.load("before Moolah", tour).session.steps[-1].choice == EXPOSED[3]
    assert any(p.name.endswith(".json.bak") for p in saves.iterdir()), "the .bak came back too"
    code, out, _ = deniable("saves", "trash")
    assert "is empty" in out


def test_restore_never_writes_over_a_save_and_names_what_is_missing(saves):
    store = SaveStore(saves)
    tour = load_story(TOUR)
    store.save("kept", play(tour, EXPOSED[:2]))
    store.delete("kept")
    store.save("kept", play(tour, EXPOSED[:3]))  # a new save took the name
    code, out, _ = deniable("saves", "trash")
    (entry,) = [line.strip() for line in out.splitlines() if line.startswith("  2")]
    code, _, err = deniable("saves", "restore", entry)
    assert code == 1 and "exists already" in err
    assert store.load("kept", tour).session.steps[-1].choice == EXPOSED[2]
    code, _, err = deniable("saves", "restore", "no-such-thing")
    assert code == 1 and "'deniable saves trash' lists" in err
    code, _, err = deniable("saves", "restore")
    assert code == 2 and "Name one trash entry" in err
    assert "Traceback" not in err


def test_plain_save_over_a_save_asks_and_names_it(saves):
    script = "1\ns kept\n1\ns kept\nno\ns kept\ny\n"
    code, out, _ = plain(script)
    assert code == 0
    asked = " ".join(out.split("Overwrite ", 1)[1].split())
    assert asked.startswith("the save 'kept' at The Airfield (1 choice, saved ")
    assert "Type y to overwrite; anything else keeps it." in asked
    assert "Not saved: 'kept' is kept as it was." in out
    assert out.count("Saved 'kept'") == 2  # the first save, then the overwrite said yes to
    assert SaveStore(saves).load("kept", load_story(TOUR)).session.state.choices_made == 2
    assert any(p.name.endswith(".json.bak") for p in saves.iterdir())


def test_plain_save_under_a_new_name_does_not_ask(saves):
    _, out, _ = plain("1\ns one\n2\ns two\n")
    assert "Overwrite" not in out and "Saved 'two'" in out


def test_plain_undo_and_load_say_what_they_took_back_and_kept(saves):
    _, out, _ = plain("2\ns early\n1\nu\n1\nl early\n")
    assert "Undid 'Take off.'; choose it again to redo it." in out
    joined = " ".join(out.split())
    assert (
        "Loaded 'early'. The game you left (The Patrol, 2 choices) is autosaved: l lists it."
    ) in joined
    runs = [info.steps for info in SaveStore(saves).list() if info.run]
    assert runs == [2]
