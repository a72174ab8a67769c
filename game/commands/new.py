"""Scaffold a chapter or a scene that passes `deniable check` at once.

`deniable new chapter ID` writes NN-ID.yaml, with every field shown in comments, and
lists it in story.yaml; `deniable new scene CHAPTER ID` adds a scene (and its note) at
the end of that chapter's file. Comments and layout of the files are kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "scaffold a new chapter or scene (passes check at once)"


def add_arguments(parser) -> None:
    from game.commands.common import add_story_argument

    kinds = parser.add_subparsers(dest="kind", metavar="chapter|scene", required=True)
    chapter = kinds.add_parser("chapter", help="a new chapter file, listed in story.yaml")
    chapter.add_argument("id", help="the chapter id (letters, digits, '-' and '_')")
    chapter.add_argument("--title")
    chapter.add_argument("--place", help="a place id (default: the first in the table)")
    chapter.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD (default: the last's)")
    chapter.add_argument("--viewpoint", help="who the player is in this chapter")
    chapter.add_argument("--file", help="the file name (default: NN-ID.yaml)")
    add_story_argument(chapter)
    scene = kinds.add_parser("scene", help="a new scene at the end of a chapter")
    scene.add_argument("chapter", help="the chapter id")
    scene.add_argument("id", help="the scene id")
    scene.add_argument("--title")
    scene.add_argument("--goto", help="where its choice leads (default: the chapter's first)")
    add_story_argument(scene)


def run(args) -> int:
    from game.authoring.scaffold import ScaffoldError, new_chapter, new_scene
    from game.commands.common import story_dir

    root = story_dir(args.story)
    try:
        if args.kind == "chapter":
            options = {
                "title": args.title,
                "place": args.place,
                "date": args.date,
                "viewpoint": args.viewpoint,
                "file": args.file,
            }
            written = new_chapter(Path(root), args.id, options)
        else:
            options = {"title": args.title, "goto": args.goto}
            written = new_scene(Path(root), args.chapter, args.id, options)
    except ScaffoldError as exc:
        print(f"deniable new: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"deniable new: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    print(written.message)
    return 0
