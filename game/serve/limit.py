"""`python -m game.serve.limit BYTES PROGRAM [ARGS...]`: run PROGRAM with its memory capped.

The server starts each browser's game through this, so one tab cannot take the machine's
memory: past the cap the game's allocations fail (a MemoryError, then the game ends) while
the server and other games go on. Setting the limit here and then exec'ing, rather than in
a `preexec_fn`, is safe while the server has threads.
"""

from __future__ import annotations

import os
import sys


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (RLIMIT_AS) where the platform has one."""
    try:
        import resource
    except ImportError:  # not on Windows: the game runs uncapped there
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit():
        print("usage: python -m game.serve.limit BYTES PROGRAM [ARGS...]", file=sys.stderr)
        return 2
    limit_memory(int(argv[0]))
    os.execv(argv[1], argv[1:])
    return 0  # not reached: exec replaced this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
