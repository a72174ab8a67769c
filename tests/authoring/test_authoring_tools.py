"""The story map, the schemas, the scaffolds and the census, as a writer would use them."""

from __future__ import annotations

import json
import re
import shutil

import jsonschema
import pytest
from authoring_stories import choice, scene, write
from cli_helpers import deniable
from story_helpers import CAMPAIGN, FEATURE_TOUR, ROOT

from game.authoring.census import census, words
from game.authoring.schema import kind_of, render, schemas
from game.authoring.storymap import to_dot, to_mermaid
from game.story.diagnostics import Diagnostics
from game.story.loader import check_story, load_story
from game.story.yamlfile import load_file


@pytest.fixture
def tour_copy(tmp_path):
    folder = tmp_path / "tour"
    shutil.copytree(FEATURE_TOUR, folder)
    return folder


# ------------------------------------------------------------------------ the map


def test_mermaid_map_has_chapters_scenes_choices_conditions_and_endings(tour):
    text = to_mermaid(tour)
    assert text.startswith("flowchart TD\n")
    assert text.count("subgraph ") == len(tour.chapters) and '"1. The Airfield"' in text
    declared = set(re.findall(r"^\s+(n\d+)[\[(]", text, re.MULTILINE))
    assert len(declared) == len(tour.scenes)
    edges = re.findall(r"^\s+(n\d+) (-->|==>|-\.->)\|\"([^\"]*)\"\| (n\d+)$", text, re.MULTILINE)
    assert len(edges) == sum(max(1, len(c.branches)) for c in tour.choices.values())
    assert {source for source, *_ in edges} | {target for *_, target in edges} <= declared
    labels = [label for _, _, label, _ in edges]
    assert "Refuse the uniform.<br/>if secrecy #gt;= 9" in labels
    assert any(arrow == "==>" and label == "Put on the uniform." for _, arrow, label, _ in edges)
    assert '(["end-history<br/>THE END: As It Was (historical)"])' in text


def test_one_chapter_with_its_neighbours(tour):
    text = to_mermaid(tour, "two")
    assert "1. The Airfield" not in text
    assert '["airfield.hangar"]' in text  # where the chapter is entered from, for context
    assert "Briefing" not in text  # the scene of chapter one that leads nowhere near


def test_dot_map_quotes_what_writers_type(tmp_path):
    folder = write(
        tmp_path,
        scene("start", choice("go", "end", cond="nerve < 5", effects={"nerve": 1}))
        + scene("end", ending="Out"),
    )
    text = (folder / "one.yaml").read_text().replace("Choose go.", 'Say "no" \\ leave.')
    (folder / "one.yaml").write_text(text)
    story = load_story(folder)
    dot = to_dot(story)
    assert dot.startswith("digraph story {") and dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    assert 'label="Say \\"no\\" \\\\ leave.\\nif nerve < 5"' in dot
    assert "subgraph cluster_1" in dot and "shape=doubleoctagon" in dot


def test_graph_command_writes_markdown_with_a_fence(tmp_path):
    out = tmp_path / "map.md"
    result = deniable("graph", str(FEATURE_TOUR), "-o", str(out))
    assert result.returncode == 0
    assert out.read_text().startswith("```mermaid\nflowchart TD")
    bad = deniable("graph", str(FEATURE_TOUR), "--chapter", "nope")
    assert bad.returncode == 2 and "the chapters are: airfield, two" in bad.stderr


# ----------------------------------------------------------------------- schemas


def _campaign_files():
    answers_back = ROOT / "tests" / "stories" / "answers-back"  # prose in its list form
    stories = (CAMPAIGN, FEATURE_TOUR, answers_back)
    return [path for folder in stories for path in sorted(folder.glob("*.yaml"))]


@pytest.mark.parametrize("path", _campaign_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_story_file_validates_against_its_schema(path):
    diagnostics = Diagnostics()
    document = load_file(path, str(path), diagnostics)
    assert document is not None, diagnostics.items
    kind = kind_of(document)
    schema = json.loads((CAMPAIGN / "schemas" / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: e.path
    )
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_schemas_beside_the_campaign_are_the_ones_the_command_prints():
    for kind in schemas():
        assert (CAMPAIGN / "schemas" / f"{kind}.schema.json").read_text() == render(kind)
    assert json.loads(deniable("schema").stdout)["title"] == "Deniable chapter file"


@pytest.mark.parametrize("path", sorted(CAMPAIGN.glob("*.yaml")), ids=lambda path: path.name)
def test_every_campaign_file_points_at_its_schema_beside_it(path):
    document = load_file(path, str(path), Diagnostics())
    kind = kind_of(document)
    first_lines = path.read_text().splitlines()[:3]
    assert f"# yaml-language-server: $schema=schemas/{kind}.schema.json" in first_lines
    assert (path.parent / "schemas" / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda d: d["scenes"]["patrol"].update(titel="x"), "Additional properties"),
        (lambda d: d["scenes"]["patrol"]["choices"][0].pop("note"), "'note' is a required"),
        (lambda d: d["scenes"]["patrol"]["choices"][0].update(random=[]), "not valid under any"),
        (lambda d: d["scenes"]["end-history"]["ending"].update(kind="happy"), "is not one of"),
        (lambda d: d["scenes"]["patrol"]["choices"][0].update(locked="no"), "dependency"),
        (lambda d: d["chapter"].update(date="1951-13"), "is not valid under any"),
    ],
)
def test_the_schema_catches_what_a_writer_gets_wrong(change, complaint):
    document = load_file(FEATURE_TOUR / "two.yaml", "two.yaml", Diagnostics())
    change(document)
    errors = list(jsonschema.Draft202012Validator(schemas()["chapter"]).iter_errors(document))
    assert errors and any(complaint in e.message for e in errors), [e.message for e in errors]


