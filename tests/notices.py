"""Every notice an app gives, kept as it is given, for the tests to read.

A toast leaves the screen when its timeout runs out on the wall clock, so reading the
toasts on show would make a slow run fail; the notices are recorded by wrapping
App.notify (Textual's public API) instead of reading Textual's private state.
"""

from __future__ import annotations

import sys
from weakref import WeakKeyDictionary

import pytest

_given: WeakKeyDictionary = WeakKeyDictionary()


def record(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record what every app notifies from now until the test ends (if textual is loaded)."""
    textual_app = sys.modules.get("textual.app")
    if textual_app is None:
        return
    notify = textual_app.App.notify

    def recording(app, message, *args, **kwargs):
        _given.setdefault(app, []).append(str(message))
        return notify(app, message, *args, **kwargs)

    monkeypatch.setattr(textual_app.App, "notify", recording)


def given(app) -> list[str]:
    """The messages `app` has notified, oldest first."""
    return list(_given.get(app, []))
