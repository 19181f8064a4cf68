"""The count of wrong passphrases, kept beside the store between runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.store.unlock_record import ATTEMPTS_NAME, read_attempts, write_attempts

WHEN = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)


def test_no_file_means_no_failures(tmp_path: Path) -> None:
    assert read_attempts(tmp_path) == UnlockAttempts()


def test_written_attempts_read_back(tmp_path: Path) -> None:
    write_attempts(tmp_path, UnlockAttempts(failures=4, last_failure=WHEN))
    assert read_attempts(tmp_path) == UnlockAttempts(failures=4, last_failure=WHEN)


def test_zero_failures_removes_the_file(tmp_path: Path) -> None:
    write_attempts(tmp_path, UnlockAttempts(failures=2, last_failure=WHEN))
    write_attempts(tmp_path, UnlockAttempts())
    assert not (tmp_path / ATTEMPTS_NAME).exists()
    write_attempts(tmp_path, UnlockAttempts())  # and again, with nothing there


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage",
        b"[]",
        b'{"failures": "many"}',
        b'{"failures": 2, "last_failure": "yesterday"}',
        b'{"failures": 2, "last_failure": "2025-03-14T12:00:00"}',  # no time zone
        '{"failures": 2, "note": "é"}'.encode(),
    ],
)
def test_an_unreadable_file_starts_the_count_again(tmp_path: Path, content: bytes) -> None:
    (tmp_path / ATTEMPTS_NAME).write_bytes(content)
    assert read_attempts(tmp_path) == UnlockAttempts()


def test_a_negative_count_reads_as_zero(tmp_path: Path) -> None:
    (tmp_path / ATTEMPTS_NAME).write_text('{"failures": -5, "last_failure": null}')
    assert read_attempts(tmp_path).failures == 0
