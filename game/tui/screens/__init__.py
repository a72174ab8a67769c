"""Screens, one per file; each is imported when first shown, except the title."""
