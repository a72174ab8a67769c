"""The linter: each warning on a story that shows it, and check's formats and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from authoring_stories import NOTES, choice, scene, write
from cli_helpers import deniable
from story_helpers import FEATURE_TOUR, ROOT

from game.authoring.codes import CODES
from game.authoring.lint import lint
from game.story.loader import load_story

CLEAN = scene("start", choice("go", "end", effects={"nerve": 1}, cond="nerve < 5")) + scene(
    "end", ending="Out"
)


def codes(folder) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in lint(load_story(folder))]


def only(found, code):
    return [message for c, message in found if c == code]


def test_a_story_that_uses_everything_it_declares_has_no_warnings(tmp_path):
    folder = write(
        tmp_path,
        scene(
            "start",
            choice("go", "end", effects={"nerve": 1, "key": "true"}),
            choice("peek", "end", cond="key and nerve > 2"),
        )
        + scene("end", ending="Out"),
    )
    assert codes(folder) == []


def test_unreachable_scene_and_unshown_note(tmp_path):
    folder = write(
        tmp_path,
        CLEAN + scene("attic", choice("down", "end")),
        notes=NOTES + "  spare: {title: S, kind: counterfactual, text: T., sources: [S]}\n",
    )
    found = codes(folder)
    assert only(found, "W001") == ["no goto leads to scene 'one.attic' from the start"]
    assert only(found, "W002") == ["no choice shows note 'spare'"]


def test_possible_dead_end_names_the_values_that_close_every_choice(tmp_path):
    folder = write(
        tmp_path,
        scene("start", choice("a", "end", cond="nerve >= 3"), choice("b", "end", cond="key"))
        + scene("end", ending="Out")
        + scene("side", choice("x", "end", effects={"nerve": 1, "key": "true"})),
    )
    (message,) = only(codes(folder), "W003")
    assert "scene 'one.start' may have no open choice" in message
    assert "key=false" in message
    assert re.search(r"nerve=[0-2]\b", message)


def test_once_only_choices_matter_only_in_scenes_the_story_comes_back_to(tmp_path):
    looping = write(
        tmp_path / "loop",
        scene("start", choice("look", "start", once=True), choice("go", "end", once=True))
        + scene("end", ending="Out"),
    )
    assert only(codes(looping), "W003")
    straight = write(
        tmp_path / "straight",
        scene("start", choice("go", "end", once=True)) + scene("end", ending="Out"),
    )
    assert not only(codes(straight), "W003")


def test_stats_and_flags_set_but_never_read_read_but_never_set_or_unused(tmp_path):
    set_only = write(
        tmp_path / "a",
        scene("start", choice("go", "end", effects={"nerve": 1})) + scene("end", ending="Out"),
    )
    found = codes(set_only)
    assert only(found, "W010") == [
        "stat 'nerve' is set here but no condition, effect or text reads it"
    ]
    assert only(found, "W012") == ["flag 'key' is declared but never set or read"]
    read_only = write(
        tmp_path / "b",
        scene("start", choice("go", "end", cond="key"), choice("onward", "end"))
        + scene("end", ending="Out"),
    )
    assert only(codes(read_only), "W011") == [
        "flag 'key' is read but no effect sets it: it is always false"
    ]


def test_constant_conditions(tmp_path):
    folder = write(
        tmp_path,
        scene(
            "start",
            choice("never", "end", cond="nerve > 7", effects={"nerve": 1}),
            choice("always", "end", cond="nerve >= 0 or key"),
            choice("here", "end", cond="visited(start)"),
            choice("maybe", "end", cond="nerve > 3", effects={"key": "true"}),
        )
        + scene("end", ending="Out"),
    )
    found = codes(folder)
    assert only(found, "W021") == ["choice 'never': 'if: nerve > 7' is always false"]
    assert sorted(only(found, "W020")) == [
        "choice 'always': 'if: nerve >= 0 or key' is always true",
        "choice 'here': 'if: visited(start)' is always true",
    ]


def test_braces_in_text_that_is_never_substituted(tmp_path):
    folder = write(
        tmp_path,
        scene("start", choice("go", "end", cond="nerve < 9", locked="Nerve {nerve} too low."))
        + scene("end", ending="Out"),
        notes="notes:\n  n: {title: 'N {nerve}', kind: counterfactual, text: T., sources: [S]}\n",
    )
    found = only(codes(folder), "W030")
    assert len(found) == 2
    assert any("the locked reason shows {nerve}" in message for message in found)


def test_citations(tmp_path):
    folder = write(
        tmp_path,
        CLEAN,
        notes="notes:\n  n: {title: N, kind: history, text: T., sources: [S]}\n"
        "facts:\n  lonely: {claim: C, date: 1950, source: S}\n",
    )
    found = codes(folder)
    assert only(found, "W040") == ["history note 'n' cites no fact"]
    assert only(found, "W041") == ["no note cites fact 'lonely'"]


def test_a_chapter_file_left_out_of_the_manifest(tmp_path):
    folder = write(
        tmp_path, CLEAN, extra={"02-draft.yaml": "chapter: {id: two}\n", "notes.yaml": "a: 1\n"}
    )
    assert only(codes(folder), "W050") == [
        "02-draft.yaml holds a chapter but story.yaml does not list it"
    ]


def test_check_text_format_has_codes_severities_and_hints(tmp_path):
    folder = write(tmp_path, CLEAN + scene("attic", choice("down", "end")))
    result = deniable("check", str(folder))
    assert result.returncode == 0
    assert re.search(r"one\.yaml:\d+:\d+: W001 warning no goto leads to scene", result.stdout)
    assert "    hint: add a goto to it, or delete it" in result.stdout
    assert re.search(r"no errors, \d+ warning\(s\)\.", result.stderr)
    strict = deniable("check", str(folder), "--strict")
    assert strict.returncode == 1


def test_load_errors_get_a_hint_even_when_the_loader_gave_none(make_story):
    broken = make_story({"one.yaml": "chapter: [\n"})
    report = json.loads(deniable("check", str(broken), "--format", "json").stdout)
    assert report["diagnostics"][0]["hint"]
    assert report["ok"] is False


SARIF_SHAPE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "level": {"enum": ["error", "warning", "note", "none"]},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_for_editors_and_code_review():
    result = deniable("check", str(FEATURE_TOUR), "--format", "sarif")
    assert result.returncode == 0
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SARIF_SHAPE)
    run = sarif["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert rules[first["ruleIndex"]] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("one.yaml")
    assert location["region"]["startLine"] > 0
    assert {r["level"] for r in run["results"]} == {"warning"}


def test_every_code_is_in_the_guide_and_every_code_there_exists():
    guide = (ROOT / "docs" / "writing-scenes.md").read_text()
    table = set(re.findall(r"^\| `([DW]\d{3})` \|", guide, re.MULTILINE))
    assert table == set(CODES)
    emitted = set()
    for path in (ROOT / "game").rglob("*.py"):
        emitted |= set(re.findall(r'"([DW]\d{3})"', path.read_text()))
    assert emitted <= set(CODES), emitted - set(CODES)


def test_the_campaign_has_no_lint_errors():
    # Writers may leave warnings while they work; what loads must lint without crashing.
    story = load_story(ROOT / "scenes")
    for diagnostic in lint(story):
        assert diagnostic.severity == "warning"
        assert Path(diagnostic.path).exists()


def test_the_campaign_rules_that_are_load_errors(tmp_path):
    # notes without sources, history notes citing unknown facts, unknown places
    folder = write(
        tmp_path,
        CLEAN,
        notes="notes:\n  n: {title: N, kind: history, text: T., sources: [], facts: [nope]}\n",
        extra={"places.yaml": "places:\n  here: {name: Here, lat: 1, lon: 2}\n"},
    )
    manifest = folder / "story.yaml"
    manifest.write_text(manifest.read_text() + "  places: places.yaml\n")
    result = deniable("check", str(folder), "--format", "json")
    found = {(d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("D012", "note 'n' needs at least one source") in found
    assert ("D026", "note 'n' cites an unknown fact 'nope'") in found
    assert ("D025", "unknown place 'somewhere'") in found
    assert result.returncode == 1
