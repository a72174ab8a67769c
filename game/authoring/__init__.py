"""The scene writer's toolkit: lint, playtest, story map, scaffolds and schema.

Everything here reads a loaded `Story` (or story files) and never imports textual.
"""
