"""The checker's code table, as the writer's toolkit reads it: SARIF's rules, `check`'s hints.

The codes and the problems filed under them live with the loader, in
`game.story.codes`; this is a view of them for the authoring tools.
"""

from __future__ import annotations

from game.story.codes import CODES, Code, hint_for

__all__ = ["CODES", "Code", "hint_for"]
