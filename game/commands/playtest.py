"""Prove by play what a story can reach: every scene, choice, note and ending.

Without --random, a breadth-first search over every distinct game state reports what
is unreachable, dead ends and loops with no way out, each with the shortest path to
it as a line to paste into a shell. With --random N, N seeded playthroughs that prefer
the least-used choices report the endings' distribution and the playthroughs' length.
Exit 1 when anything is unreachable or play can get stuck, or when the time limit stops
the proof before everything is settled (the report then says what is proved reachable,
what is proved unreachable and what is not yet known); 2 when the story does not load.
On a terminal, progress is shown on stderr while it works.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.visible import visible_lines

if TYPE_CHECKING:
    from collections.abc import Callable

    from game.authoring.coverage import ExhaustiveReport, RandomReport
    from game.authoring.paths import Replayable
    from game.authoring.progress import Deadline
    from game.story.model import Story

HELP = "prove which scenes, choices and endings play can reach (exit 1 if not all)"
# game.authoring.explore.DEFAULT_MAX_STATES, written out so that parsing the command line
# (which every `deniable`, the TUI included, does first) imports no story code; a test
# keeps the two equal.
DEFAULT_MAX_STATES = 2_000_000
DEFAULT_TIME_LIMIT = 60.0
# The report of a partial proof lists every scene, choice and note not settled, which
# cannot stop part way: 2.5-3.5 s for the 230,000 of a 50,000-scene story (load 2.5). The
# proof and the text-variant pass stop this much per item sooner, so that the whole run
# ends near the limit.
REPORT_SECONDS_PER_ITEM = 10e-6


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument(
        "path", nargs="?", default=None, help="story folder (default: the campaign)"
    )
    add_story_argument(parser)
    parser.add_argument(
        "--max-states",
        type=int,
        default=DEFAULT_MAX_STATES,
        metavar="N",
        help=f"stop each search after N distinct states (default {DEFAULT_MAX_STATES:,})",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"give a partial proof after SECONDS, loading included "
        f"(default {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--random", type=int, metavar="N", help="N random playthroughs instead of the search"
    )
    parser.add_argument("--seed", type=int, default=0, help="the seed of --random (default 0)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--save-paths",
        metavar="DIR",
        type=Path,
        help="also save the path to every ending and problem in DIR (play --load FILE)",
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.collector import settling

    with settling() as settle:
        code = _run(args, settle)
    if _whole_process():
        # Everything is written: end here, without freeing a heap of millions of objects
        # one by one (1.2 s at the exit of a 50,000-scene proof), as mypy does.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _whole_process() -> bool:
    """True when this process is `deniable` (or `python -m game`) run from a shell, so
    nothing runs after the command; False inside anything else (a test calling main())."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None:
        return bool(spec.name == "game.__main__")
    return Path(getattr(main, "__file__", None) or "").name == "deniable"


def _run(args: argparse.Namespace, settle: Callable[[], None]) -> int:
    from game.authoring.progress import Deadline, Progress
    from game.commands.common import print_load_errors, story_dir
    from game.engine.collector import collector_paused
    from game.story.loader import check_story

    folder = args.story or (Path(args.path) if args.path else None)
    if args.max_states < 1 or (args.random is not None and args.random < 1):
        print("--max-states and --random take a positive number.", file=sys.stderr)
        return 2
    if not args.time_limit > 0:
        print("--time-limit takes a positive number of seconds.", file=sys.stderr)
        return 2
    progress = Progress(enabled=False) if args.format == "json" else Progress()
    # The time limit counts from here: loading is part of the wait, though it cannot be
    # stopped part way (the proof gets what is left, or nothing).
    deadline = Deadline(args.time_limit)
    with progress.stage("loading the story"):
        story, diagnostics = check_story(story_dir(folder))
    load_seconds = deadline.elapsed()
    if story is None:
        print_load_errors(diagnostics)
        return 2
    settle()  # the story lives to the end: no collection need scan it again
    shown_dir = str(folder) if folder is not None else None
    report: RandomReport | ExhaustiveReport
    exhaustive: ExhaustiveReport | None = None
    if args.random is not None:
        from game.authoring.coverage import random_report
        from game.authoring.variant_targets import random_variants

        result, machine, variants = random_variants(story, args.random, args.seed, progress)
        report = random_report(result, machine, variants)
    else:
        from game.authoring.coverage import exhaustive_report
        from game.authoring.prove import prove
        from game.authoring.variant_targets import exhaustive_variants, prose_sites

        # found before the proof, which may run to the limit: past it, they would be
        # found for the report all the same
        sites = prose_sites(story)
        items = len(story.scenes) + len(story.choices) + len(story.notes)
        work = deadline.later(-REPORT_SECONDS_PER_ITEM * items)  # time left for the report
        proof = prove(story, args.max_states, progress=progress, deadline=work)
        proof.time_limit = deadline.seconds  # the limit asked for
        settle()  # and so does the proof
        progress.show("playing for the text variants", force=True)
        variants = exhaustive_variants(story, proof, deadline=work, progress=progress, sites=sites)
        progress.show("writing the report", force=True)
        with collector_paused():
            report = exhaustive = exhaustive_report(
                proof, args.max_states, shown_dir, variants, work
            )
        exhaustive.load_seconds = load_seconds
    progress.done()
    saved: dict[tuple[str, str], Path] | None = {}
    unsaved: list[tuple[str, str]] = []
    if args.save_paths is not None and exhaustive is not None:
        wanted = _wanted_saves(exhaustive)
        saved = _save(story, wanted, args.save_paths, deadline)
        if saved is None:
            return 2
        unsaved = [key for key in wanted if key not in saved]
    # what is left holds no cycles: a collection now only walks the proof's heap (listing
    # a partial 50,000-scene report's 110,000 undecided items: 1.5 s with it, 0.4 s without)
    with collector_paused():
        _print(report, args.format, saved, unsaved)
    if args.format != "json" and saved:
        print()
        print(f"Saved in {args.save_paths} (deniable play --plain --load FILE):")
        for (kind, target), path in saved.items():
            print(f"  {kind} {target}: {path}")
    if args.format != "json" and unsaved:
        print()
        print(f"Not saved, the time limit passed first ({len(unsaved)}):")
        for kind, target in unsaved:
            print(f"  {kind} {target}")
    return 0 if report.ok else 1


def _print(
    report: RandomReport | ExhaustiveReport,
    format_name: str,
    saved: dict[tuple[str, str], Path] | None,
    unsaved: list[tuple[str, str]],
) -> None:
    from game.authoring.json_text import dumps

    if format_name == "json":
        data = report.to_dict()
        if saved:
            data["saves"] = {
                f"{kind} {target}": str(path) for (kind, target), path in saved.items()
            }
        if unsaved:
            data["not_saved"] = [f"{kind} {target}" for kind, target in unsaved]
        print(dumps(data))
    else:
        print(visible_lines(report.text()))


def _wanted_saves(report: ExhaustiveReport) -> dict[tuple[str, str], Replayable]:
    """The path to every ending and every problem, in the report's order."""
    paths = {("ending", ending): path for ending, path in report.endings.items()}
    for problem in report.problems:
        paths[(problem.kind, problem.scene)] = problem.path
    return paths


def _save(
    story: Story, paths: dict[tuple[str, str], Replayable], folder: Path, deadline: Deadline
) -> dict[tuple[str, str], Path] | None:
    from game.authoring.savepaths import write_saves
    from game.saves.store import SaveError

    try:
        return write_saves(story, paths, folder, stop=deadline.passed)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return None
