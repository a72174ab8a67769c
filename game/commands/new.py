"""Scaffold a chapter or a scene that passes `deniable check` at once.

`deniable new chapter ID` writes NN-ID.yaml, with every field shown in comments, and
lists it in story.yaml; `deniable new scene CHAPTER ID` adds a scene (and its note) at
the end of that chapter's file. Comments and layout of the files are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "scaffold a new chapter or scene (passes check at once)"


def _add_folder_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--story",
        metavar="DIR",
        type=Path,
        default=None,
        help="your story folder (default: the current folder, when it holds story.yaml)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="chapter|scene", required=True)
    chapter = kinds.add_parser("chapter", help="a new chapter file, listed in story.yaml")
    chapter.add_argument("id", help="the chapter id (letters, digits, '-' and '_')")
    chapter.add_argument("--title")
    chapter.add_argument("--place", help="a place id (default: the first in the table)")
    chapter.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD (default: the last's)")
    chapter.add_argument("--viewpoint", help="who the player is in this chapter")
    chapter.add_argument("--file", help="the file name (default: NN-ID.yaml)")
    _add_folder_argument(chapter)
    scene = kinds.add_parser("scene", help="a new scene at the end of a chapter")
    scene.add_argument("chapter", help="the chapter id")
    scene.add_argument("id", help="the scene id")
    scene.add_argument("--title")
    scene.add_argument("--goto", help="where its choice leads (default: the chapter's first)")
    _add_folder_argument(scene)


def writers_folder(given: Path | None) -> tuple[Path | None, str]:
    """The story folder a scaffold may write into, or why there is none.

    Never the campaign shipped inside the installed package: a reinstall would leave the
    new file behind and the next upgrade would lose the writer's work. Without --story,
    the current folder is used when it holds a story.yaml.
    """
    from game.story.resources import inside_package

    if given is None:
        here = Path.cwd()
        if not (here / "story.yaml").is_file():
            return None, (
                "no story folder here: run it inside a folder that holds story.yaml, or "
                "give one with --story DIR (the campaign that ships with the game cannot "
                "be edited in place: copy it first, e.g. from a checkout's scenes/)"
            )
        given = here
    folder = given.parent if given.name == "story.yaml" else given
    if inside_package(folder):
        return None, (
            f"{folder} is the campaign installed with the game; a scaffold written there "
            "would be lost on the next install. Copy the folder somewhere of your own and "
            "give that with --story DIR"
        )
    if not (folder / "story.yaml").is_file():
        return None, f"{folder} holds no story.yaml: give a story folder with --story DIR"
    return folder, ""


def run(args: argparse.Namespace) -> int:
    from game.authoring.scaffold import ScaffoldError, new_chapter, new_scene

    root, why = writers_folder(args.story)
    if root is None:
        print(f"deniable new: {why}", file=sys.stderr)
        return 2
    try:
        if args.kind == "chapter":
            options = {
                "title": args.title,
                "place": args.place,
                "date": args.date,
                "viewpoint": args.viewpoint,
                "file": args.file,
            }
            written = new_chapter(root, args.id, options)
        else:
            options = {"title": args.title, "goto": args.goto}
            written = new_scene(root, args.chapter, args.id, options)
    except ScaffoldError as exc:
        print(f"deniable new: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"deniable new: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    print(written.message)
    return 0
