"""The map and the timeline as text: what the plain player prints and the TUI colours."""

from __future__ import annotations

import pytest
from story_helpers import CAMPAIGN

from game.engine.rules import available_options, choose, new_game
from game.presentation.pictures.map import CURRENT, MARK, draw_map, place_cell
from game.presentation.pictures.timeline import timeline_entries, timeline_text
from game.presentation.pictures.year_axis import year_axis, year_column
from game.presentation.text import map_text
from game.story.dates import format_date, sort_key
from game.story.loader import load_story
from game.story.model import Location, Place


def test_map_marks_the_current_place_and_lists_far_places(tour):
    picture = draw_map(tour.places, 60, 22, current="antung")
    text = "\n".join(picture.lines())
    assert text.count(CURRENT) == 1
    assert "Antung" in text
    assert "Sunan airfield" in text
    assert all(len(line) <= 60 for line in picture.lines())


def test_map_draws_the_peninsula_and_the_parallel(tour):
    lines = draw_map(tour.places, 60, 22).lines()
    braille = sum(1 for line in lines for ch in line if 0x2800 < ord(ch) <= 0x28FF)
    assert braille > 100  # the coast and rivers are drawn, not only labels
    assert any("38th parallel" in line for line in lines)


def test_map_fits_small_terminals(tour):
    picture = draw_map(tour.places, 36, 14, current="sunan")
    assert len(picture.lines()) == 14
    assert all(len(line) <= 36 for line in picture.lines())
    assert "\n".join(picture.lines()).count(CURRENT) == 1


def test_campaign_places_and_dates_resolve():
    story = load_story(CAMPAIGN)
    picture = draw_map(story.places, 60, 22)
    off_map = {place.id for place in picture.off_map}
    for chapter in story.chapters:
        assert chapter.place in story.places, chapter.id
        assert 1945 <= sort_key(chapter.date)[0] <= 2014
        assert format_date(chapter.date)[-4:].isdigit()
    korean_places = {"pyongyang", "sinuiju", "antung", "sunan", "kimpo", "seoul", "mig-alley"}
    assert not korean_places & off_map
    for fact in story.facts.values():
        assert format_date(fact.date)[-4:].isdigit(), fact.id


def test_map_text_lists_places_with_their_chapters(tour):
    text = map_text(tour, new_game(tour))
    assert f"{CURRENT} you are here: Antung" in text
    assert "Sunan airfield: 2. The Patrol" in text
    assert MARK in text


def test_timeline_orders_facts_chapters_and_choices(tour):
    state = choose(tour, new_game(tour), "uniform").state
    entries = timeline_entries(tour, state)
    kinds = [(entry.date, entry.kind) for entry in entries]
    assert kinds.index(("1951-04", "chapter")) < kinds.index(("1951-04", "fact"))
    assert kinds.index(("1951-04", "fact")) < kinds.index(("1951-04", "choice"))
    choice = next(entry for entry in entries if entry.kind == "choice")
    assert choice.historical is True and choice.note == "uniform-note"
    text = timeline_text(tour, state)
    assert "> April 1951: You: Put on the uniform. (as history went)" in text
    assert "\n2 May 1951: Chapter 2: The Patrol" in text


def test_the_players_choices_keep_the_order_they_were_made_in():
    """A scene dated by its month comes after one dated on a day of that month, played
    earlier (the vote of 7 July, then the flag in Tokyo in July): by its month alone it
    sorted first, and the timeline told the player's path out of order."""
    story = load_story(CAMPAIGN)
    assert story.scenes["security-council.unified-command"].date == "1950-07-07"
    assert story.scenes["security-council.the-flag"].date == "1950-07"
    state = new_game(story)
    while state.ending is None:  # as history went, through both scenes
        options = available_options(story, state)
        state = choose(story, state, next(o for o in options if o.choice.historical).choice.id)
        state = state.state
    listed = [entry.text for entry in timeline_entries(story, state) if entry.kind == "choice"]
    played = [f"You: {story.choices[step.choice_full_id].text.raw}" for step in state.steps]
    assert listed == [text for text in played if text in listed]
    assert len(listed) > 50


def test_a_choice_where_history_made_none_is_neither_followed_nor_parted(make_story):
    story = load_story(make_story())
    state = choose(story, new_game(story), "go").state
    choice = next(e for e in timeline_entries(story, state) if e.kind == "choice")
    assert choice.historical is None
    text = timeline_text(story, state)
    assert "> April 1950: You: Go." in text
    assert "history went" not in text


def test_where_places_share_a_cell_the_one_listed_first_is_drawn():
    # Namsi lies beside MiG Alley and Seoul beside Kimpo; the places table lists the
    # chapters' places first, so at the TUI map's size those are the ones labelled.
    story = load_story(CAMPAIGN)
    text = "\n".join(draw_map(story.places, 40, 21, current="sinuiju").lines())
    for label in ("MiG Alley", "Kimpo", "Sunan", "Pyongyang", "Sinuiju"):
        assert label in text


@pytest.mark.parametrize("width", [16, 40, 60, 76, 120, 190])
def test_the_timeline_axis_always_names_its_first_and_last_years(width):
    """At 80 columns the axis is 76 cells: it used to centre every label, so 1946 hit
    1945 and 1960 hit 1959 and both were dropped; the ends matter most."""
    axis = year_axis([], width)
    years = axis.labels.split()
    assert years[0] == "1945" and years[-1] == "1960"
    assert years == sorted(years) and len(set(years)) == len(years)
    for year in years:  # every label sits under its own tick
        start = axis.labels.index(year)
        column = year_column(int(year), width)
        assert start <= column <= start + 3


@pytest.mark.parametrize(("width", "step"), [(60, 2), (40, 2), (30, 5)])
def test_a_narrow_axis_labels_years_at_a_regular_step(width, step):
    """Every other year, or every fifth, not whichever years happened to fit: at 60
    columns the labels read 1947, 1948, 1950, 1951, 1953."""
    years = [int(year) for year in year_axis([], width).labels.split()]
    assert years[0] == 1945 and years[-1] == 1960
    assert all(b - a == step for a, b in zip(years[:-2], years[1:-1], strict=True))


def test_the_timeline_axis_at_80_columns_shows_every_year_it_has_room_for():
    assert year_axis([], 76).labels.split() == [str(y) for y in range(1945, 1961) if y != 1959]


def test_a_label_never_stands_where_another_places_own_label_would():
    """Beside a mark, a name reads as that mark's: "Namsi ● Chosin" (60x20) put Namsi's
    name where Chosin's mark seemed to own it. A label that would end a cell or two
    before another place's mark goes elsewhere."""
    where = Location("places.yaml", 1, 1)
    first = Place("first", "First", 39.0, 125.0, "First", where)
    row, col = place_cell(first, 60, 22)
    lon = 125.0
    while place_cell(Place("x", "X", 39.0, lon, "X", where), 60, 22) != (row, col + 8):
        lon += 0.01  # the next place 8 cells east: "First" to the right of its own mark
        assert lon < 130, "no such longitude"  # would end one cell before it
    second = Place("second", "Second", 39.0, lon, "Second", where)
    picture = draw_map({"first": first, "second": second}, 60, 22)
    line = "".join(picture.chars[row])
    assert line[col - 6 : col - 1] == "First", line  # on the mark's other side
    assert line[col + 8] == MARK and line[col + 10 : col + 16] == "Second"
