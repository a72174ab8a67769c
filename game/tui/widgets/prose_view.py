"""A block of author prose: light Markdown shown as Content, never parsed as markup."""

from __future__ import annotations

from textual.widgets import Static

from game.tui.prose import prose_content


class Prose(Static):
    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.text = ""
        if text:
            self.show(text)

    def show(self, text: str) -> None:
        self.text = text
        self.update(prose_content(text))
