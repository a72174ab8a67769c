"""The playtests: what they prove, the paths they print, and that the paths really play."""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
import time
from collections import deque

import pytest
from authoring_stories import PassesAfter, choice, random_story, scene, write
from cli_helpers import deniable
from story_helpers import FEATURE_TOUR, ROOT

from benchmarks.synthetic import write_story
from game.authoring.coverage import exhaustive_report, random_report
from game.authoring.lint import lint
from game.authoring.progress import Progress
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.engine.rules import available_options, choose, new_game
from game.story.loader import check_story, load_story


def naive_search(story, limit=None):
    """Breadth-first over full engine states: the slow, obviously right reference.

    With `limit`, None once more than that many states are found.
    """

    def key(state):
        return (
            state.scene,
            tuple(sorted(state.values.items())),
            state.visited,
            state.chosen,
        )

    start = new_game(story, 0)
    seen = {key(start): 0}
    queue = deque([(start, key(start), 0)])
    scenes, choices, dead, edges, states = {}, {}, set(), {}, {}
    while queue:
        state, k, depth = queue.popleft()
        states[k] = state
        scenes.setdefault(state.scene, depth)
        if state.ending is not None:
            continue
        open_options = [o for o in available_options(story, state) if not o.locked]
        if not open_options:
            dead.add(state.scene)
        for option in open_options:
            choices.setdefault(option.choice.full_id, depth + 1)
            draws = range(len(option.choice.branches)) if option.choice.branches else [None]
            for draw in draws:
                after = choose(story, state, option.choice.id, draw).state
                after_key = key(after)
                edges.setdefault(k, []).append(after_key)
                if after_key not in seen:
                    seen[after_key] = depth + 1
                    queue.append((after, after_key, depth + 1))
                    if limit is not None and len(seen) > limit:
                        return None
    # states that reach an ending or a dead end: those, then whatever leads to one, walked
    # backwards along the edges
    good = {k for k, s in states.items() if s.ending is not None or k not in edges}
    leads_here: dict = {}
    for k, targets in edges.items():
        for target in targets:
            leads_here.setdefault(target, []).append(k)
    frontier = list(good)
    while frontier:
        for k in leads_here.get(frontier.pop(), ()):
            if k not in good:
                good.add(k)
                frontier.append(k)
    stuck = {states[k].scene for k in states if k not in good}
    return scenes, choices, dead, stuck


@pytest.mark.parametrize("seed", range(60))
def test_both_proofs_agree_with_a_naive_search_of_full_engine_states(tmp_path, seed):
    folder = random_story(tmp_path / str(seed), seed, scenes=5 + seed % 9)
    story, diagnostics = check_story(folder)
    if story is None:
        pytest.skip(f"random story {seed} does not load: {diagnostics[0].format()}")
    scenes, choices, dead, stuck = naive_search(story)
    enumerated = prove(story, 100_000, method="enumerate")
    refined = prove(story, 100_000, method="refine")
    assert enumerated.method == "enumeration"
    assert refined.method == "abstraction refinement"
    for proof in (enumerated, refined):
        assert {s: len(p) for s, p in proof.scenes.items()} == scenes
        assert {c: len(p) for c, p in proof.choices.items()} == choices
        assert set(proof.dead_ends) == dead
    assert set(enumerated.soft_locks) == stuck
    assert not [t for t in refined.undecided if not t.startswith("loop ")]
    # the refinement proves there is no trap, or names the looping scenes it could not
    # clear: never a false all-clear
    undecided_loops = {t.split(" ", 1)[1] for t in refined.undecided if t.startswith("loop ")}
    if stuck:
        assert undecided_loops


def test_a_choice_read_before_it_can_be_made_stays_unmade_in_the_proof(tmp_path):
    # chosen(s1.c0) is read at the start, before s1 can be reached, and the once-only c1
    # is live there too: the two bits must not share a place in the packed state, or
    # taking c1 would open c0 and "prove" s1 reachable by a path the engine refuses.
    story = load_story(
        write(
            tmp_path,
            scene(
                "start",
                choice("c0", "s1", cond="chosen(s1.c0)"),
                choice("c1", "start", once=True),
            )
            + scene("s1", choice("c0", "s2"))
            + scene("s2", choice("c0", "end"))
            + scene("end", ending="End"),
        )
    )
    scenes, _, _, _ = naive_search(story)
    assert "one.s1" not in scenes
    for method in ("enumerate", "refine"):
        proof = prove(story, 10_000, method=method)
        assert "one.s1" not in proof.scenes, method
        exhaustive_report(proof, 10_000)  # every path it gives replays in the engine


WIDE = 1_000_000_000


def widened(folder):
    """The story with every stat's range stretched to a billion values each way."""
    manifest = folder / "story.yaml"
    text = manifest.read_text()
    text = text.replace("min: 0, max: 5", f"min: 0, max: {WIDE}")
    text = text.replace("min: -2, max: 4", f"min: -{WIDE}, max: {WIDE}")
    manifest.write_text(text)
    return folder


