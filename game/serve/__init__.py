"""Serving the Textual game to web browsers through textual-serve.

Kept apart from `game/commands/serve.py` so the command stays a thin argparse layer
and the network checks can be tested without starting a server.
"""
