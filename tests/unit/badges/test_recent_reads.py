"""A worker reuses a badge read for a few seconds, then reads again; absence is remembered too."""

from __future__ import annotations

import pytest

from app.services.badges import RecentReads
from app.services.errors import NotFound


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Reader:
    """Counts reads and returns (or raises) what it is told."""

    def __init__(self, value: object = "facts") -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


def test_a_read_is_reused_while_fresh_and_repeated_after() -> None:
    clock, read = Clock(), Reader()
    recent = RecentReads(clock=clock)
    assert recent.get("k", read, fresh_for=2) == "facts"
    clock.now += 1.9
    assert recent.get("k", read, fresh_for=2) == "facts"
    assert read.calls == 1
    clock.now += 0.1
    recent.get("k", read, fresh_for=2)
    assert read.calls == 2


def test_zero_seconds_reads_every_time() -> None:
    read = Reader()
    recent = RecentReads(clock=Clock())
    for _ in range(3):
        recent.get("k", read, fresh_for=0)
    assert read.calls == 3


def test_absence_is_remembered_and_raised_again() -> None:
    read = Reader(NotFound("No lab 'x'."))
    recent = RecentReads(clock=Clock())
    for _ in range(2):
        with pytest.raises(NotFound, match="No lab 'x'"):
            recent.get("k", read, fresh_for=2)
    assert read.calls == 1


def test_forget_drops_everything() -> None:
    read = Reader()
    recent = RecentReads(clock=Clock())
    recent.get("k", read, fresh_for=2)
    recent.forget()
    recent.get("k", read, fresh_for=2)
    assert read.calls == 2


def test_the_table_stays_bounded() -> None:
    recent = RecentReads(max_entries=3, clock=Clock())
    reads = [Reader(i) for i in range(5)]
    for key, read in enumerate(reads):
        recent.get(key, read, fresh_for=2)
    recent.get(4, reads[4], fresh_for=2)  # still there
    recent.get(0, reads[0], fresh_for=2)  # emptied when the table filled up
    assert reads[4].calls == 1 and reads[0].calls == 2


def test_a_read_overlapping_a_commit_is_answered_but_not_kept() -> None:
    recent = RecentReads(clock=Clock())
    calls = []

    def read_while_someone_commits() -> str:
        calls.append(1)
        recent.forget()  # what the commit hook does, from another thread, mid-read
        return "old facts"

    assert recent.get("k", read_while_someone_commits, fresh_for=2) == "old facts"
    recent.get("k", read_while_someone_commits, fresh_for=2)
    assert len(calls) == 2
