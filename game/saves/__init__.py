"""Saved games as files: the format, the slot folder, atomic writes, verification.

No UI and no textual: what a save looks like on screen lives in game.presentation, and
the replay viewer is a screen of the TUI (game/tui/screens/replay.py).
"""
