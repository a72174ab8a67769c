"""Deniable: a narrative game about the Soviet Union's covert part in the Korean War."""

__version__ = "0.1.0"
