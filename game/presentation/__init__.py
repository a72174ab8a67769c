"""Words and pictures every interface shares: prose, labels, change lines, chapter headings,
transcripts, the map and the timeline.

The plain player, the Textual app, exports and the browser all show a game through these,
so a line reads the same everywhere. Nothing here imports textual: the TUI turns what this
package makes into Textual content itself.
"""
