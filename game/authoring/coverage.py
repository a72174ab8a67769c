"""Playtest reports: what was reached, what never was (with file:line), and the problems.

Both playtests end here: the exhaustive one with proofs and shortest paths, the random
one with the endings' distribution and playthrough lengths. Each report renders as
text for the writer and as a dict for `--format json`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from game.authoring.machine import Machine
from game.authoring.paths import Replayable, replayables
from game.authoring.progress import Deadline
from game.authoring.prove import LOOPS, Proof
from game.authoring.randomtest import RandomRun
from game.authoring.replays import Chain, chain_of
from game.authoring.stat_spread import spread_lines
from game.authoring.variant_targets import UNKNOWN, UNREACHABLE, VariantCoverage
from game.engine.collector import collector_paused
from game.engine.state import choices_in
from game.story.model import Location, Story

KINDS = ("scenes", "choices", "notes", "endings")


class Missed(NamedTuple):
    """Something not reached. A tuple, not a frozen dataclass: a partial 50,000-scene
    proof lists 230,000 of them: 1.6 us each to make as a frozen dataclass, 0.7 us so."""

    kind: str  # scene, choice, note, ending
    id: str
    loc: Location
    why: str = ""

    def line(self) -> str:
        why = f" ({self.why})" if self.why else ""
        return f"{self.loc}: {self.kind} {self.id}{why}"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "file": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "why": self.why,
        }


@dataclass
class Coverage:
    counts: dict[str, tuple[int, int]]  # kind -> (reached, total)
    missed: list[Missed]  # never reached (proved so, when the search was exhaustive)
    unknown: list[Missed] = field(default_factory=list)  # partial proof: not settled either way

    def to_dict(self) -> dict[str, object]:
        return {
            kind: {"reached": reached, "total": total}
            for kind, (reached, total) in self.counts.items()
        } | {"never_reached": [m.to_dict() for m in self.missed]}

    def settled(self) -> dict[str, dict[str, int]]:
        """Per kind: how many are proved reachable, proved unreachable, not yet known."""
        never = Counter(m.kind for m in self.missed)
        unknown = Counter(m.kind for m in self.unknown)
        result = {}
        for kind, (reached, _) in self.counts.items():
            # endings are scenes too, and are counted among them as in `counts`
            named = ("scene", "ending") if kind == "scenes" else (kind[:-1],)
            result[kind] = {
                "reachable": reached,
                "unreachable": sum(never[name] for name in named),
                "unknown": sum(unknown[name] for name in named),
            }
        return result

    def text(self) -> str:
        return "Reached: " + ", ".join(
            f"{kind} {reached}/{total}" for kind, (reached, total) in self.counts.items()
        )


def coverage(
    machine: Machine,
    scenes: set[int],
    choices: set[int],
    exhaustive: bool,
    unreachable: set[str] | None = None,
) -> Coverage:
    """What was reached and what was not; with `unreachable` (a partial proof), what was
    not reached is split into what is proved unreachable and what is still unknown."""
    return coverage_by_id(
        machine.story,
        {machine.scene_ids[i] for i in scenes},
        {machine.choices[i].choice.full_id for i in choices},
        exhaustive,
        unreachable,
    )


def coverage_by_id(
    story: Story,
    reached_scenes: set[str],
    taken_ids: set[str],
    exhaustive: bool,
    unreachable: set[str] | None = None,
) -> Coverage:
    """`coverage` over scene and choice ids, for a proof that needs no compiled machine.

    A partial proof of a 50,000-scene story leaves 230,000 items to list: each is made
    once, as what it ends up as, with the cyclic collector paused (they hold no cycles;
    its passes over the proof's heap took most of the 2.4-4.4 s this took)."""
    with collector_paused():
        return _coverage_by_id(story, reached_scenes, taken_ids, exhaustive, unreachable)


# what was not reached, before it is known whether it is proved so: kind, id, where, why
_Miss = tuple[str, str, Location, str]


def _coverage_by_id(
    story: Story,
    reached_scenes: set[str],
    taken_ids: set[str],
    exhaustive: bool,
    unreachable: set[str] | None,
) -> Coverage:
    missed: list[_Miss] = []
    shown_notes = {story.choices[choice_id].note for choice_id in taken_ids}
    for scene_id, scene in story.scenes.items():
        if scene_id not in reached_scenes:
            kind = "ending" if scene.ending is not None else "scene"
            missed.append((kind, scene_id, scene.loc, ""))
    # A page break's "Continue" is no choice: it is taken whenever its scene is reached,
    # so the scenes' count says all there is to say about it.
    choices = {i for i, choice in story.choices.items() if not choice.page_turn}
    for choice_id, choice in story.choices.items():
        if choice_id in taken_ids or choice_id not in choices:
            continue
        if choice.scene not in reached_scenes:
            why = "its scene is never reached"
        elif exhaustive:
            why = "never open when its scene is reached"
            if choice.condition is not None:
                why += f": if {choice.condition.source}"
        else:
            why = "not taken in these runs"
        missed.append(("choice", choice_id, choice.loc, why))
    for note_id, note in story.notes.items():
        if note_id not in shown_notes:
            missed.append(("note", note_id, note.loc, ""))
    endings = [scene_id for scene_id, scene in story.scenes.items() if scene.ending is not None]
    counts = {
        "scenes": (len(reached_scenes), len(story.scenes)),
        "choices": (len(taken_ids & choices), len(choices)),
        "notes": (len(shown_notes & set(story.notes)), len(story.notes)),
        "endings": (len(reached_scenes & set(endings)), len(endings)),
    }
    missed.sort(key=lambda m: (m[2].path, m[2].line, m[2].col))
    if unreachable is None:
        return Coverage(counts, [Missed._make(item) for item in missed])
    return _split_unknown(story, counts, missed, unreachable)


def _split_unknown(
    story: Story, counts: dict[str, tuple[int, int]], missed: list[_Miss], unreachable: set[str]
) -> Coverage:
    """Keep as never reached only what is proved so; the rest is unknown."""
    proved: list[Missed] = []
    unknown: list[Missed] = []
    showing: dict[str, list[str]] = {}  # note -> the choices that show it
    for choice_id, choice in story.choices.items():
        if choice.note:
            showing.setdefault(choice.note, []).append(choice_id)
    # "scene ID" and "choice ID" split once: a partial proof has few, and the missed many
    proved_ids: dict[str, set[str]] = {"scene": set(), "choice": set()}
    for target in unreachable:
        kind, _, item_id = target.partition(" ")
        proved_ids.setdefault(kind, set()).add(item_id)
    scenes, choices = proved_ids["scene"], proved_ids["choice"]
    for kind, item_id, loc, why in missed:
        if kind in ("scene", "ending"):
            settled = item_id in scenes
        elif kind == "choice":
            settled = item_id in choices
        else:
            settled = all(choice_id in choices for choice_id in showing.get(item_id, ()))
        if settled:
            proved.append(Missed(kind, item_id, loc, why))
        else:
            unknown.append(Missed(kind, item_id, loc, "not decided"))
    return Coverage(counts, proved, unknown)


@dataclass
class Problem:
    kind: str  # "dead end", "loop with no way out"
    scene: str
    loc: Location
    values: dict[str, int | bool] | None  # None: its path was not played (no time left)
    path: Replayable

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "scene": self.scene,
            "file": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "values": self.values,
            "path": self.path.to_dict(),
        }