@pytest.mark.slow
def test_stats_with_a_billion_values_prove_and_lint_as_play_has_it(tmp_path, monkeypatch):
    """The proof's state reduction and the linter's values follow the thresholds a story
    compares its stats with, not their ranges: on stories whose stats range over two
    billion values, the enumeration and the linter's claims agree with play. The
    refinement's abstractions can count without bound where play cannot; it then stops
    at its bound, and what it did settle is still true."""
    monkeypatch.setattr("game.story.fields.MAX_STAT_VALUES", 4 * WIDE)
    compared = 0
    for seed in range(60):
        folder = widened(random_story(tmp_path / str(seed), seed, scenes=5 + seed % 9))
        story, _ = check_story(folder)
        if story is None:
            continue
        assert story.stats["nerve"].max == WIDE
        naive = naive_search(story, limit=5_000)
        if naive is None:  # a loop that adds to a stat: as many states as values
            continue
        scenes, choices, dead, stuck = naive
        proof = prove(story, 100_000, method="enumerate")
        assert proof.complete
        assert {s: len(p) for s, p in proof.scenes.items()} == scenes
        assert {c: len(p) for c, p in proof.choices.items()} == choices
        assert set(proof.dead_ends) == dead
        assert set(proof.soft_locks) == stuck
        # 2,000 states: as many of these stories complete as with 20,000 (30 of 45 on
        # 2026-12-03), and the rest stop at the bound three times sooner.
        refined = prove(story, 2_000, method="refine")
        assert {s: len(p) for s, p in refined.scenes.items()}.items() <= scenes.items()
        assert {c: len(p) for c, p in refined.choices.items()}.items() <= choices.items()
        assert set(refined.dead_ends) <= dead
        assert not {t.split(" ", 1)[1] for t in refined.unreachable} & (set(scenes) | set(choices))
        if refined.complete:
            assert set(refined.scenes) == set(scenes) and set(refined.choices) == set(choices)
        for diagnostic in lint(story):
            if diagnostic.code == "W001":
                scene_id = re.search(r"'([^']+)' from the start", diagnostic.message).group(1)
                assert scene_id not in scenes
            elif diagnostic.code == "W021":
                (choice,) = [c for c in story.choices.values() if c.loc.line == diagnostic.line]
                assert choice.full_id not in choices
        compared += 1
    assert compared >= 25


HUGE_RANGE_STORY = """\
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from game.story import fields
fields.MAX_STAT_VALUES = 10**10
from game.authoring.lint import lint
from game.authoring.prove import prove
from game.story.loader import load_story
story = load_story(sys.argv[1])
proof = prove(story, 100_000)
found = {
    "method": proof.method,
    "scenes": {s: len(p) for s, p in proof.scenes.items()},
    "choices": {c: len(p) for c, p in proof.choices.items()},
    "dead": sorted(proof.dead_ends),
    "unreachable": sorted(proof.unreachable),
}
found["lint"] = sorted((d.code, d.line) for d in lint(story))
print(json.dumps(found, sort_keys=True))
"""


