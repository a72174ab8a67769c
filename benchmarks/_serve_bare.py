"""The baseline for the serve benchmark: a bare Textual app, served as our games are.

`python -m benchmarks._serve_bare serve PORT SAVES` serves it with `deniable serve`'s own
server; each tab then runs `python -m benchmarks._serve_bare app` (the same Header,
Markdown, OptionList and Footer as the TUI benchmarks' bare app) under textual-serve's
web driver, with the same memory cap.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks._tui_probe import bare_app


def run_app() -> None:
    bare_app()().run()


def serve(port: int, saves: Path) -> None:
    from game.serve.server import GameServer, Limits

    argv = [sys.executable, "-m", "benchmarks._serve_bare", "app"]
    limits = Limits(max_games=4, idle_seconds=600, memory_bytes=1024 * 1024 * 1024)
    GameServer(argv, "127.0.0.1", port, saves, limits).serve()


if __name__ == "__main__":
    if sys.argv[1] == "app":
        run_app()
    else:
        serve(int(sys.argv[2]), Path(sys.argv[3]))
