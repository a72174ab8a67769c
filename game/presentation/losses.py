"""What a guard says before or after a key that could lose progress, in the player's words.

Every interface asks the same way (docs/save-format.md, "Keys that could lose
progress"): a new game or a load names the game being left and says where it stays,
undo names the choice it took back, a rewind names the choices it undoes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from game.engine.session import Session
from game.presentation.prose import plain_inline

if TYPE_CHECKING:
    from game.saves.store import SaveInfo


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def game_summary(session: Session) -> str:
    """Where a game in play has got to: 'The Airfield · Briefing, 3 choices'."""
    story, state = session.story, session.state
    scene = story.scenes[state.scene]
    chapter = story.chapter_of(state.scene).title
    where = f"{chapter} · {scene.title}" if scene.title else chapter
    return f"{where}, {plural(state.choices_made, 'choice')}"


def has_progress(session: Session | None) -> TypeGuard[Session]:
    """A game with choices made and no ending yet: leaving it is worth a word."""
    return session is not None and session.state.choices_made > 0 and not session.state.ending


def choice_text(session: Session, index: int) -> str:
    """The words of the choice made at step `index`, as the player saw them."""
    outcome = session.outcomes[index]
    return plain_inline(outcome.choice.text.render(session.states[index].values))


def last_choice_words(session: Session) -> str:
    """What undo is about to take back: the last choice made (page turns after it go too)."""
    index = max(i for i, o in enumerate(session.outcomes) if not o.choice.page_turn)
    return f"'{choice_text(session, index)}'"


def _made_from(session: Session, step: int) -> list[int]:
    """The steps from `step` on that were choices, not page turns."""
    return [
        i for i in range(step, len(session.outcomes)) if not session.outcomes[i].choice.page_turn
    ]


def undone_from(session: Session, step: int) -> str:
    """The choices a rewind to just before step `step` undoes: the first one and a count."""
    made = _made_from(session, step)
    if not made:
        return "no choices"
    first = f"'{choice_text(session, made[0])}'"
    if len(made) == 1:
        return first
    if len(made) == 2:
        return f"{first} and the choice after it"
    return f"{first} and the {plural(len(made) - 1, 'choice')} after it"


def rewind_undoes(session: Session, step: int) -> str:
    """The rewind question's second sentence: what is undone, and that it (or they) can be
    made again."""
    again = "it" if len(_made_from(session, step)) == 1 else "them"
    return f"{undone_from(session, step)} will be undone; you can make {again} again."


def describe_loss(info: SaveInfo) -> str:
    """What a delete or an overwrite would take away: which save, how far it had got and
    when it was last saved."""
    choices = plural(info.choices, "choice")
    when = info.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    if info.run:
        return f"the run at {info.chapter_title}, {info.scene} ({choices}, saved {when})"
    if info.autosave:
        return f"the old autosave at {info.chapter_title} ({choices}, saved {when})"
    return f"the save {info.slot!r} at {info.chapter_title} ({choices}, saved {when})"


OVERWRITE_KEEPS = "the old version is kept beside it as a .bak file until the next save over it"