def test_a_billion_value_stat_proves_in_bounded_memory_with_the_small_range_result(tmp_path):
    """`max: 1000000000` proves within 1.5 GB of address space (a table per value would
    need 8 GB) and settles every target as `max: 5` does, where play never reaches 5:
    a loop that lowers nerve, one that raises it once, and thresholds on the way."""
    scenes = "\n".join(
        [
            scene(
                "start",
                choice("rest", "start", "nerve > 0", {"nerve": -1}),
                choice("brace", "start", None, {"nerve": 2}, once=True),
                choice("go", "gate", "nerve >= 3"),
                choice("slip", "low", "nerve == 0"),
            ),
            scene("low", choice("onward", "gate", "nerve < 1"), choice("back", "end", "nerve > 3")),
            scene("gate", choice("in", "end", "nerve <= 4"), choice("far", "end", "nerve > 4")),
            scene("end", ending="End"),
        ]
    )
    results = []
    for high in (5, WIDE):
        folder = write(tmp_path / str(high), scenes, nerve=2)
        manifest = folder / "story.yaml"
        manifest.write_text(manifest.read_text().replace("max: 5", f"max: {high}"))
        done = subprocess.run(
            [sys.executable, "-c", HUGE_RANGE_STORY, str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        results.append(json.loads(done.stdout))
    small, huge = results
    assert huge == small
    assert "scene one.gate" not in small["unreachable"]
    assert "choice one.gate.far" in small["unreachable"]  # 2 + 2 never passes 4


@pytest.mark.parametrize("seed", range(60, 100))
def test_what_the_linter_claims_is_true_in_play(tmp_path, seed):
    folder = random_story(tmp_path / str(seed), seed, scenes=5 + seed % 9)
    story, _ = check_story(folder)
    if story is None:
        pytest.skip("does not load")
    found_naively = naive_search(story, limit=20_000)
    if found_naively is None:  # too many full states to walk: the enumeration, which the
        # tests above check against this same walk, is the reference
        proof = prove(story, 2_000_000, method="enumerate")
        assert proof.complete
        scenes, choices = dict(proof.scenes), dict(proof.choices)
    else:
        scenes, choices, _, _ = found_naively
    for diagnostic in lint(story):
        found = re.search(r"choice '([^']+)'", diagnostic.message)
        if diagnostic.code == "W001":
            scene_id = re.search(r"'([^']+)' from the start", diagnostic.message).group(1)
            assert scene_id not in scenes
        elif diagnostic.code == "W021":
            line = diagnostic.line
            (choice,) = [c for c in story.choices.values() if c.loc.line == line]
            assert choice.id == found.group(1)
            assert choice.full_id not in choices


def test_feature_tour_report_lists_what_is_never_reached_with_file_and_line():
    result = deniable("playtest", str(FEATURE_TOUR))
    assert result.returncode == 1
    out = result.stdout
    assert "every one enumerated" in out
    assert "Reached: scenes 6/6, choices 9/11, notes 3/4, endings 2/2." in out
    assert "one.yaml:31:9: choice airfield.briefing.refuse" in out
    assert "if secrecy >= 9" in out
    assert "one.yaml:77:3: note refuse-note" in out


def test_every_feature_tour_ending_plays_by_its_shortest_path_in_the_plain_player():
    report = json.loads(deniable("playtest", str(FEATURE_TOUR), "--format", "json").stdout)
    story = load_story(FEATURE_TOUR)
    assert set(report["endings"]) == {scene.id for scene in story.endings}
    for ending, found in report["endings"].items():
        typed = "".join(f"{number}\n" for number in found["numbers"])
        args = ["play", "--plain", "--story", str(FEATURE_TOUR)]
        if found["seed"]:
            args += ["--seed", str(found["seed"])]
        played = deniable(*args, input_text=typed)
        assert played.returncode == 0, played.stderr
        assert f"THE END: {found['title']}" in played.stdout, ending
        assert played.stdout.count("THE END") == 1


def test_a_dead_end_is_reported_with_the_shortest_path_that_plays_into_it(tmp_path):
    folder = write(
        tmp_path,
        scene(
            "start",
            choice("brave", "door", effects={"nerve": 2}),
            choice("timid", "door", effects={"nerve": -1}),
        )
        + scene("door", choice("open", "end", cond="nerve >= 3", locked="Too scared."))
        + scene("end", ending="Out"),
    )
    result = deniable("playtest", str(folder))
    assert result.returncode == 1
    assert "dead end in scene one.door" in result.stdout
    assert "with nerve=1" in result.stdout
    report = json.loads(deniable("playtest", str(folder), "--format", "json").stdout)
    (problem,) = report["problems"]
    assert problem["kind"] == "dead end"
    assert problem["line"] > 1 and problem["file"].endswith("one.yaml")
    typed = "".join(f"{n}\n" for n in problem["path"]["numbers"])
    played = deniable("play", "--plain", "--story", str(folder), input_text=typed + "1\n")
    assert "(locked) Choose open. -- Too scared." in played.stdout
    assert "That choice is locked: Too scared." in played.stdout


def test_paths_saved_as_save_files_load_where_they_lead(tmp_path):
    saves = tmp_path / "paths"
    result = deniable("playtest", str(FEATURE_TOUR), "--save-paths", str(saves), "--format", "json")
    report = json.loads(result.stdout)
    assert set(report["saves"]) == {f"ending {e}" for e in report["endings"]}
    for label, path in report["saves"].items():
        title = report["endings"][label.split(" ", 1)[1]]["title"]
        played = deniable(
            "play",
            "--plain",
            "--story",
            str(FEATURE_TOUR),
            "--load",
            path,
            "--saves",
            str(tmp_path / "autosaves"),
            input_text="q\n",
        )
        assert f"THE END: {title}" in played.stdout, played.stdout + played.stderr


def trap_story(tmp_path):
    """A story whose hall and yard loop with no way out once the key was skipped."""
    return write(
        tmp_path,
        scene(
            "start",
            choice("take", "hall", effects={"key": "true"}),
            choice("skip", "hall"),
        )
        + scene("hall", choice("leave", "end", cond="key"), choice("wait", "yard"))
        + scene("yard", choice("back", "hall"))
        + scene("end", ending="Out"),
    )


def test_a_loop_with_no_way_out_is_found(tmp_path):
    folder = trap_story(tmp_path)
    report = json.loads(deniable("playtest", str(folder), "--format", "json").stdout)
    assert report["ok"] is False
    loops = {p["scene"]: p for p in report["problems"] if p["kind"] == "loop with no way out"}
    assert set(loops) == {"one.hall", "one.yard"}
    assert loops["one.hall"]["path"]["choices"] == ["one.start.skip"]


class PassingAt(Progress):
    """Silent progress that makes `deadline` pass when a line starting with `text` is
    shown, and counts the looks at the clock after that."""

    def __init__(self, deadline, text, looks_left=0):
        super().__init__(enabled=False)
        self.deadline, self.text, self.looks_left = deadline, text, looks_left
        self.looks = None
        passed = deadline.passed

        def counting():
            if self.looks is not None:
                self.looks += 1
                if self.looks > self.looks_left:
                    deadline.at = deadline.started
            return passed()

        deadline.passed = counting

    def show(self, text, force=False):
        if text.startswith(self.text) and self.looks is None:
            self.looks = 0


def test_a_time_limit_passing_before_the_loop_search_leaves_loops_undecided(tmp_path):
    """After a timed-out enumeration the search for loops walked every state found (1.6
    million, 3 s past the limit) without a look at the clock. Past the limit it stops,
    and the report says loops were not looked for: never "no loops" by default."""
    from game.authoring.progress import Deadline
    from game.authoring.prove import LOOPS

    story = load_story(trap_story(tmp_path))
    assert set(prove(story, 10_000, method="enumerate").soft_locks) == {"one.hall", "one.yard"}
    deadline = Deadline(None)
    progress = PassingAt(deadline, "looking for loops")
    proof = prove(story, 10_000, method="enumerate", deadline=deadline, progress=progress)
    assert progress.looks is not None and progress.looks >= 1
    assert not proof.soft_locks and proof.undecided[LOOPS].startswith("not looked for")
    assert proof.timed_out and not proof.complete
    assert len(proof.scenes) == len(story.scenes)  # what the search reached stands
    report = exhaustive_report(proof, 10_000)
    assert not report.ok
    text = report.text()
    assert "loops with no way out: not looked for" in text
    assert "Result: INCOMPLETE." in text and "loops with no way out not at all" in text
    data = report.to_dict()
    assert data["partial"] is True and LOOPS in data["undecided"]


@pytest.mark.parametrize("looks_left", [0, 2, 5])
def test_the_loop_search_looks_at_the_clock_as_it_walks_and_stops_past_it(
    long_story, monkeypatch, looks_left
):
    """Each pass over the states and edges looks at the clock every so many items (here
    every 64): a limit passing part way stops the search, which then claims nothing."""
    import game.authoring.explore as exploring
    from game.authoring.progress import Deadline

    monkeypatch.setattr(exploring, "CHECK_STEPS", 64)
    story = load_story(long_story)
    deadline = Deadline(None)
    progress = PassingAt(deadline, "looking for loops", looks_left)
    found = exploring.explore(story, 2_000_000, deadline, progress)
    assert progress.looks == looks_left + 1  # stopped at the first look past the limit
    assert found.timed_out and not found.loops_searched and not found.soft_locks
    assert found.expanded == found.states  # the search itself was whole


@pytest.mark.slow
def test_an_enumeration_that_hands_over_to_the_refinement_does_not_look_for_loops(
    long_story, monkeypatch
):
    """Past its budget the enumeration gives way to the refinement, which has a loop
    check of its own: looking for loops among the states found first (3 s at 2,000,000
    states) was thrown away. Asked to enumerate only, it still looks."""
    import game.authoring.explore as exploring
    import game.authoring.prove as proving

    looked = []
    find = exploring._find_soft_locks
    monkeypatch.setattr(exploring, "_find_soft_locks", lambda *a: looked.append(1) or find(*a))
    monkeypatch.setattr(proving, "EXACT_BUDGET", 1_000)
    monkeypatch.setattr(proving, "EXACT_PER_SCENE", 1)
    story = load_story(long_story)
    proof = prove(story, 2_000_000)
    assert proof.method == "abstraction refinement" and not looked
    assert proof.loops_searched and "loops with no way out" not in proof.undecided
    bounded = prove(story, 1_000, method="enumerate")
    assert bounded.bound_hit and looked and bounded.loops_searched


def test_a_clean_story_passes_and_exits_zero(tmp_path):
    folder = write(
        tmp_path,
        scene("start", choice("go", "end"), choice("stay", "start", once=True))
        + scene("end", ending="Out"),
    )
    result = deniable("playtest", str(folder))
    assert result.returncode == 0, result.stdout
    assert "Result: every scene, choice, note and ending is reachable" in result.stdout


def test_the_state_bound_is_reported_and_fails_the_run(tmp_path):
    result = deniable("playtest", str(FEATURE_TOUR), "--max-states", "2")
    assert result.returncode == 1
    assert "The bound of 2 states was hit" in result.stdout


def test_a_broken_story_exits_two_without_a_traceback(make_story):
    broken = make_story({"one.yaml": "chapter: [\n"})
    result = deniable("playtest", str(broken))
    assert result.returncode == 2
    assert "D001" in result.stderr
    assert "Traceback" not in result.stderr


# -------------------------------------------------------------------- random


def test_random_playthroughs_are_reproducible_and_replay_in_the_engine(tour):
    first, machine = random_playtest(tour, 200, seed=7, keep_paths=200)
    second, _ = random_playtest(tour, 200, seed=7)
    assert random_report(first, machine).to_dict() == random_report(second, machine).to_dict()
    for path in first.paths:
        state = new_game(tour, 0)
        for choice_id, branch in path:
            picked = tour.choices[choice_id]
            assert picked.scene == state.scene
            state = choose(tour, state, picked.id, branch if picked.branches else None).state
        assert state.ending is not None
    assert sum(first.endings.values()) == 200


def test_random_playthroughs_prefer_the_least_used_choices(tmp_path):
    # Three doors, three endings: preferring the least-used choice, three runs see all three.
    folder = write(
        tmp_path,
        scene("start", choice("a", "end-a"), choice("b", "end-b"), choice("c", "end-c"))
        + scene("end-a", ending="A")
        + scene("end-b", ending="B")
        + scene("end-c", ending="C"),
    )
    story = load_story(folder)
    for seed in range(5):
        run, _ = random_playtest(story, 3, seed)
        assert sorted(run.endings.values()) == [1, 1, 1]


def test_random_report_shows_distribution_lengths_and_coverage():
    result = deniable("playtest", str(FEATURE_TOUR), "--random", "500", "--seed", "3")
    out = result.stdout
    assert "500 random playthroughs of Feature Tour (seed 3)" in out
    assert "two.end-history (As It Was)" in out
    assert "Length in choices: min 3" in out
    assert "Length in words:" in out
    assert "one.yaml:31:9: choice airfield.briefing.refuse (not taken in these runs)" in out
    assert result.returncode == 1
    report = json.loads(
        deniable("playtest", str(FEATURE_TOUR), "--random", "500", "--format", "json").stdout
    )
    assert sum(report["endings"].values()) == 500
    assert report["coverage"]["endings"] == {"reached": 2, "total": 2}


def test_exhaustive_report_paths_replay_to_their_endings(tour):
    report = exhaustive_report(prove(tour, 10_000), 10_000)
    for ending, path in report.endings.items():
        state = new_game(tour, path.seed or 0)
        for number in path.numbers:
            option = available_options(tour, state)[number - 1]
            state = choose(tour, state, option.choice.id).state
        assert state.ending == ending


# ------------------------------------------------------ time limit and progress


@pytest.fixture(scope="module")
def long_story(tmp_path_factory):
    """300 branching scenes (tens of thousands of states), with one scene no goto reaches."""
    folder = write_story(tmp_path_factory.mktemp("long"), 300, shape="branching")
    chapter = folder / "c0000.yaml"
    text = chapter.read_text()
    orphan = (
        "  orphan:\n    text: Nobody comes here.\n    choices:\n"
        "      - {id: leave, text: Leave., outcome: Gone., note: nc0000, goto: s0001}\n"
    )
    chapter.write_text(text.replace("scenes:\n", "scenes:\n" + orphan, 1))
    return folder


def test_a_time_limit_gives_an_honest_partial_result_never_an_all_clear(long_story):
    result = deniable("playtest", str(long_story), "--time-limit", "0.01")
    assert result.returncode == 1
    out = result.stdout
    assert "Stopped at the time limit of 0.01 s: this is a partial result." in out
    assert "every one enumerated" not in out
    assert "every scene, choice, note and ending is reachable" not in out
    assert "Result: INCOMPLETE." in out
    assert re.search(r"Not decided: scenes [1-9]", out)
    # the scene no goto leads to is proved unreachable even so
    assert "Proved unreachable:" in out and "scene c0000.orphan" in out


def test_a_time_limit_spent_before_the_proof_searches_nothing_and_claims_nothing(long_story):
    """The limit counts from before loading: when it is gone by the time the proof
    starts, nothing is searched, and only what no goto leads to is proved."""
    from game.authoring.progress import Deadline

    story = load_story(long_story)
    proof = prove(story, 2_000_000, deadline=Deadline(0))
    _assert_nothing_searched_nothing_claimed(story, proof)


def test_a_time_limit_that_passes_while_compiling_stops_the_compiling(long_story):
    """The compiled machine has no partial use: when the limit passes while the story
    compiles (seconds, at 50,000 scenes), the proof stops there, searching nothing."""
    story = load_story(long_story)
    _assert_nothing_searched_nothing_claimed(
        story, prove(story, 2_000_000, deadline=PassesAfter(2))
    )


def test_a_time_limit_passing_before_the_engine_replays_what_was_found_leaves_it_undecided(
    long_story, monkeypatch
):
    """The refinement plays each path its search found in the engine before it counts
    as proved; on a 50,000-scene story that took minutes past the limit. Past it, what
    was found but not played is not decided, never claimed."""
    import game.authoring.prove as proving
    from game.authoring.progress import Deadline

    story = load_story(long_story)
    deadline = Deadline(None)
    walk = proving.walk

    def passing_as_it_starts(*args, **kwargs):
        deadline.at = deadline.started  # the limit passes before the first path is played
        return walk(*args, **kwargs)

    monkeypatch.setattr(proving, "walk", passing_as_it_starts)
    proof = prove(story, 2_000_000, method="refine", deadline=deadline)
    assert proof.timed_out and proof.searches == 1
    assert not proof.scenes and not proof.choices
    report = exhaustive_report(proof, 2_000_000)
    assert {m.id for m in report.coverage.missed} == {"c0000.orphan", "c0000.orphan.leave"}
    assert "Result: INCOMPLETE." in report.text()


def test_a_report_written_past_its_time_limit_does_not_play_its_paths_to_the_end(
    long_story, tmp_path
):
    """The report plays each ending's and problem's path in the engine for the numbers
    to type (the 50,000-scene story's ending is 40,000 steps: 2-2.5 s past the limit).
    Past the limit, by half a second at most, it stops: the paths not played keep their
    choices and seed, and say that they were not played; they never get made-up numbers."""
    from game.authoring.progress import Deadline

    gone = Deadline(60)
    gone.at = gone.started - 60  # long past
    story = load_story(long_story)
    proof = prove(story, 2_000_000, time_limit=600)
    timely = exhaustive_report(proof, 2_000_000, deadline=Deadline(600))
    late = exhaustive_report(proof, 2_000_000, deadline=gone)
    ending = story.endings[0].id
    played, unplayed = timely.endings[ending], late.endings[ending]
    assert played.numbers is not None and played.values is not None
    assert unplayed.numbers is None and unplayed.values is None
    assert (unplayed.steps, unplayed.seed) == (played.steps, played.seed)
    assert "not played in the engine for the numbers to type" in late.text()
    assert "not played" not in timely.text()
    as_json = late.to_dict()["endings"][ending]
    assert as_json["numbers"] is None
    assert as_json["choices"] == timely.to_dict()["endings"][ending]["choices"]
    trapped = prove(load_story(trap_story(tmp_path)), 10_000)
    problems = exhaustive_report(trapped, 10_000, deadline=gone).problems
    assert {p.scene for p in problems} == {"one.hall", "one.yard"}
    assert all(p.values is None and p.to_dict()["values"] is None for p in problems)


def _assert_nothing_searched_nothing_claimed(story, proof):
    assert proof.timed_out and not proof.complete and proof.states == 0
    assert not proof.scenes and not proof.choices
    assert "loops with no way out" in proof.undecided  # not looked for, not cleared
    report = exhaustive_report(proof, 2_000_000)
    assert {m.id for m in report.coverage.missed} == {"c0000.orphan", "c0000.orphan.leave"}
    assert len(report.coverage.unknown) > len(story.scenes)
    assert not report.ok and "Result: INCOMPLETE." in report.text()


def test_the_proof_stops_soon_enough_before_the_limit_for_the_report(long_story, monkeypatch):
    """The report of a partial proof lists every item not settled and cannot stop part
    way (2.5-3.5 s past the limit at 50,000 scenes): the proof and the variant pass get
    the limit less REPORT_SECONDS_PER_ITEM for each scene, choice and note, and the report
    still names the limit asked for."""
    import argparse

    import game.authoring.prove as proving
    from game.commands import playtest

    story = load_story(long_story)
    given = []
    prove_as_is = proving.prove

    def noting_the_deadline(*args, deadline, **kwargs):
        given.append(deadline.seconds)
        return prove_as_is(*args, deadline=deadline, **kwargs)

    monkeypatch.setattr(proving, "prove", noting_the_deadline)
    parser = argparse.ArgumentParser()
    playtest.add_arguments(parser)
    args = parser.parse_args([str(long_story), "--time-limit", "600", "--format", "json"])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    playtest._run(args, lambda: None)
    items = len(story.scenes) + len(story.choices) + len(story.notes)
    assert given == [pytest.approx(600 - playtest.REPORT_SECONDS_PER_ITEM * items)]
    assert json.loads(out.getvalue())["time_limit"] == 600


def test_the_time_limit_counts_loading_and_says_how_much_it_took(long_story):
    text = deniable("playtest", str(long_story), "--time-limit", "0.01").stdout
    assert re.search(
        r"Loading the story took \d+\.\d s of that limit \(it cannot be stopped part way\)",
        text,
    )
    data = json.loads(
        deniable("playtest", str(long_story), "--time-limit", "0.01", "--format", "json").stdout
    )
    assert data["load_seconds"] > 0 and data["timed_out"] is True


def test_partial_json_lists_what_is_proved_and_what_is_unknown(long_story):
    result = deniable("playtest", str(long_story), "--time-limit", "0.01", "--format", "json")
    assert result.returncode == 1
    assert result.stderr == ""  # a pipe gets no progress
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["partial"] is True and report["timed_out"] is True
    story = load_story(long_story)
    proved = report["proved"]
    assert proved["scenes"]["unknown"] > 0
    total = proved["scenes"]
    assert total["reachable"] + total["unreachable"] + total["unknown"] == len(story.scenes)
    unknown = {(m["kind"], m["id"]) for m in report["unknown"]}
    never = {(m["kind"], m["id"]) for m in report["coverage"]["never_reached"]}
    assert ("scene", "c0000.orphan") in never
    assert ("ending", story.endings[0].id) in unknown
    assert (
        len([m for m in report["unknown"] if m["kind"] in ("scene", "ending")])
        == (total["unknown"])
    )
    assert not unknown & never


def test_a_time_limit_hit_while_compiling_still_forgets_what_nothing_reads_again(long_story):
    """Past the limit the reduction merges no more values, but it still forgets each
    variable where play leaves the scenes that read it, so the state stays as narrow as
    with the full reduction (kept whole, it was one bit per reference in the story)."""
    from game.authoring.machine import Machine
    from game.authoring.progress import Deadline

    story = load_story(long_story)
    assert Machine(story, deadline=Deadline(0)).bits == Machine(story).bits


def test_a_time_limit_passing_while_one_variable_is_reduced_stops_the_compiling_there(
    long_story, monkeypatch
):
    """Compiling looked at the clock only between variables, and one variable live
    through a 50,000-scene story took 4.5 s past the limit to reduce. Now the limit
    stops it within CHECK_SPLITS scenes of its reduction."""
    import game.authoring.quotient as quotient
    from game.authoring.machine import Machine
    from game.authoring.progress import Deadline, TimeUp

    story = load_story(long_story)
    deadline = Deadline(None)
    region_size = []
    splits_after = []
    refine, split = quotient._refine, quotient._split

    def noting_the_region(var, spec, region, *args, **kwargs):
        region_size.append(len(region))
        return refine(var, spec, region, *args, **kwargs)

    def passing_in_a_long_region(*args, **kwargs):
        if deadline.at is not None:
            splits_after.append(1)
        elif region_size[-1] >= 200:  # the limit passes as a long one starts
            deadline.at = deadline.started
        return split(*args, **kwargs)

    monkeypatch.setattr(quotient, "_refine", noting_the_region)
    monkeypatch.setattr(quotient, "_split", passing_in_a_long_region)
    with pytest.raises(TimeUp):
        Machine(story, deadline=deadline, abandon=True)
    assert deadline.at is not None and len(splits_after) < quotient.CHECK_SPLITS


def test_without_a_time_limit_hit_the_long_story_is_proved_in_full(long_story):
    story = load_story(long_story)
    proof = prove(story, 2_000_000, time_limit=600)
    assert proof.complete and proof.method == "enumeration"
    report = exhaustive_report(proof, 2_000_000)
    assert {m.id for m in report.coverage.missed} >= {"c0000.orphan"}
    assert not report.coverage.unknown
    assert len(proof.scenes) == len(story.scenes) - 1
    ending = story.endings[0].id
    assert report.endings[ending].steps[-1].scene != ending  # a real path, built on demand


def _run_with_terminal_stderr(*args, seconds=60):
    """Run deniable with stderr on a pseudo-terminal and stdout on a pipe.

    Both are read as the output comes: a command that prints more than a pipe holds
    (`graph` of 301 scenes prints 65 KB) would otherwise block on its stdout until the
    deadline.
    """
    import pty

    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "game", *args],
        stdout=subprocess.PIPE,
        stderr=secondary,
        cwd=ROOT,
    )
    os.close(secondary)
    out_pipe = process.stdout.fileno()
    output = {main: b"", out_pipe: b""}
    open_ends = [main, out_pipe]
    end = time.monotonic() + seconds
    while open_ends and time.monotonic() < end:
        ready, _, _ = select.select(open_ends, [], [], 0.05)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal's far end has closed
                chunk = b""
            if chunk:
                output[fd] += chunk
            else:
                open_ends.remove(fd)
        if not ready and process.poll() is not None and main in open_ends:
            open_ends.remove(main)  # exited: a terminal need not report its end
    process.wait(timeout=seconds)
    process.stdout.close()
    os.close(main)
    out = output[out_pipe].decode()
    return process.returncode, out, output[main].decode(errors="replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_progress_is_drawn_in_place_on_a_terminal_and_wiped(long_story):
    """The whole proof (about 1.5 s), so every stage is drawn however busy the machine:
    with a 2-s limit, a loaded machine spent it all loading and never compiled."""
    code, out, terminal = _run_with_terminal_stderr("playtest", str(long_story))
    assert code == 1  # the orphan scene
    assert "\r" in terminal and "compiling the story" in terminal and " states" in terminal
    assert "\n" not in terminal  # redrawn in place, then wiped
    assert terminal.endswith("\r") and not terminal.strip()[-1:].isalnum()
    assert "compiling" not in out and "Result:" in out


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_random_playthroughs_show_progress_on_a_terminal_only(long_story):
    code, out, terminal = _run_with_terminal_stderr("playtest", str(long_story), "--random", "300")
    assert "playthroughs" in terminal and "\r" in terminal
    piped = deniable("playtest", str(long_story), "--random", "300")
    assert piped.returncode == code
    assert piped.stderr == ""
    assert piped.stdout == out


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("command", "shown"),
    [(("check",), "checking 301 scenes"), (("graph",), "drawing 301 scenes")],
)
def test_check_and_graph_show_what_they_are_doing_on_a_terminal_only(long_story, command, shown):
    code, out, terminal = _run_with_terminal_stderr(*command, str(long_story))
    assert "\r" in terminal and "loading the story" in terminal and shown in terminal
    assert shown not in out
    piped = deniable(*command, str(long_story))
    assert piped.returncode == code and piped.stdout == out
    assert "\r" not in piped.stderr and "loading the story" not in piped.stderr


