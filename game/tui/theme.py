"""The game's own theme: muted paper and ink, a typed 1950s report with a red stamp."""

from __future__ import annotations

from textual.theme import Theme

PAPER = Theme(
    name="deniable-paper",
    primary="#7a2e22",  # the stamp: oxblood red
    secondary="#3d4f5c",  # slate ink
    accent="#8a6d3b",  # ochre, like an old folder
    warning="#9a6a1f",
    error="#8b1e1e",
    success="#4a5d3a",  # olive drab
    foreground="#2b2620",  # carbon ink
    background="#e8e0cc",  # aged paper
    surface="#efe8d6",
    panel="#d8ceb5",
    dark=False,
    variables={
        "footer-key-foreground": "#7a2e22",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#8a6d3b 35%",
    },
)

DEFAULT_THEME = PAPER.name
