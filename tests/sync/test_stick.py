"""Writing bundles to a USB stick: a failed or stopped write leaves no file behind.

The stick's failures are made by replacing `open`, `os.fsync` or `os.replace` for the
stick module only, failing part way as a full or pulled-out stick would.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import ExportCancelled, NotFound, SyncError
from facilitator_app.services import facilitators
from facilitator_app.services import sync as sync_service
from facilitator_app.sync import stick
from tests.factories import make_member
from tests.sync.helpers import Org, field_value

FULL = "The USB stick is full. Free some space or use another stick; nothing was lost."


class _FillsUp:
    """A file on a stick with only `room` bytes free."""

    def __init__(self, real: Any, room: int) -> None:
        self.real = real
        self.room = room

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.real.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.real.write(data))

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return int(self.real.fileno())


def stick_with_room(room: int) -> Callable[..., _FillsUp]:
    def fake_open(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> _FillsUp:
        return _FillsUp(open(path, mode, *args, **kwargs), room)

    return fake_open


def failing(error: int, *, first: int = 1) -> Callable[..., None]:
    """A stand-in that fails with `error` from its `first` call on."""
    calls = {"n": 0}

    def fail(*_args: Any, **_kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] >= first:
            raise OSError(error, os.strerror(error))

    return fail


@pytest.fixture
def change_for_robin(org: Org) -> str:
    """A new member in Robin's group, waiting to be exported to Robin's laptop."""
    org.round_trip(org.robin)
    return make_member(org.coordinator, org.robins_group.id, name="Kit").id


def export_for_robin(org: Org, folder: Path, **options: Any) -> list[sync_service.Exported]:
    return sync_service.export_bundles(org.coordinator, folder, only=org.robin.device_id, **options)


def assert_retry_reaches_robin(org: Org, folder: Path, member_id: str) -> None:
    [done] = export_for_robin(org, folder)
    assert sorted(folder.iterdir()) == [done.path]
    [result] = sync_service.import_bundles(org.robin.store, [folder])
    assert result.refused is None
    assert field_value(org.robin.store, "members", member_id, "name") == "Kit"


@pytest.mark.parametrize("room", [0, 100, 3000])
def test_a_full_stick_leaves_no_file_and_a_retry_works(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    folder = org.stick()
    with monkeypatch.context() as patch:
        patch.setattr(stick, "open", stick_with_room(room), raising=False)
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)

    assert caught.value.message == FULL
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


def test_a_stick_full_when_flushed_to_disk_leaves_no_file(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.stick()
    with monkeypatch.context() as patch:
        patch.setattr(stick.os, "fsync", failing(errno.ENOSPC))
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)

    assert caught.value.message == FULL
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


def test_a_rename_that_fails_leaves_no_file(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.stick()
    with monkeypatch.context() as patch:
        patch.setattr(stick.os, "replace", failing(errno.EIO))
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)

    message = caught.value.message
    assert message.startswith(f"The bundle could not be written to {folder}")
    assert "nothing was lost" in message
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES])
def test_a_read_only_stick_is_named_clearly(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    folder = org.stick()
    with monkeypatch.context() as patch:
        patch.setattr(stick, "open", failing(error), raising=False)
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)

    assert caught.value.message == (
        f"{folder} cannot be written to (it may be read-only or locked); nothing was lost."
    )
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the administrator may write into a read-only folder",
)
def test_a_folder_without_write_permission_is_named_clearly(
    org: Org, change_for_robin: str
) -> None:
    folder = org.stick()
    folder.chmod(0o500)
    try:
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)
    finally:
        folder.chmod(0o700)
    assert "cannot be written to (it may be read-only or locked)" in caught.value.message
    assert list(folder.iterdir()) == []


def test_a_corrupted_write_is_caught_when_read_back(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.stick()
    real_read = Path.read_bytes

    def reads_back_damaged(path: Path) -> bytes:
        data = bytearray(real_read(path))
        if path.parent == folder:
            data[len(data) // 2] ^= 0x10
        return bytes(data)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", reads_back_damaged)
        with pytest.raises(SyncError) as caught:
            export_for_robin(org, folder)

    assert "differs from what was written" in caught.value.message
    assert "Try another stick" in caught.value.message
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


def test_cancelling_before_anything_is_written_leaves_nothing(
    org: Org, change_for_robin: str
) -> None:
    folder = org.stick()
    with pytest.raises(ExportCancelled) as caught:
        export_for_robin(org, folder, cancelled=lambda: True)

    assert caught.value.message == "Export stopped. Nothing was written to the stick."
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


def test_cancelling_part_way_through_a_file_removes_it(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.stick()
    monkeypatch.setattr(stick, "CHUNK", 512)
    asked: list[int] = []

    def cancel_on_the_fourth_chunk() -> bool:
        asked.append(len(list(folder.iterdir())))
        return len(asked) > 4

    with pytest.raises(ExportCancelled):
        export_for_robin(org, folder, cancelled=cancel_on_the_fourth_chunk)

    assert asked[-1] == 1, "a .partial file was being written when the export stopped"
    assert list(folder.iterdir()) == []
    assert_retry_reaches_robin(org, folder, change_for_robin)


def test_bundles_finished_before_a_cancel_stay_and_can_be_used(
    org: Org, change_for_robin: str
) -> None:
    org.round_trip(org.sam)
    folder = org.stick()
    written: list[int] = []

    def after_the_first_bundle() -> bool:
        written.append(len([p for p in folder.iterdir() if p.suffix == ".fabundle"]))
        return written[-1] >= 1

    with pytest.raises(ExportCancelled) as caught:
        sync_service.export_bundles(org.coordinator, folder, cancelled=after_the_first_bundle)

    assert "1 finished bundle(s) are on the stick and can be used" in caught.value.message
    [finished] = list(folder.iterdir())
    assert finished.suffix == ".fabundle"
    results = sync_service.import_bundles(org.robin.store, [folder]) + (
        sync_service.import_bundles(org.sam.store, [folder])
    )
    assert [r.refused for r in results] == [None, None]
    assert sum(r.intake is not None for r in results) == 1


def test_progress_reaches_the_end(org: Org, change_for_robin: str) -> None:
    seen: list[tuple[int, int]] = []

    export_for_robin(org, org.stick(), progress=lambda done, total: seen.append((done, total)))

    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_exporting_to_a_missing_folder_is_refused(org: Org) -> None:
    with pytest.raises(NotFound) as caught:
        export_for_robin(org, org.tmp / "no-such-stick")
    assert "There is no folder" in caught.value.message


def test_exporting_for_nobody_paired_is_refused(org: Org) -> None:
    with pytest.raises(NotFound) as caught:
        sync_service.export_bundles(org.coordinator, org.stick(), only="Nobody")
    assert caught.value.message == "No paired laptop is called 'Nobody'."


def test_a_change_made_after_a_failed_export_still_travels(
    org: Org, change_for_robin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.stick()
    with monkeypatch.context() as patch:
        patch.setattr(stick, "open", stick_with_room(10), raising=False)
        with pytest.raises(SyncError):
            export_for_robin(org, folder)
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Text")

    assert_retry_reaches_robin(org, folder, change_for_robin)
    assert field_value(org.robin.store, "people", org.robin.person_id, "contact_preference") == (
        "Text"
    )
