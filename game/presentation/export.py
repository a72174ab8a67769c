"""Transcripts to hand out: Markdown, or one self-contained HTML file.

Both carry chapter headings, every choice with the ones not taken, outcomes, notes with
their sources, and the ending's table of the player's path beside history. In HTML, author
prose is drawn from the same markdown-it parse as every other interface
(game.presentation.prose), with every character of it escaped, so nothing in a story can
inject markup or script.
"""

from __future__ import annotations

import html
from datetime import datetime

from game.engine import reading
from game.engine.comparison import dated_key_decisions, matched_count
from game.presentation.answers import IN_YOUR_STORY
from game.presentation.chapters import numbered_title, place_line
from game.presentation.labels import ending_title, note_label
from game.presentation.prose import html as prose_html
from game.presentation.prose import html_inline
from game.presentation.transcript import Replay, ReplayStep, step_label
from game.story.dates import format_date

FORMATS = ("md", "html")


def _sources(replay: Replay) -> list[str]:
    seen: dict[str, None] = {}
    for note_id in replay.final.notes:
        for source in replay.story.notes[note_id].sources:
            seen.setdefault(source, None)
    return list(seen)


def _subtitle(replay: Replay, label: str, when: datetime | None) -> str:
    count = replay.choices
    made = f"{count} choice{'' if count == 1 else 's'}"
    saved = f", saved {when.astimezone().strftime('%Y-%m-%d %H:%M')}" if when else ""
    name = f" {label!r}" if label else ""
    return f"A transcript of the playthrough{name}: {made}{saved}."


def _place_line(replay: Replay, step: ReplayStep) -> str:
    return place_line(replay.story, step.chapter)


# ------------------------------------------------------------------------------ Markdown


def _md(text: str) -> str:
    """Author text in Markdown: kept as written (it is light Markdown) but never raw HTML."""
    return text.strip().replace("<", "&lt;")


def _md_cell(text: str) -> str:
    return _md(text).replace("|", "\\|").replace("\n", " ")


def markdown(replay: Replay, label: str = "", when: datetime | None = None) -> str:
    story = replay.story
    out = [f"# {_md(story.title)}"]
    if story.subtitle:
        out.append(f"*{_md(story.subtitle)}*")
    out.append(_subtitle(replay, label, when))
    for step in replay.steps:
        if step.new_chapter:
            out.append(f"## {numbered_title(step.chapter_number, _md(step.chapter.title))}")
            if _place_line(replay, step):
                out.append(f"*{_md(_place_line(replay, step))}*")
        title = step_label(replay, step) + (
            f": {_md(step.scene.title)}" if step.scene.title else ""
        )
        out.append(f"### {title}")
        if step.scene_text:
            out.append(_md(step.scene_text))
        mark = " *(as history went)*" if step.historical else ""
        out.append("**Continue**" if step.page_turn else f"**You chose:** {_md(step.chosen)}{mark}")
        if step.not_taken:
            lines = ["Not taken:", ""]
            for other in step.not_taken:
                locked = f" *(locked: {_md(other.locked)})*" if other.locked else ""
                lines.append(f"- {_md(other.text)}{locked}")
            out.append("\n".join(lines))
        if step.outcome and step.in_your_story:
            out.append(f"*{IN_YOUR_STORY}*")
        if step.outcome:
            out.append(_md(step.outcome))
        if step.changes:
            out.append("*" + "; ".join(_md(str(c)) for c in step.changes) + "*")
        note = step.note
        if note is None:
            continue
        label_text = step.note_heading or note_label(note)
        quoted = [f"**{label_text}: {_md(note.title)}**", ""]
        quoted += _md(step.note_text).splitlines()
        quoted += ["", "Sources: " + "; ".join(_md(s) for s in note.sources)]
        out.append("\n".join(f"> {line}".rstrip() for line in quoted))
    out.extend(_md_end(replay))
    sources = _sources(replay)
    if sources:
        out.append("## Sources")
        out.append("\n".join(f"- {_md(source)}" for source in sources))
    return "\n\n".join(out) + "\n"


