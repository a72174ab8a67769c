"""config.toml in the terminal game: its theme and panel apply, its mistakes are shown."""

from __future__ import annotations

from tui_helpers import notices, settle, start_game

from game.config import config_path
from game.tui.widgets.side_panel import SidePanel


def write(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_the_game_starts_in_the_configured_theme_with_the_panel_hidden(make_app):
    write('theme = "nord"\npanel = "hide"\n')
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await start_game(pilot)
        assert not app.screen.query_one(SidePanel).display  # wide enough, yet hidden


async def test_a_config_problem_is_shown_in_the_game_not_fatal(make_app):
    write("panel = 7\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("panel should be" in notice for notice in notices(app))


async def test_an_unknown_theme_is_named_and_the_default_used(make_app):
    write('theme = "sepia-ish"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("no theme is called 'sepia-ish'" in notice for notice in notices(app))
        assert app.theme != "sepia-ish"
