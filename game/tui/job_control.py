"""The job-control signals (ctrl+z's SIGTSTP, and SIGCONT) given back as the app closes.

Textual's Linux driver sets handlers for both as it is made, to suspend and resume the
terminal, and never takes them away. Closing the terminal window sends the game SIGHUP and
SIGCONT; when that came while the closed game still waited for a thread to end (a long
story still loading after ctrl+q), the SIGCONT handler started the driver again: a new
input thread reading a terminal that no longer existed, spinning at 100% CPU, which kept
the process from ever exiting. The app notes the handlers before it makes its driver
(`noted`) and puts them back as it unmounts (`give_back`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any

# Absent on Windows, where there is no job control to give back.
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTSTP", "SIGCONT") if hasattr(signal, name))


def noted() -> dict[int, Any]:
    """The handlers in place now, for `give_back`."""
    return {number: signal.getsignal(number) for number in SIGNALS}


def give_back(handlers: dict[int, Any]) -> None:
    """Put the noted handlers back (the default where none was set from Python). Only the
    main thread may set them; elsewhere (an app run in a thread) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number, handler in handlers.items():
        with contextlib.suppress(OSError, ValueError, TypeError):
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