@dataclass
class ExhaustiveReport:
    story: Story
    proof: Proof
    coverage: Coverage
    endings: dict[str, Replayable]
    problems: list[Problem]
    max_states: int
    story_dir: str | None = None
    variants: VariantCoverage = field(default_factory=VariantCoverage)
    load_seconds: float | None = None  # of the time limit, when loading counted against it

    @property
    def ok(self) -> bool:
        return (
            not self.coverage.missed
            and not self.coverage.unknown
            and not self.problems
            and not self.proof.undecided
            and self.proof.complete
        )

    def to_dict(self) -> dict[str, object]:
        proof = self.proof
        return {
            "mode": "exhaustive",
            "ok": self.ok,
            "partial": not proof.complete,
            "timed_out": proof.timed_out,
            "time_limit": proof.time_limit,
            "load_seconds": self.load_seconds,
            "method": proof.method,
            "states": proof.states,
            "searches": proof.searches,
            "max_states": self.max_states,
            "bound_hit": proof.bound_hit,
            "proved": self.coverage.settled(),
            "unknown": [m.to_dict() for m in self.coverage.unknown],
            "coverage": self.coverage.to_dict(),
            "endings": {
                ending: {"title": _ending_title(self.story, ending)} | path.to_dict()
                for ending, path in self.endings.items()
            },
            "problems": [problem.to_dict() for problem in self.problems],
            "undecided": proof.undecided,
            "variants": self.variants.to_dict(),
        }

    def text(self) -> str:
        proof = self.proof
        if proof.method == "enumeration" and not proof.complete:
            head = f"{proof.states:,} distinct states found before the search stopped."
        elif proof.method == "enumeration":
            head = f"{proof.states:,} distinct states, every one enumerated."
        else:
            head = (
                f"too many states to enumerate; proved by abstraction refinement "
                f"({proof.searches} searches, {proof.states:,} abstract states)."
            )
        lines = [f"Exhaustive playtest of {self.story.title}: {head}"]
        if proof.timed_out:
            limit = "" if proof.time_limit is None else f" of {proof.time_limit:g} s"
            lines.append(
                f"Stopped at the time limit{limit}: this is a partial result. Raise "
                "--time-limit to settle the rest."
            )
            if self.load_seconds is not None:
                rest = (
                    "nothing was left to search with"
                    if proof.time_limit is not None and self.load_seconds >= proof.time_limit
                    else "the proof and the text variants had the rest"
                )
                lines.append(
                    f"Loading the story took {self.load_seconds:.1f} s of that limit (it "
                    f"cannot be stopped part way): {rest}."
                )
        if proof.bound_hit:
            lines.append(
                f"The bound of {self.max_states:,} states was hit: what is not settled below "
                "may still be reachable. Raise --max-states to be sure."
            )
        lines.append(self.coverage.text() + ".")
        if not proof.complete:
            lines += self._settled_lines()
        if self.endings:
            lines += ["", "Endings, each by its shortest path:"]
            for ending, path in self.endings.items():
                title = _ending_title(self.story, ending)
                lines.append(f"  {ending} ({title}): {choices_in(path.steps)} choices")
                lines.append(f"    {path.command(self.story_dir)}")
        if self.coverage.missed:
            lines += ["", "Never reached:" if proof.complete else "Proved unreachable:"]
            lines += [f"  {missed.line()}" for missed in self.coverage.missed]
        if self.coverage.unknown:
            shown = self.coverage.unknown[:UNKNOWN_SHOWN]
            lines += ["", "Not decided (not reached yet, not proved unreachable):"]
            lines += [f"  {missed.line()}" for missed in shown]
            if len(self.coverage.unknown) > len(shown):
                more = len(self.coverage.unknown) - len(shown)
                lines.append(f"  ... and {more:,} more (--format json lists them all)")
        if self.problems:
            lines += ["", "Problems, each with the shortest path that reaches it:"]
            for problem in self.problems:
                values = ", ".join(f"{k}={_show(v)}" for k, v in (problem.values or {}).items())
                lines.append(f"  {problem.loc}: {problem.kind} in scene {problem.scene}")
                if values:
                    lines.append(f"    with {values}")
                lines.append(f"    {problem.path.command(self.story_dir)}")
                if problem.path.seed is None and problem.path.numbers is not None:
                    lines.append("    (no seed draws these branches; the choices are: ")
                    lines.append("     " + " -> ".join(problem.path.choice_ids) + ")")
        if proof.undecided:
            lines += ["", "Not decided:"]
            lines += [f"  {target}: {why}" for target, why in proof.undecided.items()]
        lines += variant_lines(self.variants, exhaustive=True)
        lines.append("")
        if self.ok:
            lines.append(
                "Result: every scene, choice, note and ending is reachable; no dead ends, "
                "no loops without a way out."
            )
        elif not proof.complete:
            looked = (
                "dead ends were looked for only in the states searched, and loops with no "
                "way out not at all"
                if LOOPS in proof.undecided
                else "dead ends and loops were looked for only in the states searched"
            )
            lines.append(f"Result: INCOMPLETE. Only what is listed as proved is settled; {looked}.")
        else:
            lines.append("Result: FAILED.")
        return "\n".join(lines)

    def _settled_lines(self) -> list[str]:
        settled = self.coverage.settled()
        return [
            f"{label}: "
            + ", ".join(f"{kind} {counts[key]:,}" for kind, counts in settled.items())
            + "."
            for label, key in (
                ("Proved reachable", "reachable"),
                ("Proved unreachable", "unreachable"),
                ("Not decided", "unknown"),
            )
        ]


