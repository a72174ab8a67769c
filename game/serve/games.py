"""One browser tab's game: a `python -m game` process with a memory cap, its player's save
folder, and an ending that autosaves and is always waited for.

Built on textual-serve's AppService, which speaks the game's side of the protocol (the
packets Textual's web driver reads and writes on the process's stdin and stdout).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from game.serve.protocol import Size

SAVES_ENV = "DENIABLE_SAVES"  # game.saves.location.ENV_VAR; not imported: serve never loads saves
TAB_ENV = "DENIABLE_TAB"  # game.saves.tabs.ENV_VAR, likewise


def game_argv(story: Path | None = None) -> list[str]:
    """What each browser tab runs: this Python, `-m game`, and the story if any.

    `sys.executable` rather than `deniable` so the tab runs the same installation as the
    server, whether from a venv, a checkout or a wheel.
    """
    words = [sys.executable, "-m", "game"]
    if story is not None:
        words += ["--story", str(story.resolve())]
    return words


def capped(argv: list[str], memory_bytes: int | None) -> list[str]:
    """`argv` started through `game.serve.limit`, which caps its memory, when a cap is set."""
    if not memory_bytes:
        return list(argv)
    return [sys.executable, "-m", "game.serve.limit", str(memory_bytes), *argv]


# Seconds to let an ended game's last output reach its tab before giving up on it.
OUTPUT_GRACE = 1.0


class Game(AppService):
    """A tab's game process, started in a session of its own with its player's save folder.

    The server owns its games: on Ctrl+C, SIGTERM or a closed terminal it ends each one and
    waits for it. Left in the server's process group, the games would get the terminal's
    Ctrl+C too and race that orderly exit.
    """

    def __init__(
        self,
        argv: list[str],
        saves: Path,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        tab: str | None = None,
    ) -> None:
        async def close_tab() -> None:  # aiohttp's close says whether it closed; unused
            await close()

        super().__init__(
            " ".join(argv),  # only for textual-serve's log lines: the game is started from argv
            write_bytes=write_bytes,
            write_str=write_str,
            close=close_tab,
            download_manager=DownloadManager(),  # the game delivers no files
        )
        self.argv = argv
        self.saves = saves
        self.tab = tab  # checked by the server: the browser tab, for its own Continue
        self.last_input = time.monotonic()

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        return self._process

    def touched(self) -> None:
        """The player did something: the idle clock starts again."""
        self.last_input = time.monotonic()

    def idle_for(self) -> float:
        return time.monotonic() - self.last_input

    # textual-serve 1.1's private hook (hence the pin in pyproject.toml): start the game
    # from an argument list, in its own session, with the player's save folder.
    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        environment[SAVES_ENV] = str(self.saves)
        environment.pop(TAB_ENV, None)
        if self.tab:
            environment[TAB_ENV] = self.tab
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=os.name == "posix",
        )
        self._stdin = process.stdin
        return process

    async def begin(self, size: Size) -> None:
        await self.start(size.width, size.height)

    async def end(self, grace: float = 5.0) -> None:
        """Ask the game to quit the way `kill` does (SIGTERM: the game autosaves, then
        exits), wait for it and its output, and kill it after `grace` seconds.

        A tab that stops reading (a browser gone without closing its socket, a giant
        frame in flight) left textual-serve's relay of the game's output waiting on the
        socket: the game blocked writing to its full pipe, where it cannot hear SIGTERM,
        and once killed it was never reaped, since asyncio wakes `wait()` only when the
        game's pipes are read to their end. The tab's handler never returned and
        `deniable serve` ignored Ctrl+C until aiohttp's shutdown timeout. So the relay is
        given `OUTPUT_GRACE` seconds once the game has ended, then dropped (what the game
        wrote last is for a tab that is closing), and the pipes are read to their end.
        """
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        await exit_or_kill(process, grace)
        task, self._task = self._task, None
        if task is not None:
            done, _ = await asyncio.wait({task}, timeout=OUTPUT_GRACE)
            if not done:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if process is not None:
            await reap_process(process)


async def end_process(process: asyncio.subprocess.Process | None, grace: float = 5.0) -> None:
    """Wait for a tab's game to exit (it was told to quit), killing it after `grace` seconds.

    textual-serve does not wait, so a game could outlive the event loop that started it
    and Python would complain at exit that nothing reaped it.
    """
    await exit_or_kill(process, grace)
    if process is not None:
        await reap_process(process)


async def exit_or_kill(process: asyncio.subprocess.Process | None, grace: float) -> None:
    """Wait up to `grace` seconds for the game to exit, then kill it and what it started.

    Its exit, not wait(): asyncio's wait() also waits for the game's pipes to be read to
    their end, which the relay of its output may not be doing (`reap_process` does).
    """
    if process is None or process.returncode is not None:
        return
    deadline = time.monotonic() + grace
    while process.returncode is None and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            if os.name == "posix":  # the game's own session: anything it started too
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()


async def reap_process(process: asyncio.subprocess.Process) -> None:
    """Read what is left in a game's pipes (what it wrote before it died, no more than a
    pipe holds) so they close, then wait for it."""
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                while await stream.read(65536):
                    pass
    await process.wait()
