"""The game as plain text on stdin/stdout: for screen readers, pipes and scripts."""
