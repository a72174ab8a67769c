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
        exits), wait for it and its output, and kill it after `grace` seconds."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        await end_process(process, grace)
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


async def end_process(process: asyncio.subprocess.Process | None, grace: float = 5.0) -> None:
    """Wait for a tab's game to exit (it was told to quit), killing it after `grace` seconds.

    textual-serve does not wait, so a game could outlive the event loop that started it
    and Python would complain at exit that nothing reaped it.
    """
    if process is None or process.returncode is not None:
        if process is not None:
            await process.wait()
        return
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            if os.name == "posix":  # the game's own session: anything it started too
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        await process.wait()
