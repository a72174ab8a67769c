"""Widgets of the game, one per file, each drawing author text without parsing markup."""
