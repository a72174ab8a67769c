"""Saved games: the file format, the slot folder, atomic writes, verification.

Only `replay_app` imports textual; everything else is importable by the plain player and
the command line without it. What a save looks like on screen lives in game.presentation.
"""
