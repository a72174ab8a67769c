"""`make bench`: run every benchmark module's `rows()` and print and record one table.

Each module in this folder that defines `rows() -> list[BenchRow]` takes part. The table
goes to stdout and to docs/performance.md, which keeps the latest figures.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import pkgutil
import sys
import time
from pathlib import Path

import benchmarks
from benchmarks.table import machine, markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

HOW_TO_READ = """\
Each row is a median of repeated runs. Where a baseline is given it was measured in the
same run on the same machine, so the ratio is the figure to compare across machines; the
absolute times move with the hardware. "holds" says whether the target of the issue that
asked for it is met.

The baselines: a bare Textual app (Header, Markdown, OptionList, Footer) for time to first
frame and peak memory; PyYAML's CSafeLoader parse of the same files for loading; an empty
`python -c pass` for process start; a plain JSON dump and load of the same data for saves;
for `deniable serve`, a bare Textual app served by the same server, each game's resident
memory read from its own process; for the random playtest, the same least-used policy
played through the engine's own `available_options` and `choose`, which the playtest's
compiled machine replaces: the same number of playthroughs, run turn about with ours.

How the figures are taken: the TUI rows start each app in a fresh headless process,
alternating ours and the bare app; peak memory is that process's own high-water mark
(VmHWM), not counting the benchmark that started it. Key-press rows time a key to the
frame the app draws by itself to show its result (no forced redraw), in wall and in CPU
time, each beside a bare Textual app's screen switch pressed alternately with it in the
same run; their 90th-percentile rows divide by their own median. Load, save and playtest
rows take CPU time (saves the wall clock, as the disk's fsync is part of it), ours and
the baseline turn about. The load growth row divides the 10,000-scene load by the
1,000-scene load of branching stories (skips, `visited()` tests, once-only loops); the
parse's own growth beside it shows how much of that is the machine (memory and caches),
not the loader. The playtest growth rows run each size in a fresh process and read its
own CPU time and peak memory.
"""


def modules(only: list[str]) -> list[str]:
    names = [
        info.name
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if not info.name.startswith("_") and info.name not in ("table", "synthetic")
    ]
    return [name for name in sorted(names) if not only or name in only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("only", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--no-write", action="store_true", help="do not update the doc")
    args = parser.parse_args(argv)
    rows = []
    for name in modules(args.only):
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "rows"):
            continue
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows())
        print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
    header = f"Machine: {machine()}. Run: {datetime.date.today().isoformat()}."
    table = markdown(rows)
    print(header)
    print(table)
    if not args.no_write and not args.only:
        DOC.write_text(
            "# Performance\n\nRegenerate with `make bench`.\n\n"
            + HOW_TO_READ
            + "\n"
            + header
            + "\n\n"
            + table
            + "\n"
            + _sections_kept()
        )
    failing = [row for row in rows if row.holds is False]
    return 1 if failing else 0


def _sections_kept() -> str:
    """The document's own sections after the table (from its first `## ` heading on),
    written by hand (the test suite's timings, A/B runs), which a new run keeps."""
    if not DOC.exists():
        return ""
    text = DOC.read_text()
    at = text.find("\n## ")
    return text[at:] if at != -1 else ""


if __name__ == "__main__":
    sys.exit(main())
