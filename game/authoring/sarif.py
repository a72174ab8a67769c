"""Diagnostics as SARIF 2.1.0, the format editors and code-review tools read."""

from __future__ import annotations

from pathlib import Path

from game import __version__
from game.authoring.codes import CODES
from game.story.diagnostics import Diagnostic

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning"}


def to_sarif(diagnostics: list[Diagnostic]) -> dict[str, object]:
    used = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(used)}
    rules = []
    for code in used:
        known = CODES.get(code)
        rules.append(
            {
                "id": code,
                "shortDescription": {"text": known.meaning if known else code},
                "help": {"text": known.hint if known else ""},
                "defaultConfiguration": {"level": _LEVELS.get(known.severity, "note")}
                if known
                else {"level": "warning"},
            }
        )
    results = []
    for diagnostic in diagnostics:
        message = diagnostic.message
        if diagnostic.hint:
            message += f" (hint: {diagnostic.hint})"
        results.append(
            {
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index[diagnostic.code],
                "level": _LEVELS.get(diagnostic.severity, "note"),
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": Path(diagnostic.path).as_posix()},
                            "region": {
                                "startLine": max(1, diagnostic.line),
                                "startColumn": max(1, diagnostic.col),
                            },
                        }
                    }
                ],
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "deniable check",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
