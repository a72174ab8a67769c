"""Print a shell completion script for every subcommand, option and folder argument.

Install it once, for example in bash:
    deniable completion bash > ~/.local/share/bash-completion/completions/deniable
in zsh (a folder on $fpath):
    deniable completion zsh > ~/.zfunc/_deniable
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

HELP = "print a shell completion script (bash, zsh or tcsh)"
SHELLS = ("bash", "zsh", "tcsh")

# Arguments that name a folder or a file; shtab's own markers for them.
FOLDER_OPTIONS = {"--story", "--saves"}
FOLDER_POSITIONALS = {"path"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    import shtab

    from game.cli import build_parser

    parser = build_parser()
    _mark_paths(parser, shtab)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


def _mark_paths(parser: argparse.ArgumentParser, shtab: ModuleType) -> None:
    """Tag folder arguments so the shell offers folders, and file arguments files."""
    for action in parser._actions:  # argparse has no public walk of its actions
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_paths(sub, shtab)
        elif FOLDER_OPTIONS.intersection(action.option_strings) or (
            not action.option_strings and action.dest in FOLDER_POSITIONALS
        ):
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]  # read by shtab
        elif any(option in ("-o", "--output", "--load") for option in action.option_strings):
            action.complete = shtab.FILE  # type: ignore[attr-defined]  # read by shtab