def test_the_first_progress_line_after_a_stage_is_drawn_at_once():
    """A story that loads and then plays 300 runs within a quarter second showed only
    'loading the story': the first line of playing came too soon after it and was skipped."""
    stream = io.StringIO()
    progress = Progress(stream, enabled=True)
    with progress.stage("loading the story"):
        pass
    progress.show("playing: 0 of 300 playthroughs")
    assert "playing: 0 of 300 playthroughs" in stream.getvalue()


def test_the_json_report_is_the_standard_librarys_indented_json_to_the_character(long_story):
    """`--format json` writes its own JSON (the standard library's, indented, took 2.2 s
    of a 50,000-scene report): the same text, whatever the values."""
    from game.authoring.json_text import dumps

    story = load_story(long_story)
    report = exhaustive_report(prove(story, 2_000_000, deadline=PassesAfter(3)), 2_000_000)
    data = report.to_dict()
    assert data["unknown"]  # a long list of flat objects, written by the C encoder
    assert dumps(data) == json.dumps(data, indent=2)
    odd = {
        "floats": [1.5, float("nan"), float("inf"), float("-inf"), -0.0, 2.5e300],
        "scalars": [True, False, None, 0, -7, 'é\n"},\n{\u2028'],
        "empty": [{}, [], [[]], {"x": {}}, ()],
        "objects": [{"a": "x},\n{y", "b": None}, {"c": True}],
        "mixed": [{"a": 1}, {}],
        "nested": [{"a": [1]}, {"b": {"c": "d"}}],
        1: "a key that is a number",
        None: ("a", 2),
    }
    assert dumps(odd) == json.dumps(odd, indent=2)


