"""Saved games: the file format, the slot folder, replay, transcripts and the replay viewer.

Only `replay_app` imports textual; everything else is importable by the plain player and
the command line without it.
"""
