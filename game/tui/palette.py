"""The command palette's source: the game's commands in the order the game lists them.

Textual's own provider sorts its commands by name on an empty query, which mixes the
theme in among the game's commands; this one keeps `DeniableApp.get_system_commands`'s
order (the game's commands first) and searches the same way.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hits
from textual.system_commands import SystemCommandsProvider


class GameCommands(SystemCommandsProvider):
    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)