def _md_end(replay: Replay) -> list[str]:
    story, state = replay.story, replay.final
    out = []
    ending = replay.ending
    if ending is not None and ending.ending is not None:
        out.append(f"## The end: {_md(ending_title(ending.ending.title, ending.ending.kind))}")
        if not ending.text.empty:
            out.append(_md(reading.scene_text(story, state)))
        out.append(_md(reading.epilogue_text(story, state)))
    else:
        scene = story.scenes[state.scene]
        out.append("## Where the saved game stops")
        out.append(
            f"{_md(story.chapter_of(state.scene).title)}: {_md(scene.title or state.scene)}."
        )
        if replay.divergence is not None:
            out.append(f"The rest no longer fits the story: {_md(replay.divergence.describe())}.")
    rows = dated_key_decisions(story, state)
    if rows:
        matched, reached = matched_count([row for _, row in rows])
        out.append("### Your path beside history")
        out.append(f"{matched} of {reached} key decisions reached went as history did.")
        table = ["| When | Key decision | Your choice | What history did |", "|---|---|---|---|"]
        for date, row in rows:
            if row.player is None:
                yours = "*not reached*"
            else:
                mark = "as history" if row.matched else "differs"
                yours = f"{_md_cell(row.player.text.raw)} ({mark})"
            table.append(
                f"| {format_date(date)} | {_md_cell(row.where)} | {yours} "
                f"| {_md_cell(row.history)} |"
            )
        out.append("\n".join(table))
    if story.notes:
        out.append(f"Notes unlocked: {len(state.notes)} of {len(story.notes)}.")
    return out


# ---------------------------------------------------------------------------------- HTML

CSS = """
body { font: 17px/1.55 Georgia, 'Times New Roman', serif; color: #222; background: #fbf8f1;
       max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.25; }
h2 { border-bottom: 2px solid #8b2e1f; padding-bottom: .2em; margin-top: 2.2em; }
.where, .meta { color: #555; font-style: italic; }
.chose { font-weight: bold; }
.as-history { color: #8b2e1f; font-weight: normal; font-style: italic; }
.not-taken { color: #555; }
.changes { color: #555; font-size: .9em; }
.note { border-left: 4px solid #8b2e1f; background: #f2ece0; padding: .4em 1em; margin: 1em 0; }
.note-counterfactual { border-left-color: #3c5a7a; }
.note h4 { margin: .4em 0; }
.sources { font-size: .9em; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #ece4d4; }
td.matched { color: #1d5a2c; } td.differs { color: #8b2e1f; }
nav.contents ul { list-style: none; padding-left: 0; font-family: Arial, sans-serif; }
nav.contents a { color: #8b2e1f; }
@media print { body { background: white; margin: 0; } h2 { page-break-after: avoid; } }
"""


