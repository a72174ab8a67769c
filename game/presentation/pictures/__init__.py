"""Pictures drawn in text: the map of Korea and Manchuria, and the timeline. No textual here."""
