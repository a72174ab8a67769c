"""`deniable ARGS` run inside the test process, for tests that read what a command prints
and its exit code but need nothing of a real process (no signal, terminal, resource limit
or fresh interpreter): a new Python for each call cost about 0.2 s of CPU.

A test that does need a real process (a pipe or /dev/null as stdin, Ctrl-C, limits, a
clean sys.modules) runs `python -m game` itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from game.cli import main


@dataclass(frozen=True)
class Ran:
    """What a command gave back: read as a subprocess.CompletedProcess is read."""

    returncode: int
    stdout: str
    stderr: str


def deniable(*args: str | Path, input_text: str | None = None, cwd: Path | None = None) -> Ran:
    """Run the command line's main() on `args` with `input_text` as stdin (empty if None),
    in `cwd` if given, and return its exit code (argparse's exit included) and output."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(input_text or "")
    try:
        with contextlib.ExitStack() as stack:
            if cwd is not None:
                stack.enter_context(contextlib.chdir(cwd))
            stack.enter_context(contextlib.redirect_stdout(out))
            stack.enter_context(contextlib.redirect_stderr(err))
            try:
                code = main([os.fspath(arg) for arg in args])
            except SystemExit as exit:
                code = _exit_code(exit.code, err)
    finally:
        sys.stdin = saved_stdin
    return Ran(code, out.getvalue(), err.getvalue())


def _exit_code(code: object, err: io.StringIO) -> int:
    """The exit status a process would end with after `sys.exit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


def modules_loaded_by(statements: str, watched: tuple[str, ...]) -> list[str]:
    """Which of the `watched` modules, or modules inside them, a fresh interpreter holds
    after running `statements`: what a real start-up imports, with nothing this process
    imported before."""
    import json
    import subprocess

    code = (
        f"{statements}\n"
        "import json, sys\n"
        f"watched = {watched!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if any(m == w or"
        " m.startswith(w + '.') for w in watched))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded
