"""Small story folders for the toolkit's tests: a manifest and one chapter, written to disk."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from story_helpers import MINIMAL_MANIFEST

from game.authoring.progress import Deadline
from game.authoring.prove import prove
from game.authoring.variant_targets import exhaustive_variants
from game.story.loader import load_story
from game.story.model import Story

MANIFEST = """\
story:
  id: probe
  title: Probe
  format: 1
  start: one.start
  stats:
    nerve: {{label: Nerve, start: {nerve}, min: 0, max: 5}}
  flags:
    key: The key
  chapters: [one.yaml]
"""

HEADER = """\
chapter:
  id: one
  title: One
  place: somewhere
  date: 1950-04
  viewpoint: someone
"""

NOTES = """\
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
"""


RICH_MANIFEST = MANIFEST.replace(
    "  flags:\n    key: The key\n",
    "    trust: {{label: Trust, start: 3, min: -2, max: 4}}\n"
    "  flags:\n    key: The key\n    door: The door\n",
)


def write(
    folder: Path, scenes: str, nerve: int = 2, notes: str = NOTES, extra=None, rich=False
) -> Path:
    """A story whose chapter holds `scenes` (YAML under `scenes:`, dedented)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = RICH_MANIFEST if rich else MANIFEST
    (folder / "story.yaml").write_text(manifest.format(nerve=nerve))
    body = textwrap.indent(textwrap.dedent(scenes).strip("\n"), "  ")
    (folder / "one.yaml").write_text(HEADER + "scenes:\n" + body + "\n" + notes)
    for name, text in (extra or {}).items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def one_chapter_story(folder: Path, chapter: str) -> Story:
    """The tiny story's manifest with `chapter` (a whole chapter file) as one.yaml, loaded."""
    (folder / "story.yaml").write_text(MINIMAL_MANIFEST)
    (folder / "one.yaml").write_text(chapter)
    return load_story(folder)


def variant_verdicts(folder: Path, chapter: str) -> dict[tuple[str, str], tuple[str, str]]:
    """Each text-variant branch of that story as the exhaustive playtest judges it:
    (its source line, stripped; its label) -> (status, why)."""
    story = one_chapter_story(folder, chapter)
    lines = chapter.splitlines()
    return {
        (lines[branch.loc.line - 1].strip(), branch.label): (branch.status, branch.why)
        for branch in exhaustive_variants(story, prove(story, 100_000)).branches
    }


def choice(cid, goto, cond=None, effects=None, once=False, locked=None):
    lines = [f"  - id: {cid}", f"    text: Choose {cid}.", "    outcome: Done.", "    note: n"]
    lines.append(f"    goto: {goto}")
    if cond:
        lines.append(f'    if: "{cond}"')
    if locked:
        lines.append(f"    locked: {locked}")
    if effects:
        lines.append("    effects: {" + ", ".join(f"{k}: {v}" for k, v in effects.items()) + "}")
    if once:
        lines.append("    once: true")
    return "\n".join(lines)


def scene(sid, *choices, ending=None):
    if ending:
        return f"{sid}:\n  ending: {{title: {ending}, kind: historical, epilogue: Over.}}\n"
    body = "\n".join(textwrap.indent(c, "  ") for c in choices)
    return f"{sid}:\n  text: Scene {sid}.\n  choices:\n{body}\n"


CONDITIONS = [
    "nerve >= 3",
    "nerve < 2",
    "key",
    "not key",
    "nerve == 4 or key",
    "nerve > 1 and not key",
    "visited(s2)",
    "chosen(s1.c0)",
    "nerve * 2 > 5",
    "trust < 1",
    "trust >= nerve",
    "door and trust > 2",
    "not door or nerve == 0",
    "2 < nerve",
]
EFFECTS = [
    {"nerve": 1},
    {"nerve": -1},
    {"nerve": 2},
    {"key": "true"},
    {"key": "false"},
    {"nerve": '"= 1"'},
    {"nerve": '"+ nerve"'},
    {"trust": -2, "door": "true"},
    {"trust": 1},
    {"trust": '"= nerve - 3"'},
    {"door": "false", "nerve": -2},
]


def random_story(folder: Path, seed: int, scenes: int = 7) -> Path:
    """A random story: every scene can go on to the end, but conditions may close it off."""
    rng = random.Random(seed)
    parts = []
    for index in range(scenes):
        sid = "start" if index == 0 else f"s{index}"
        if index == scenes - 1:
            parts.append(scene(sid, ending="End"))
            continue
        options = []
        for number in range(rng.randint(1, 3)):
            if number == 0:
                target = f"s{index + 1}"
            else:
                pick = rng.randrange(scenes)
                target = "start" if pick == 0 else f"s{pick}"
            cond = rng.choice(CONDITIONS) if rng.random() < (0.3 if number == 0 else 0.6) else None
            effects = rng.choice(EFFECTS) if rng.random() < 0.6 else None
            once = rng.random() < 0.3
            options.append(choice(f"c{number}", target, cond, effects, once))
        parts.append(scene(sid, *options))
    return write(folder, "\n".join(parts), nerve=rng.randint(0, 5), rich=True)


class PassesAfter(Deadline):
    """A deadline that passes at its `calls`-th look at the clock: time-free in tests."""

    def __init__(self, calls: int) -> None:
        super().__init__(None)
        self.calls = calls

    def passed(self) -> bool:
        self.calls -= 1
        self.hit = self.hit or self.calls <= 0
        return self.hit
