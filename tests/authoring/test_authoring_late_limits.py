"""The time limit holds to the end of a playtest: past the loop search's states (tracing
the ways out of them) and past the proof (saving the paths of --save-paths)."""

from __future__ import annotations

import json

from authoring_stories import choice, scene, write
from story_helpers import FEATURE_TOUR

import game.authoring.prove as proving
import game.authoring.savepaths as savepaths
from game.authoring.paths import Replayable
from game.authoring.progress import Deadline
from game.cli import main
from game.story.loader import load_story


def trap_story(tmp_path):
    """The hall and the yard loop with no way out once the key was skipped."""
    return write(
        tmp_path,
        scene("start", choice("take", "hall", effects={"key": "true"}), choice("skip", "hall"))
        + scene("hall", choice("leave", "end", cond="key"), choice("wait", "yard"))
        + scene("yard", choice("back", "hall"))
        + scene("end", ending="Out"),
    )


def test_a_limit_passing_as_the_ways_out_are_traced_claims_nothing_about_loops(
    tmp_path, monkeypatch
):
    """The loop check finds its states, then walks back from the endings to see which
    states have a way out. A limit passing during that walk leaves loops not looked for:
    neither the trapped scenes nor "no loops"."""
    story = load_story(trap_story(tmp_path))
    whole = proving.prove(story, 10_000, method="refine")
    assert {"loop one.hall", "loop one.yard"} <= set(whole.undecided)

    traced = proving._ways_out

    def late(certain, ending, deadline):
        deadline.at = deadline.started  # the limit passes as the walk begins
        return traced(certain, ending, deadline)

    monkeypatch.setattr(proving, "_ways_out", late)
    cut = proving.prove(story, 10_000, method="refine", deadline=Deadline(600))
    assert cut.timed_out and not cut.complete and not cut.loops_searched
    assert not any(key.startswith("loop ") for key in cut.undecided)
    assert cut.undecided[proving.LOOPS].startswith("not looked for")


def test_saving_paths_stops_when_told_and_keeps_what_it_wrote(tmp_path):
    story = load_story(FEATURE_TOUR)
    proof = proving.prove(story, 100_000)
    from game.authoring.coverage import exhaustive_report

    report = exhaustive_report(proof, 100_000)
    paths: dict[tuple[str, str], Replayable] = {
        ("ending", ending): path for ending, path in report.endings.items()
    }
    assert len(paths) == 2
    asked = []

    def after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    written = savepaths.write_saves(story, paths, tmp_path / "saves", stop=after_one)
    assert list(written) == list(paths)[:1]
    assert sorted(p.name for p in (tmp_path / "saves").glob("*.json")) == sorted(
        p.name for p in written.values()
    )


def test_the_playtest_names_the_paths_it_had_no_time_to_save(tmp_path, monkeypatch, capsys):
    """--save-paths writes until the command's time limit, then lists what it did not
    write (endings and problems alike), in text and in JSON."""
    seen = []
    write_saves = savepaths.write_saves

    def one_then_out_of_time(story, paths, folder, stop):
        seen.append(stop)
        return write_saves(story, paths, folder, stop=lambda: any(folder.glob("*.json")))

    monkeypatch.setattr(savepaths, "write_saves", one_then_out_of_time)
    saves = tmp_path / "paths"
    story = str(trap_story(tmp_path))
    args = ["playtest", story, "--save-paths", str(saves), "--time-limit", "300"]
    code = main([*args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # the loops with no way out
    # the stop it was given is the command's own deadline, at the limit asked for
    assert isinstance(seen[0].__self__, Deadline) and seen[0].__self__.seconds == 300
    assert len(data["saves"]) == 1 and len(data["not_saved"]) == 2
    wanted = {f"ending {e}" for e in data["endings"]}
    wanted |= {f"{p['kind']} {p['scene']}" for p in data["problems"]}
    assert len(wanted) == 3 and set(data["saves"]) | set(data["not_saved"]) == wanted
    assert [p.name for p in saves.glob("*.json")] == [
        p.rpartition("/")[2] for p in data["saves"].values()
    ]

    for old in saves.glob("*.json"):
        old.unlink()
    main([*args])
    text = capsys.readouterr().out
    missing = text.split("Not saved, the time limit passed first (", 1)[1]
    count, _, listed = missing.partition("):\n")
    assert int(count) == len(data["not_saved"])
    assert sorted(line.strip() for line in listed.splitlines() if line.strip()) == sorted(
        data["not_saved"]
    )
