"""The Textual app: screens and widgets that ask the engine and show its answers.

Nothing here holds rules. Import `game.tui.app` only where the terminal UI is wanted:
the story, engine and plain player never load textual.
"""
