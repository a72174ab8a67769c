"""The background autosave: newest snapshot wins, one write at a time, errors reported."""

from __future__ import annotations

import threading

from game.tui.autosaver import Autosaver, snapshot


class FakeSession:
    def __init__(self) -> None:
        self.states = [0]
        self.outcomes = []
        self.play_seconds = 0.0


def test_a_snapshot_does_not_change_when_the_session_moves_on():
    session = FakeSession()
    frozen = snapshot(session)
    session.states.append(1)
    session.outcomes.append("x")
    assert frozen.states == [0] and frozen.outcomes == []


def gated_saver() -> tuple[Autosaver, threading.Event, list[list[int]]]:
    """An autosaver whose writes wait at a gate, and the states each write got."""
    gate = threading.Event()
    written: list[list[int]] = []

    def write(session):
        gate.wait(5)
        written.append(list(session.states))

    return Autosaver(write, on_error=lambda exc: None), gate, written


def test_only_the_newest_waiting_snapshot_is_written():
    saver, gate, written = gated_saver()
    session = FakeSession()
    saver.submit(session)  # starts writing [0] and waits at the gate
    for state in (1, 2, 3):
        session.states.append(state)
        saver.submit(session)
    gate.set()
    assert saver.flush()
    assert written[-1] == [0, 1, 2, 3]
    assert len(written) <= 2  # the middle snapshots were skipped


def test_a_failed_write_is_reported_and_the_next_one_still_happens():
    errors, written = [], []

    def write(session):
        if not written and not errors:
            raise OSError("disk full")
        written.append(len(session.states))

    saver = Autosaver(write, on_error=errors.append)
    session = FakeSession()
    saver.submit(session)
    assert saver.flush()
    session.states.append(1)
    saver.submit(session)
    assert saver.flush()
    assert [str(e) for e in errors] == ["disk full"]
    assert written == [2]


def test_a_closed_autosaver_writes_what_is_queued_then_its_thread_ends():
    """The thread holds the app whose saves it writes: left running after the app closed,
    it kept that app alive for as long as the process ran."""
    saver, gate, written = gated_saver()
    session = FakeSession()
    before = set(threading.enumerate())
    saver.submit(session)
    (thread,) = set(threading.enumerate()) - before
    session.states.append(1)
    saver.submit(session)  # waits behind the first write
    saver.close()
    gate.set()
    thread.join(5)
    assert not thread.is_alive()
    assert written[-1] == [0, 1]  # the queued snapshot was still written
    session.states.append(2)
    saver.submit(session)  # a save after closing is written too, by a thread of its own
    assert saver.flush()
    assert written[-1] == [0, 1, 2]