# --------------------------------------------------------------------- scaffolds


def test_new_chapter_passes_check_at_once_and_is_in_the_manifest(tour_copy):
    result = deniable("new", "chapter", "debrief", "--story", str(tour_copy), "--title", "A: B")
    assert result.returncode == 0, result.stderr
    path = tour_copy / "03-debrief.yaml"
    text = path.read_text()
    for field_name in ("if:", "locked:", "once:", "effects:", "random:", "historical:", "key:"):
        assert field_name in text  # shown, commented out
    assert text.startswith("# yaml-language-server: $schema=schemas/chapter.schema.json\n")
    assert (tour_copy / "schemas" / "chapter.schema.json").read_text() == render("chapter")
    assert "03-debrief.yaml" in (tour_copy / "story.yaml").read_text()
    story, diagnostics = check_story(tour_copy)
    assert story is not None and "debrief" in story.chapter_index
    assert story.chapter_index["debrief"].title == "A: B"
    assert not [d for d in diagnostics if d.severity == "error"]
    assert deniable("check", str(tour_copy)).returncode == 0
    again = deniable("new", "chapter", "debrief", "--story", str(tour_copy))
    assert again.returncode == 1 and "already a chapter 'debrief'" in again.stderr


def test_new_chapter_in_a_block_list_keeps_the_manifest_comments(tmp_path):
    folder = write(tmp_path, scene("start", choice("go", "end")) + scene("end", ending="Out"))
    manifest = folder / "story.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "  chapters: [one.yaml]\n", "  # the chapters\n  chapters:\n    - one.yaml  # first\n"
        )
    )
    assert deniable("new", "chapter", "two", "--story", str(folder)).returncode == 0
    text = manifest.read_text()
    assert "    - one.yaml  # first\n    - 02-two.yaml\n" in text
    assert "# the chapters" in text
    assert [c.id for c in load_story(folder).chapters] == ["one", "two"]


def test_new_scene_is_added_with_its_note_and_passes_check(tour_copy):
    before = (tour_copy / "two.yaml").read_text()
    result = deniable("new", "scene", "two", "radio-room", "--story", str(tour_copy))
    assert result.returncode == 0, result.stderr
    after = (tour_copy / "two.yaml").read_text()
    assert after.startswith(before.split("\nnotes:")[0])  # earlier scenes untouched
    story = load_story(tour_copy)
    added = story.scenes["two.radio-room"]
    assert added.choices[0].goto == "two.patrol"
    assert story.notes[added.choices[0].note].chapter == "two"
    assert deniable("check", str(tour_copy)).returncode == 0


def test_new_scene_refuses_what_would_break_the_story(tour_copy):
    before = (tour_copy / "two.yaml").read_text()
    for args, complaint in (
        (("two", "patrol"), "already has a scene 'patrol'"),
        (("nine", "x"), "no chapter 'nine'"),
        (("two", "bad id"), "is not valid"),
        (("two", "radio\n"), "is not valid"),  # `$` matches before a final newline
        (("two", "x", "--goto", "nowhere"), "names no scene"),
    ):
        result = deniable("new", "scene", *args, "--story", str(tour_copy))
        assert result.returncode == 1 and complaint in result.stderr
        assert "Traceback" not in result.stderr
    assert (tour_copy / "two.yaml").read_text() == before


# ------------------------------------------------------------------------ census


def test_stats_counts_and_the_historical_path(tour):
    found = census(tour).to_dict()
    assert (found["chapters"], found["scenes"], found["choices"]) == (2, 6, 11)
    assert (found["endings"], found["notes"], found["facts"]) == (2, 4, 2)
    every_text = [tour.intro]
    for item in tour.scenes.values():
        every_text += [item.title, item.text.raw]
        if item.ending:
            every_text.append(item.ending.epilogue.raw)
    for item in tour.choices.values():
        every_text += [item.text.raw, item.outcome.raw]
        every_text += [b.outcome.raw for b in item.branches if b.outcome]
    every_text += [n.title + " " + n.text.raw for n in tour.notes.values()]
    assert found["words"] == sum(words(text) for text in every_text)
    path = found["historical_path"]
    assert path["ending"] == "two.end-history" and path["choices"] == 3
    assert 0 < path["words"] < found["words"]


def test_stats_command():
    result = deniable("stats", str(FEATURE_TOUR))
    assert result.returncode == 0
    assert result.stdout.startswith("Feature Tour: 2 chapters, 6 scenes, 11 choices, 2 endings")
    assert "The historical path: 3 choices" in result.stdout
    assert "| 1 | The Airfield | 2 | 6 |" in result.stdout
