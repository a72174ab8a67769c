"""`python -m game` runs the same front door as the `deniable` command."""

import sys

from game.cli import main

sys.exit(main())
