"""Print the JSON Schemas of the story files, for editors running yaml-language-server.

Put a modeline at the top of a YAML file and the editor completes and checks it:
`# yaml-language-server: $schema=schemas/chapter.schema.json`. `--write DIR` puts the
four schemas (story, chapter, facts, places) in DIR/schemas/, beside a story's files,
and names the files that still lack a modeline; `--out-dir DIR` writes them anywhere.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

HELP = "print the JSON Schema of story files (for yaml-language-server)"
KINDS = ["chapter", "story", "facts", "places"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind", nargs="?", choices=KINDS, default="chapter", help="which file (default chapter)"
    )
    from game.commands.common import add_output_arguments

    add_output_arguments(parser)
    parser.add_argument(
        "--out-dir", metavar="DIR", type=Path, help="write every schema as DIR/KIND.schema.json"
    )
    parser.add_argument(
        "--write",
        metavar="STORY_DIR",
        type=Path,
        help="put every schema in STORY_DIR/schemas/, where the story's modelines find them",
    )


def run(args: argparse.Namespace) -> int:
    from game.authoring.schema import render
    from game.commands.common import refused, write_output

    try:
        if args.write is not None:
            return write_beside(args.write)
        if args.out_dir is not None:
            paths = {kind: args.out_dir / f"{kind}.schema.json" for kind in KINDS}
            problems = [p for p in map(partial(refused, force=args.force), paths.values()) if p]
            if problems:  # all or none: never half the schemas replaced
                print("\n".join(problems), file=sys.stderr)
                return 1
            args.out_dir.mkdir(parents=True, exist_ok=True)
            for kind, path in paths.items():
                if not write_output(path, render(kind), args.force):
                    return 1
                print(f"Wrote {path}.", file=sys.stderr)
            return 0
        if args.output is not None:
            if not write_output(args.output, render(args.kind), args.force):
                return 1
            print(f"Wrote {args.output}.", file=sys.stderr)
            return 0
    except OSError as exc:
        print(f"Cannot write: {exc.strerror or exc} ({exc.filename})", file=sys.stderr)
        return 1
    sys.stdout.write(render(args.kind))
    return 0


def write_beside(folder: Path) -> int:
    """Schemas into STORY/schemas/, and the modeline each story file without one needs."""
    from game.authoring.schema import kind_of
    from game.authoring.schema_files import has_modeline, modeline, write_schemas
    from game.story.diagnostics import Diagnostics
    from game.story.yamlfile import load_file

    if not (folder / "story.yaml").is_file():
        print(
            f"deniable schema: {folder} holds no story.yaml; give a story folder", file=sys.stderr
        )
        return 2
    written = write_schemas(folder)
    print(f"Wrote {len(written)} schema file(s) in {folder / 'schemas'}.", file=sys.stderr)
    for path in sorted(folder.glob("*.y*ml")):
        if not path.is_file() or has_modeline(path):
            continue
        kind = kind_of(load_file(path, str(path), Diagnostics()))
        if kind is not None:
            print(f"{path}: add as its first line: {modeline(kind)}")
    return 0
