"""Whether a screen's widgets are there to query.

A screen closed in the tick it opened in (popped at once, or pushed as the game quits) is
closed before it composes: Textual then mounts it with some or none of its widgets and still
sends it Mount, the Resize events queued for it and the answers of its workers. Each
screen's mount, resize and worker callbacks ask this first and do nothing on such a screen,
since no one will ever see it; a query there ended the game with a NoMatches traceback.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def composed(screen: Screen[Any]) -> bool:
    """False once the screen has left the stack or the app is leaving (`is_attached` is
    False from `App.exit` on): its widgets may never have been mounted."""
    return screen.is_attached and screen in screen.app.screen_stack
