"""Child process for the TUI benchmarks: start one app headless, report when it is drawn.

`python -m benchmarks._tui_probe bare` starts a bare Textual app (Header, Markdown,
OptionList, Footer); `... ours STORY SAVES` starts `deniable play` through the real
command line. Each prints one JSON line: the wall-clock time of the first frame (the
`Ready` event), of the first frame showing the story's framing on the title and of the
first showing the loaded story (ours only; the same as the first when the story was in
before it), and the peak memory.
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
    import gc

    gc.disable()  # as `deniable play` does before it imports the app (commands/play.py)
    import game.tui.app as tui_app

    class Probe(tui_app.DeniableApp):
        """Exits once a frame shows the story; records the first frame on the way."""

        ready_at: float | None = None
        framed_at: float | None = None
        shown_at: float | None = None

        def on_ready(self) -> None:
            self.ready_at = time.time()
            self.ready_peak = peak_kib()
            # No super().on_ready(): Textual calls DeniableApp's own handlers itself.
            self._maybe_done()

        def _display(self, screen, renderable) -> None:
            """Each frame the app draws (Textual's private `App._display`, pinned 8.2.x):
            the first with the story's framing on the title, the first with the story
            in the app. A frame drawn before Ready counts as drawn at Ready, the moment
            both apps' first frame is timed at."""
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return  # nothing drawn
            now = time.time()
            title = self.screen_stack[0] if self.screen_stack else None
            if self.framed_at is None and getattr(title, "framing", None) is not None:
                self.framed_at = now
            if self.shown_at is None and self.story is not None:
                self.shown_at = now
                self.call_later(self._maybe_done)

        def _maybe_done(self) -> None:
            if self.ready_at is not None and self.shown_at is not None:
                framed = self.framed_at if self.framed_at is not None else self.shown_at
                report(
                    ready=self.ready_at,
                    framed=max(framed, self.ready_at),
                    shown=max(self.shown_at, self.ready_at),
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