UNKNOWN_SHOWN = 20  # in text; JSON lists every one


# Seconds past the time limit the report may spend playing its endings' and problems'
# paths in the engine for the numbers to type; those it has not played by then are given
# with their choices only, and say so.
PLAYED_PAST_LIMIT = 0.5


def exhaustive_report(
    proof: Proof,
    max_states: int,
    story_dir: str | None = None,
    variants: VariantCoverage | None = None,
    deadline: Deadline | None = None,
) -> ExhaustiveReport:
    """The report of a proof; with the `deadline` the proof had, its paths are played
    until `PLAYED_PAST_LIMIT` seconds past it, not to the end of a story of any length."""
    story = proof.story
    cover = coverage_by_id(
        story,
        set(proof.scenes),
        set(proof.choices),
        exhaustive=proof.complete,
        unreachable=None if proof.complete else proof.unreachable,
    )
    # the endings' paths share their beginnings: played once each, not once per ending
    chains: dict[tuple[str, str], Chain] = {
        ("ending", scene_id): proof.scenes.chain(scene_id)
        for scene_id, scene in story.scenes.items()
        if scene.ending is not None and scene_id in proof.scenes
    }
    for kind, found in (
        ("dead end", proof.dead_ends),
        ("loop with no way out", proof.soft_locks),
    ):
        for scene_id, steps in found.items():
            chains[(kind, scene_id)] = chain_of(steps)
    made = replayables(
        story, chains, None if deadline is None else deadline.later(PLAYED_PAST_LIMIT).passed
    )
    endings = {name: path for (kind, name), path in made.items() if kind == "ending"}
    problems = [
        Problem(kind, scene_id, story.scenes[scene_id].loc, path.values, path)
        for (kind, scene_id), path in made.items()
        if kind != "ending"
    ]
    return ExhaustiveReport(story, proof, cover, endings, problems, max_states, story_dir,
                            variants or VariantCoverage())  # fmt: skip


