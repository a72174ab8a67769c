"""Writes synthetic stories of any size, shaped like the campaign, for timings.

Two shapes: "chain" (every scene leads to the next, whatever is chosen) and "branching",
which adds what makes a playtest's work grow: a choice that skips a scene, so a later
`visited()` condition can go either way, and once-only choices that return to their own
scene, so whether they were taken is part of the state. Growth rows use "branching":
a table per scene per variable, or a path rebuilt from the start for every scene,
grows quadratically there, where a linear chain would hide it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SCENES_PER_CHAPTER = 50


SHAPES = ("chain", "branching")


def write_story(folder: Path, scenes: int, seed: int = 0, shape: str = "chain") -> Path:
    """A story of `scenes` scenes in chapters of 50: three choices each, conditions, effects.

    `shape="branching"` adds skips, `visited()` conditions and once-only loops (above).
    """
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")
    folder.mkdir(parents=True, exist_ok=True)
    chapters = max(1, scenes // SCENES_PER_CHAPTER)
    names = [f"c{index:04d}.yaml" for index in range(chapters)]
    manifest = [
        "story:",
        "  id: synthetic",
        f"  title: Synthetic story of {scenes} scenes",
        "  format: 1",
        "  start: c0000.s0000",
        "  stats:",
        "    nerve: {label: Nerve, start: 5, min: 0, max: 10}",
        "    trust: {label: Trust, start: 5, min: 0, max: 10}",
        "  flags:",
        "    heard: Heard",
        "  chapters:",
        *[f"    - {name}" for name in names],
    ]
    (folder / "story.yaml").write_text("\n".join(manifest) + "\n")
    for index, name in enumerate(names):
        chapter = f"c{index:04d}"
        last_chapter = index == chapters - 1
        lines = [
            "chapter:",
            f"  id: {chapter}",
            f"  title: Chapter {index}",
            "  place: nowhere",
            "  date: 1951-04",
            "  viewpoint: a pilot",
            "scenes:",
        ]
        per = SCENES_PER_CHAPTER if chapters > 1 else scenes
        for s in range(per):
            scene = f"s{s:04d}"
            if last_chapter and s == per - 1:
                lines += [
                    f"  {scene}:",
                    "    text: The end of it.",
                    "    ending: {title: End, kind: historical, epilogue: It ended.}",
                ]
                continue
            nxt = f"s{s + 1:04d}" if s + 1 < per else f"c{index + 1:04d}.s0000"
            lines += [
                f"  {scene}:",
                "    text: |",
                f"      Scene {s} of chapter {index}. Nerve is {{nerve}}. The runway is wet and",
                "      the mechanics have been up all night with the engines.",
                "    choices:",
                "      - id: steady",
                "        text: Hold steady.",
                "        historical: true",
                "        effects: {nerve: 1}",
                "        outcome: You hold.",
                f"        note: n{chapter}",
                f"        goto: {nxt}",
                "      - id: talk",
                "        text: Say something on the radio.",
                '        if: "nerve > 2 and not heard"',
                "        locked: You are too shaken.",
                "        effects: {trust: -1, heard: true}",
                "        outcome: Someone hears.",
                f"        note: n{chapter}",
                f"        goto: {nxt}",
                "      - id: wait",
                "        text: Wait.",
                '        if: "trust >= 3 or visited(s0000)"',
                "        outcome: You wait.",
                f"        note: n{chapter}",
                f"        goto: {nxt}",
            ]
            if shape == "branching":
                lines += _branching_choices(s, per, chapter)
        lines += [
            "notes:",
            f"  n{chapter}:",
            "    title: A note",
            "    kind: counterfactual",
            "    text: What might have been.",
            "    sources: [Synthetic]",
        ]
        (folder / name).write_text("\n".join(lines) + "\n")
    return folder


def _branching_choices(s: int, per: int, chapter: str) -> list[str]:
    """A skip over the next scene, a `visited()` test of a skippable one, a once-only loop."""
    lines: list[str] = []
    if s % 5 == 1 and s + 2 < per:
        lines += [
            "      - id: hurry",
            "        text: Hurry past.",
            "        outcome: You skip ahead.",
            f"        note: n{chapter}",
            f"        goto: s{s + 2:04d}",
        ]
    if s % 5 == 3:
        lines += [
            "      - id: recall",
            "        text: Remember the hangar.",
            f'        if: "visited(s{s - 1:04d}) and trust < 8"',
            "        effects: {trust: 1}",
            "        outcome: You remember.",
            f"        note: n{chapter}",
            f"        goto: s{s + 1:04d}",
        ]
    if s % 5 == 0 and s > 0:
        lines += [
            "      - id: look",
            "        text: Look around first.",
            "        once: true",
            "        effects: {nerve: -1}",
            "        outcome: You look.",
            f"        note: n{chapter}",
            f"        goto: s{s:04d}",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scenes", type=int, default=1000)
    parser.add_argument("--shape", choices=SHAPES, default="chain")
    args = parser.parse_args()
    write_story(args.folder, args.scenes, shape=args.shape)


if __name__ == "__main__":
    main()
