"""`deniable ARGS` as a real process, forked from one that has imported the game already.

The hostile-input tests run each command as its own process, under its own memory and
CPU limits, so that what a story or save does to the process cannot reach the suite. A
fresh interpreter spends most of such a run importing: some 0.2 s of CPU a command, a
few hundred times over. Here a server process (multiprocessing's forkserver) imports the
command line once, and each command is a fork of it: still a process of its own, with
its own limits, working folder, environment, standard streams and exit status, but
started without the imports. The entry point itself (`python -m game`) is run as a
fresh interpreter by tests/test_cli.py and the installed-wheel tests.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

# What the server imports before it forks: the front door, the commands these tests run
# and what each imports as it runs (`python -X importtime -m game COMMAND`).
PRELOAD = [
    "game.cli",
    *(f"game.commands.{name}" for name in ("check", "playtest", "play", "saves")),
    "game.story.loader",
    "game.authoring.lint",
    "game.authoring.census",
    "game.authoring.coverage",
    "game.authoring.json_text",
    "game.engine.session",
    "game.plain.player",
    "game.plain.saving",
]


class CommandTimedOut(Exception):
    """The command was still running at its wall-clock limit, and was killed."""


_context: multiprocessing.context.ForkServerContext | None = None


def _server() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def _run_command(
    argv: list[str],
    cwd: str,
    env: dict[str, str],
    stdin_path: str,
    out_path: str,
    err_path: str,
    limits: tuple[tuple[int, int], ...],
) -> None:
    """In the forked child: become the command's process, run it, exit with its status."""
    for which, limit in limits:
        resource.setrlimit(which, (limit, limit))
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path, flags in (
        (0, stdin_path, os.O_RDONLY),
        (1, out_path, os.O_WRONLY),
        (2, err_path, os.O_WRONLY),
    ):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    # Streams on the new descriptors, as a fresh interpreter would make them.
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    from game.cli import main

    code: int | str | None
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    except BaseException:  # a crash shows as it would from `python -m game`
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    if isinstance(code, str):
        print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code or 0)


def run(
    argv: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    input: str | None = None,
    timeout: float,
    limits: tuple[tuple[int, int], ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `deniable ARGV` in a forked process and return what subprocess.run would;
    raise CommandTimedOut past `timeout`."""
    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder)
        stdin_path = files / "stdin"
        stdin_path.write_text(input or "", encoding="utf-8")
        out_path, err_path = files / "stdout", files / "stderr"
        out_path.touch()
        err_path.touch()
        process = _server().Process(
            target=_run_command,
            args=(argv, str(cwd), env, str(stdin_path), str(out_path), str(err_path), limits),
        )
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise CommandTimedOut(f"deniable {' '.join(argv)} ran past {timeout} s")
        read = {"encoding": "utf-8", "errors": "replace"}
        return subprocess.CompletedProcess(
            argv,
            process.exitcode,  # as subprocess has it: -N for a signal
            out_path.read_text(**read),
            err_path.read_text(**read),
        )