@dataclass
class RandomReport:
    story: Story
    run: RandomRun
    coverage: Coverage
    extra: dict[str, object] = field(default_factory=dict)
    variants: VariantCoverage = field(default_factory=VariantCoverage)

    @property
    def ok(self) -> bool:
        return not self.coverage.missed and not self.run.dead_ends and not self.run.too_long

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": "random",
            "ok": self.ok,
            **self.run.summary(),
            "coverage": self.coverage.to_dict(),
            "variants": self.variants.to_dict(),
        }

    def text(self) -> str:
        summary = self.run.summary()
        lines = [
            f"{summary['runs']:,} random playthroughs of {self.story.title} "
            f"(seed {summary['seed']}), preferring the least-used choices.",
            "",
            "Endings:",
        ]
        total = max(1, summary["runs"])
        for ending, count in summary["endings"].items():
            title = _ending_title(self.story, ending)
            lines.append(f"  {count / total:6.1%}  {count:>7,}  {ending} ({title})")
        for label, spread in (("choices", summary["choices"]), ("words", summary["words"])):
            lines.append(
                f"Length in {label}: min {spread['min']:,}, median {spread['median']:,}, "
                f"mean {spread['mean']:,}, max {spread['max']:,}."
            )
        for scene, count in summary["dead_ends"].items():
            lines.append(f"Dead end: {count:,} runs stopped in {scene} with no open choice.")
        if summary["too_long"]:
            lines.append(f"{summary['too_long']:,} runs went round for too long and were stopped.")
        labels = {name: stat.label for name, stat in self.story.stats.items()}
        lines += spread_lines(labels, summary["stats_by_chapter"])
        lines += ["", self.coverage.text() + "."]
        if self.coverage.missed:
            lines += ["", "Never reached in these runs:"]
            lines += [f"  {missed.line()}" for missed in self.coverage.missed]
        lines += variant_lines(self.variants, exhaustive=False)
        lines.append("")
        lines.append("Result: everything was reached." if self.ok else "Result: FAILED.")
        return "\n".join(lines)


def random_report(
    run: RandomRun, machine: Machine, variants: VariantCoverage | None = None
) -> RandomReport:
    used = {i for i, count in enumerate(run.choice_uses) if count}
    cover = coverage(machine, run.scenes_seen, used, exhaustive=False)
    return RandomReport(machine.story, run, cover, variants=variants or VariantCoverage())


def variant_lines(variants: VariantCoverage, exhaustive: bool) -> list[str]:
    """The text variants' part of a report: a count, then the warnings a writer can act on
    (branches proved never to show), then the undecided ones, or in a random run the
    branches shown least."""
    if not variants.branches:
        return []
    lines = ["", variants.summary()]
    never = [b for b in variants.branches if b.status == UNREACHABLE]
    written = [b for b in never if b.written]
    if written:
        lines += ["", "Warning: text variants that can never show:"]
        lines += [f"  {branch.line()}" for branch in written]
    guards = [b for b in never if not b.written]
    if guards:
        lines += [
            "",
            "Inline ifs with no else whose condition always holds where they stand (a guard "
            "play never needs; nothing is lost):",
        ]
        lines += [f"  {branch.line()}" for branch in guards]
    unknown = [b for b in variants.branches if b.status == UNKNOWN]
    if unknown:
        heading = (
            "Text variants not decided (not shown in the playthroughs played, not proved "
            "impossible):"
            if exhaustive
            else "Text variants never shown in these runs (not proved impossible):"
        )
        lines += ["", heading]
        lines += [f"  {branch.line()}" for branch in unknown[:UNKNOWN_SHOWN]]
        if len(unknown) > UNKNOWN_SHOWN:
            more = len(unknown) - UNKNOWN_SHOWN
            lines.append(f"  ... and {more:,} more (--format json lists them all)")
    if not exhaustive:
        shown = sorted((b for b in variants.branches if b.shown), key=lambda b: b.shown)
        if shown:
            lines += ["", "Text variants shown least (times shown):"]
            lines += [f"  {b.shown:>7,}  {b.line()}" for b in shown[:UNKNOWN_SHOWN]]
    return lines


def _ending_title(story: Story, scene_id: str) -> str:
    ending = story.scenes[scene_id].ending
    assert ending is not None, f"{scene_id} is counted as an ending but is none"
    return ending.title


def _show(value: int | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
