"""Print the JSON Schemas of the story files, for editors running yaml-language-server.

Put a modeline at the top of a YAML file and the editor completes and checks it:
`# yaml-language-server: $schema=../docs/chapter.schema.json`. With --out-dir the four
schemas (story, chapter, facts, places) are written as KIND.schema.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "print the JSON Schema of story files (for yaml-language-server)"
KINDS = ["chapter", "story", "facts", "places"]


def add_arguments(parser) -> None:
    parser.add_argument(
        "kind", nargs="?", choices=KINDS, default="chapter", help="which file (default chapter)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")
    parser.add_argument(
        "--out-dir", metavar="DIR", type=Path, help="write every schema as DIR/KIND.schema.json"
    )


def run(args) -> int:
    from game.authoring.schema import render

    try:
        if args.out_dir is not None:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            for kind in KINDS:
                path = args.out_dir / f"{kind}.schema.json"
                path.write_text(render(kind), encoding="utf-8")
                print(f"Wrote {path}.", file=sys.stderr)
            return 0
        if args.output is not None:
            args.output.write_text(render(args.kind), encoding="utf-8")
            print(f"Wrote {args.output}.", file=sys.stderr)
            return 0
    except OSError as exc:
        print(f"Cannot write: {exc.strerror or exc} ({exc.filename})", file=sys.stderr)
        return 1
    sys.stdout.write(render(args.kind))
    return 0
