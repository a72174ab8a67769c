"""Child process for the TUI benchmarks: start one app headless, report when it is drawn.

`python -m benchmarks._tui_probe bare` starts a bare Textual app (Header, Markdown,
OptionList, Footer); `... ours STORY SAVES` starts `deniable play` through the real
command line. Each prints one JSON line: the wall-clock time of the first frame (the
`Ready` event), of the title showing its framing read from story.yaml and of the title
showing the loaded story (ours only), and the peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time

INTRO = """\
Korea, 1945 to 1960. The dates, places and outcomes of the war are fixed history.
What you decide, as one person in each chapter, shapes how close the secret comes
to breaking, and each note after a choice tells you what really happened.
"""
# Both apps draw at this size: with no size a headless app never draws a frame, so it
# never gets Ready.
SIZE = (80, 24)
MENU = ("New game", "Continue", "Load", "Replay a saved game", "Journal", "Help", "Quit")


def peak_kib() -> int:
    """This program's own peak resident memory.

    On Linux, VmHWM of the process's memory since `exec`: `ru_maxrss` also counts the
    parent's memory at the fork, so a benchmark run after a large in-process one (the
    10,000-scene story) read 242 MiB for every app, bare or not.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(**figures) -> None:
    print(json.dumps(figures), flush=True)


def bare_app():
    """The baseline app class: a title, the intro, a menu and a footer, as ours shows."""
    from textual.app import App
    from textual.widgets import Footer, Header, Markdown, OptionList

    class Bare(App):
        def compose(self):
            yield Header()
            yield Markdown(INTRO)
            yield OptionList(*MENU)
            yield Footer()

    return Bare


def run_bare() -> None:
    class Probe(bare_app()):
        def on_ready(self) -> None:
            now = time.time()
            report(ready=now, framed=now, shown=now, peak_kib=peak_kib())
            self.exit()

    Probe().run(headless=True, size=SIZE)


def run_ours(story: str, saves: str) -> int:
    import game.tui.app as tui_app

    class Probe(tui_app.DeniableApp):
        """Exits once the title shows the story; records the first frame on the way."""

        ready_at: float | None = None

        def on_ready(self) -> None:
            self.ready_at = time.time()
            self.ready_peak = peak_kib()
            # No super().on_ready(): Textual calls DeniableApp.on_ready itself, after this
            # one, and it starts the load. Calling it here too loaded the story twice, so
            # the row timing the title with the story counted two loads.
            self._maybe_done()

        def _framing_read(self, *args) -> None:
            super()._framing_read(*args)
            self.call_after_refresh(self._framed)

        def _framed(self) -> None:
            self.framed_at = time.time()

        def _story_loaded(self, *args) -> None:
            super()._story_loaded(*args)
            self.call_after_refresh(self._shown)

        def _shown(self) -> None:
            self.shown_at = time.time()
            self._maybe_done()

        def _maybe_done(self) -> None:
            if self.ready_at is not None and getattr(self, "shown_at", None) is not None:
                report(
                    ready=self.ready_at,
                    framed=getattr(self, "framed_at", self.shown_at),
                    shown=self.shown_at,
                    peak_kib=peak_kib(),
                    ready_peak_kib=self.ready_peak,
                )
                self.exit()

        def run(self, *args, **kwargs):
            return super().run(headless=True, size=SIZE)

    tui_app.DeniableApp = Probe
    import game.commands.play as play_command
    from game.cli import main

    # The probe's output is a pipe, but the app runs headless: no terminal is needed.
    play_command.terminal_missing = lambda: False

    return main(["play", "--story", story, "--saves", saves])


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        sys.exit(run_ours(sys.argv[2], sys.argv[3]))