def test_the_command_ends_without_tearing_down_its_heap_and_keeps_its_exit_code(long_story):
    """Run from a shell, `deniable playtest` ends as soon as its report is written (the
    exit of a 1.2 GB process freed it object by object): Python's own teardown, with its
    exit handlers, is skipped; the report is whole and the exit code kept. In-process,
    as the tests call main(), it returns as any command does."""
    program = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
        "sys.argv = ['deniable', *sys.argv[1:]]\n"
        "runpy.run_module('game', run_name='__main__', alter_sys=True)\n"
    )
    args = ["playtest", str(long_story), "--time-limit", "600", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-c", program, *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1  # the orphan scene
    assert "torn down" not in done.stderr
    report = json.loads(done.stdout)
    assert report["proved"]["scenes"]["unreachable"] == 1
    in_process = json.loads(deniable(*args).stdout)
    assert {**report, "load_seconds": 0} == {**in_process, "load_seconds": 0}
    cold = subprocess.run(
        [sys.executable, "-c", program, "check", str(long_story)], capture_output=True, text=True
    )
    assert "torn down" in cold.stderr  # other commands end as before


def test_a_time_limit_passing_while_a_refinement_compiles_stops_it_and_keeps_what_was_proved(
    long_story, monkeypatch
):
    """Each search of the refinement compiles its abstraction (12 s at 50,000 scenes,
    deaf to the clock, so a run ended 9 s past its limit): past the limit the compiling
    stops, and what the searches before proved stands."""
    import game.authoring.prove as proving
    from game.authoring.progress import Deadline

    story = load_story(long_story)
    deadline = Deadline(None)
    compiled = []
    machine = proving.Machine

    def passing_on_the_second(*args, **kwargs):
        compiled.append(args)
        if len(compiled) == 2:
            deadline.at = deadline.started  # the limit passes as it starts compiling
        return machine(*args, **kwargs)

    monkeypatch.setattr(proving, "Machine", passing_on_the_second)
    proof = prove(story, 2_000_000, method="refine", deadline=deadline)
    assert len(compiled) == 2 and proof.searches == 1 and proof.timed_out
    assert "loops with no way out" in proof.undecided  # the loop check never ran
    assert len(proof.scenes) == len(story.scenes) - 1  # the first search found them all
    assert "Result: INCOMPLETE." in exhaustive_report(proof, 2_000_000).text()