def to_html(replay: Replay, label: str = "", when: datetime | None = None) -> str:
    story = replay.story
    esc = html.escape
    body = [f"<h1>{esc(story.title)}</h1>"]
    if story.subtitle:
        body.append(f'<p class="meta">{esc(story.subtitle)}</p>')
    body.append(f'<p class="meta">{esc(_subtitle(replay, label, when))}</p>')
    contents: list[tuple[str, str]] = []  # (anchor, heading) for the table of contents
    nav_at = len(body)
    for step in replay.steps:
        if step.new_chapter:
            anchor = f"part-{len(contents) + 1}"
            heading = numbered_title(step.chapter_number, step.chapter.title)
            contents.append((anchor, heading))
            body.append(f'<h2 id="{anchor}">{esc(heading)}</h2>')
            if _place_line(replay, step):
                body.append(f'<p class="where">{esc(_place_line(replay, step))}</p>')
        title = step_label(replay, step) + (f": {step.scene.title}" if step.scene.title else "")
        body.append(f'<section class="step" id="step-{step.index + 1}"><h3>{esc(title)}</h3>')
        if step.scene_text:
            body.append(prose_html(step.scene_text))
        mark = ' <span class="as-history">(as history went)</span>' if step.historical else ""
        chose = "Continue" if step.page_turn else f"You chose: {html_inline(step.chosen)}{mark}"
        body.append(f'<p class="chose">{chose}</p>')
        if step.not_taken:
            items = []
            for other in step.not_taken:
                locked = f" <em>(locked: {html_inline(other.locked)})</em>" if other.locked else ""
                items.append(f"<li>{html_inline(other.text)}{locked}</li>")
            body.append(f'<div class="not-taken">Not taken:<ul>{"".join(items)}</ul></div>')
        if step.outcome and step.in_your_story:
            body.append(f'<p class="in-your-story"><strong>{esc(IN_YOUR_STORY)}</strong></p>')
        if step.outcome:
            body.append(prose_html(step.outcome))
        if step.changes:
            body.append(f'<p class="changes">{esc("; ".join(map(str, step.changes)))}</p>')
        note = step.note
        if note is not None:
            label_text = step.note_heading or note_label(note)
            cited = "; ".join(esc(source) for source in note.sources)
            body.append(
                f'<aside class="note note-{esc(note.kind)}">'
                f"<h4>{esc(label_text)}: {esc(note.title)}</h4>"
                f'{prose_html(step.note_text)}<p class="sources">Sources: {cited}</p></aside>'
            )
        body.append("</section>")
    end = _html_end(replay)
    contents.append(("ending", "The end" if replay.ending is not None else "Where it stops"))
    body.append(end[0].replace("<h2>", '<h2 id="ending">', 1))
    body.extend(end[1:])
    sources = _sources(replay)
    if sources:
        contents.append(("sources", "Sources"))
        body.append('<h2 id="sources">Sources</h2><ul>')
        body.extend(f"<li>{esc(source)}</li>" for source in sources)
        body.append("</ul>")
    links = "".join(f'<li><a href="#{anchor}">{esc(text)}</a></li>' for anchor, text in contents)
    body.insert(nav_at, f'<nav class="contents"><ul>{links}</ul></nav>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(story.title)}: a transcript</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _html_end(replay: Replay) -> list[str]:
    story, state = replay.story, replay.final
    esc = html.escape
    out = []
    ending = replay.ending
    if ending is not None and ending.ending is not None:
        out.append(
            f"<h2>The end: {esc(ending_title(ending.ending.title, ending.ending.kind))}</h2>"
        )
        if not ending.text.empty:
            out.append(prose_html(reading.scene_text(story, state)))
        out.append(prose_html(reading.epilogue_text(story, state)))
    else:
        scene = story.scenes[state.scene]
        out.append("<h2>Where the saved game stops</h2>")
        chapter = story.chapter_of(state.scene).title
        out.append(f"<p>{esc(chapter)}: {esc(scene.title or state.scene)}.</p>")
        if replay.divergence is not None:
            text = f"The rest no longer fits the story: {replay.divergence.describe()}."
            out.append(f"<p>{esc(text)}</p>")
    rows = dated_key_decisions(story, state)
    if rows:
        matched, reached = matched_count([row for _, row in rows])
        out.append("<h3>Your path beside history</h3>")
        out.append(f"<p>{matched} of {reached} key decisions reached went as history did.</p>")
        out.append(
            "<table><thead><tr><th>When</th><th>Key decision</th><th>Your choice</th>"
            "<th>What history did</th></tr></thead><tbody>"
        )
        for date, row in rows:
            if row.player is None:
                yours, cls = "<em>not reached</em>", "unreached"
            else:
                cls = "matched" if row.matched else "differs"
                mark = "as history" if row.matched else "differs"
                yours = f"{html_inline(row.player.text.raw)} ({mark})"
            out.append(
                f"<tr><td>{esc(format_date(date))}</td>"
                f'<td>{esc(row.where)}</td><td class="{cls}">{yours}</td>'
                f"<td>{html_inline(row.history)}</td></tr>"
            )
        out.append("</tbody></table>")
    if story.notes:
        out.append(f"<p>Notes unlocked: {len(state.notes)} of {len(story.notes)}.</p>")
    return out


def export(replay: Replay, kind: str, label: str = "", when: datetime | None = None) -> str:
    if kind == "md":
        return markdown(replay, label, when)
    if kind == "html":
        return to_html(replay, label, when)
    raise ValueError(f"unknown export format {kind!r}: choose from {', '.join(FORMATS)}")
