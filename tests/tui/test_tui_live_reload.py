"""`deniable play --watch`: edits to the story show in the game, which goes on where it was.

Most tests call `reload_story` as the watcher would, so they do not depend on file-system
timing; one test edits a file under a running watcher and waits for the game to follow.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled
from tui_helpers import FEATURE_TOUR, ROOT, notices, screen_text

from game.tui.live_reload import WatchingApp
from game.tui.screens.play import PlayScreen
from game.tui.screens.problems import ProblemsScreen

MIG = "The MiG waits, its markings fresh."
NEW_MIG = "The MiG waits under a coat of Chinese paint."
BREAK = ("  hangar:\n", "  hangar: [\n")
SHORTCUT = """\
      - id: shortcut
        text: Fly the route you memorised.
        if: "chosen(briefing.map) and visited(airfield.briefing)"
        locked: You never studied the map.
        outcome: You take the short way.
        note: map-note
        goto: two.patrol
"""


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    """A copy of the feature tour the test may edit, worked on from the folder above it.

    Messages name files relative to the working folder, as a writer beside their story
    sees them (`story/one.yaml:47:12`); from elsewhere the path, and where the problems
    panel wraps it, would depend on where the tests run.
    """
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(FEATURE_TOUR, tmp_path / "story"))


@pytest.fixture
def make_watching_app(saves, clock, story):
    def make(**kwargs) -> WatchingApp:
        kwargs.setdefault("watch", False)
        return WatchingApp(story, seed=1, saves=saves, now=clock, **kwargs)

    return make


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def quiet(pilot) -> None:
    """Wait for every worker but the watcher (loading, reloading, screen changes)."""
    app = pilot.app
    app.wait_for_autosave()
    for _ in range(100):
        await pilot.pause()
        # not finished, not merely running: a worker just asked for may not have started
        busy = [w for w in app.workers if not w.is_finished and w.group != "watch"]
        if not busy and app.story is not None:
            await pilot.pause()
            return
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced it
            await app.workers.wait_for_complete(busy)
    raise AssertionError("the app never settled")


async def reload(pilot, *changed: Path) -> None:
    pilot.app.reload_story(changed)
    await quiet(pilot)


async def to_the_hangar(pilot) -> None:
    """Study the map, put on the uniform: two steps, at the hangar with the map read."""
    await quiet(pilot)
    await pilot.press("n")
    await quiet(pilot)
    for key in ("1", "enter", "1", "enter"):
        await pilot.press(key)
        await pilot.pause()
    assert pilot.app.session.state.scene == "airfield.hangar"
    assert MIG in screen_text(pilot.app)


async def to_the_hangar_then_break_it(pilot, story: Path) -> None:
    """Play to the hangar, then make one.yaml invalid YAML and reload."""
    await to_the_hangar(pilot)
    edit(story / "one.yaml", *BREAK)
    await reload(pilot, story / "one.yaml")


async def test_an_edited_scene_shows_its_new_text_where_the_player_stood(make_watching_app, story):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar(pilot)
        await pilot.press("j")  # the reload closes the journal and shows the scene
        await quiet(pilot)
        assert not isinstance(app.screen, PlayScreen)
        before = app.session
        edit(story / "one.yaml", MIG, NEW_MIG)
        await reload(pilot, story / "one.yaml")
        assert app.session is not before
        assert isinstance(app.screen, PlayScreen)
        text = screen_text(app)
        assert NEW_MIG in " ".join(text.split())
        assert MIG not in text
        assert app.session.state.scene == "airfield.hangar"
        assert app.session.state.values == before.state.values
        assert app.session.steps == before.steps
        assert "Reloaded one.yaml." in notices(app)


async def test_undo_and_autosave_go_on_after_a_reload(make_watching_app, story, clock):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar(pilot)
        clock.now += 30
        edit(story / "one.yaml", MIG, NEW_MIG)
        await reload(pilot, story / "one.yaml")
        assert app.session.play_seconds == 30  # the time before the reload is kept
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.scene == "airfield.briefing"
        assert "Put on the uniform." in screen_text(app)
        await pilot.press("1")  # the uniform again (the map is once only)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert NEW_MIG in " ".join(screen_text(app).split())
        app.wait_for_autosave()
        saved = app.store.load("autosave", app.story).session
        assert [s.choice for s in saved.steps] == ["map", "uniform"]
        assert saved.state.scene == "airfield.hangar"


async def test_a_broken_edit_lists_the_problems_and_a_fix_resumes_play(make_watching_app, story):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar_then_break_it(pilot, story)
        before = app.session
        assert isinstance(app.screen, ProblemsScreen)
        text = " ".join(screen_text(app).split())
        assert "The story has 1 error" in text
        assert re.search(r"one\.yaml:\d+:\d+: D001 YAML syntax error", text)
        assert "resumes where it was as soon as the files are fixed" in text
        # The game is untouched underneath.
        assert app.session is before
        assert app.story is before.story

        edit(story / "one.yaml", BREAK[1], BREAK[0])
        edit(story / "one.yaml", MIG, NEW_MIG)
        await reload(pilot, story / "one.yaml")
        assert isinstance(app.screen, PlayScreen)
        assert not app.problems_showing()
        assert NEW_MIG in " ".join(screen_text(app).split())
        assert app.session.steps == before.steps
        assert app.session.state.values == before.state.values


async def test_a_second_broken_edit_updates_the_same_list(make_watching_app, story):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar_then_break_it(pilot, story)
        edit(story / "one.yaml", BREAK[1], BREAK[0])
        edit(story / "two.yaml", "goto: end-history", "goto: nowhere")
        await reload(pilot, story / "one.yaml", story / "two.yaml")
        assert sum(isinstance(s, ProblemsScreen) for s in app.screen_stack) == 1
        text = " ".join(screen_text(app).split())
        assert "D020" in text and "D001" not in text


async def test_escape_plays_on_with_the_version_that_last_loaded(make_watching_app, story):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar_then_break_it(pilot, story)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1")  # Take off, in the story as it was
        await pilot.pause()
        assert app.session.steps[-1].choice == "sortie"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ((SHORTCUT, ""), "has no choice 'shortcut'"),
        (
            ('if: "chosen(briefing.map) and visited(airfield.briefing)"', 'if: "fuel > 2"'),
            "is locked: You never studied the map.",
        ),
    ],
    ids=["removed", "now locked"],
)
async def test_a_choice_the_log_used_stops_play_at_the_last_step_that_fits(
    make_watching_app, story, change, reason
):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar(pilot)
        await pilot.press("2", "enter")  # the shortcut, open because the map was read
        await pilot.pause()
        assert app.session.state.scene == "two.patrol"
        edit(story / "one.yaml", *change)
        await reload(pilot, story / "one.yaml")
        assert app.session.state.scene == "airfield.hangar"
        assert [s.choice for s in app.session.steps] == ["map", "uniform"]
        assert MIG in " ".join(screen_text(app).split())
        [message] = [n for n in notices(app) if "no longer fit" in n]
        assert "step 3 (airfield.hangar, choice 'shortcut')" in message
        assert reason in message
        assert "Play stops after step 2" in message


async def test_on_the_title_a_reload_shows_the_new_story(make_watching_app, story):
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        edit(story / "story.yaml", "title: Feature Tour", "title: The Grand Tour")
        await reload(pilot, story / "story.yaml")
        assert len(app.screen_stack) == 1
        assert "The Grand Tour" in screen_text(app)
        assert app.session is None
        assert "Reloaded story.yaml." in notices(app)


async def test_a_story_broken_from_the_start_waits_for_a_fix(make_watching_app, story):
    edit(story / "one.yaml", *BREAK)
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await app.workers.wait_for_complete()  # the story loads on a thread
            await pilot.pause()
            if app.problems_showing():
                break
        assert app.return_code is None  # the app stays open, unlike plain play
        text = " ".join(screen_text(app).split())
        assert "D001" in text
        assert "The story loads as soon as the files are fixed" in text
        assert "play on" not in text  # nothing loaded yet to play on with
        edit(story / "one.yaml", BREAK[1], BREAK[0])
        await reload(pilot, story / "one.yaml")
        assert not app.problems_showing()
        assert app.story is not None
        await pilot.press("n")
        await quiet(pilot)
        assert isinstance(app.screen, PlayScreen)


async def test_saving_a_file_under_the_watcher_reloads_the_game(make_watching_app, story):
    app = make_watching_app(watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar(pilot)
        chapter = story / "one.yaml"
        edited = chapter.read_text(encoding="utf-8").replace(MIG, NEW_MIG)
        (story / "notes.txt").write_text("not part of the story", encoding="utf-8")
        # A guard against a hang, not a speed test: a busy machine can take seconds to
        # start the watcher and run the reload thread.
        deadline = time.monotonic() + 30
        save_at = 0.0
        while NEW_MIG not in " ".join(screen_text(app).split()):
            now = time.monotonic()
            assert now < deadline, "the edit was not picked up within 30 s"
            if now >= save_at:  # saved again each second, in case the watcher was starting
                chapter.write_text(edited, encoding="utf-8")
                save_at = now + 1
            await asyncio.sleep(0.05)
        assert app.session.state.scene == "airfield.hangar"
        assert "Reloaded one.yaml." in notices(app)
        assert not any("notes.txt" in notice for notice in notices(app))
    assert app.stop_watching.is_set()


def test_plain_play_refuses_watch_with_a_clear_message(capsys):
    from game.cli import main

    assert main(["play", "--plain", "--watch", "--story", str(FEATURE_TOUR)]) == 2
    err = capsys.readouterr().err
    assert "--watch" in err and "--plain" in err
    assert "Traceback" not in err


async def test_a_watcher_that_fails_is_reported_and_play_goes_on(make_watching_app, monkeypatch):
    import watchfiles

    def no_watches(*paths, **kwargs):
        raise OSError("inotify watch limit reached")

    monkeypatch.setattr(watchfiles, "awatch", no_watches)
    app = make_watching_app(watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_hangar(pilot)
        [message] = [n for n in notices(app) if n.startswith("Stopped watching")]
        assert "inotify watch limit reached" in message
        await pilot.press("1")
        await pilot.pause()
        assert app.session.steps[-1].choice == "sortie"


def test_plain_play_imports_neither_the_watcher_nor_watchfiles(tmp_path):
    code = (
        "import sys\n"
        "from argparse import Namespace\n"
        "from pathlib import Path\n"
        "from game.tui import app\n"
        "app.DeniableApp.run = lambda self, **kw: None\n"
        "from game.commands import play\n"
        f"args = Namespace(plain=False, watch=False, story=Path({str(FEATURE_TOUR)!r}),"
        f" seed=None, load=None, saves=Path({str(tmp_path)!r}))\n"
        "assert play.run(args) == 0\n"
        "loaded = [m for m in ('game.tui.live_reload', 'watchfiles') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


async def test_the_guide_shows_the_notice_the_game_gives(tmp_path, saves, clock):
    """docs/writing-scenes.md, section 7: the tutorial story, with `tell-press` locked."""
    guide = (ROOT / "docs" / "writing-scenes.md").read_text(encoding="utf-8")
    fence = re.compile(r"```(?:yaml|text)\n(.*?)```", re.DOTALL)
    folder = tmp_path / "radio-room"
    folder.mkdir()
    for heading, name in (
        ("### 1. The manifest", "story.yaml"),
        ("### 2. The chapter", "01-kimpo.yaml"),
    ):
        (folder / name).write_text(fence.search(guide, guide.index(heading)).group(1))
    shown = fence.search(guide, guide.index("### 7. Live reload")).group(1)
    app = WatchingApp(folder, watch=False, seed=0, saves=saves, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        await pilot.press("n")
        await quiet(pilot)
        for key in ("1", "enter", "2"):  # listen (Russian is heard with seed 0), tell the press
            await pilot.press(key)
            await pilot.pause()
        assert [s.choice for s in app.session.steps] == ["listen", "tell-press"]
        edit(folder / "01-kimpo.yaml", 'secrecy > 3"', 'secrecy > 8"')
        await reload(pilot, folder / "01-kimpo.yaml")
        [message] = [n for n in notices(app) if "no longer fit" in n]
        assert message.split() == shown.split()
        assert app.session.state.scene == "kimpo.report"


def test_snapshot_of_the_problems_over_the_game(
    snap_compare, make_watching_app, story, monkeypatch
):
    monkeypatch.chdir(story.parent)  # diagnostics name files from here: story/one.yaml

    async def broken(pilot):
        await to_the_hangar_then_break_it(pilot, story)

    assert snap_compare(make_watching_app(), terminal_size=(80, 24), run_before=broken)


async def test_the_story_is_loaded_once_at_start(make_watching_app, monkeypatch):
    """Textual calls every class's own on_ready, the app's and the watching app's: the
    watching app asked for the load again, so the story was read twice at every start."""
    import game.story.loader

    loads: list[Path] = []
    check_story = game.story.loader.check_story

    def counted(path):
        loads.append(Path(path))
        return check_story(path)

    monkeypatch.setattr(game.story.loader, "check_story", counted)
    app = make_watching_app(watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        assert len(loads) == 1


async def test_a_reload_leaves_frozen_what_the_app_froze(make_watching_app, story):
    """The app freezes what lives as long as it out of the collector's full passes. The
    loader settled what it built with `gc.unfreeze`, which thawed all of that too: every
    full collection after a reload scanned the app's modules and screens again."""
    app = make_watching_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        for _ in range(200):
            if app.screens_prepared:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        frozen = gc.get_freeze_count()
        assert frozen > 0, "the app froze what lives as long as it"
        edit(story / "one.yaml", MIG, NEW_MIG)
        await reload(pilot, story / "one.yaml")
        assert "Reloaded one.yaml." in notices(app)
        assert gc.get_freeze_count() >= frozen
    assert gc.get_freeze_count() == 0, "the app thaws it all as it closes"
