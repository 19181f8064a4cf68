"""Deleting a store for good: its keys first, then every file, then the folder.

Order matters for a crash part-way:

1. `wiping` is written (atomically) into the folder: from here the store is wiped.
   Every open and every start that finds it finishes the job, and never treats the
   folder as a damaged store.
2. Every copy of keys.json is overwritten with random bytes of its own length, flushed
   and removed: the data key is gone, so store.db (and any backup copy) is unreadable.
3. The report for the coordinator is written beside the folder (device id, time,
   number; nothing else), if the store knew its device id.
4. Every other file is overwritten with zeros, flushed and removed (store.db, its
   WAL and SHM, the attempts and policy files, a waiting recovery reply, the staging
   and backup folders), then the marker, then the folder itself.

Only the standard library: this also runs before the first window shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.errors import StoreWiped
from facilitator_app.domain.wipe_policy import WipeReport, parsed_report, wiped_message
from facilitator_app.store.files import fsync_dir, write_atomically
from facilitator_app.store.layout import (
    KEYS_NAME,
    STAGING_NAME,
    WIPED_MARKER_PREFIX,
    WIPED_MARKER_SUFFIX,
    WIPING_NAME,
)

_CHUNK = 1024 * 1024
_MAX_MARKER_BYTES = 4096


@dataclass(frozen=True)
class Wiped:
    """A finished wipe: after how many wrong passphrases (None if the marker was damaged)."""

    after: int | None


def is_being_wiped(folder: Path) -> bool:
    return (folder / WIPING_NAME).is_file()


def wipe_store(folder: Path, after: int, device_id: str | None, wiped_at: str) -> Wiped:
    """Decide (the marker), then destroy the keys, leave the report, remove the rest."""
    decision: dict[str, object] = {
        "after": after,
        "wiped_at": wiped_at,
        "report": secrets.token_hex(8),
    }
    if device_id is not None:
        decision["device_id"] = device_id
    write_atomically(folder / WIPING_NAME, json.dumps(decision, sort_keys=True).encode("ascii"))
    return finish_wipe(folder)


def finish_interrupted_wipe(folder: Path) -> Wiped | None:
    """Finish a wipe a crash interrupted; None if the folder is not being wiped."""
    if not is_being_wiped(folder):
        return None
    return finish_wipe(folder)


def refuse_if_wiped(folder: Path) -> None:
    """A folder a wipe had started on is finished now and refused as wiped (never as a
    damaged store). If finishing fails here it is tried again next time."""
    if not folder.is_dir() or not is_being_wiped(folder):
        return
    after: int | None = None
    try:
        after = finish_wipe(folder).after
    except OSError:
        after = _after(_read_decision(folder))
    raise StoreWiped(wiped_message(after), after)


def finish_wipe(folder: Path) -> Wiped:
    """Every step is safe to run again, so a wipe interrupted anywhere finishes here."""
    decision = _read_decision(folder)
    for path in _key_files(folder):
        crypto_erase(path)
    fsync_dir(folder)
    report = _report(decision)
    if report is not None:
        _write_report(folder.parent, str(decision["report"]), report)
    remove_everything_but_the_marker(folder)
    (folder / WIPING_NAME).unlink()
    folder.rmdir()
    fsync_dir(folder.parent)
    return Wiped(_after(decision))


def _after(decision: dict[str, object]) -> int | None:
    after = decision.get("after")
    return after if isinstance(after, int) and not isinstance(after, bool) else None


def _key_files(folder: Path) -> list[Path]:
    """keys.json and every copy of it that a write or a replacement may have left."""
    names = (KEYS_NAME, KEYS_NAME + ".partial")
    places = (folder, folder / STAGING_NAME)
    return [place / name for place in places for name in names if (place / name).exists()]


def crypto_erase(path: Path) -> None:
    """Overwrite a key file with random bytes of the same length, flush, remove."""
    _overwrite(path, random=True)
    path.unlink()


def remove_everything_but_the_marker(folder: Path) -> None:
    for root, dirs, files in os.walk(folder, topdown=False):
        here = Path(root)
        for name in files:
            if here == folder and name == WIPING_NAME:
                continue
            path = here / name
            _overwrite(path, random=False)
            path.unlink()
        for name in dirs:
            path = here / name
            if path.is_symlink():
                path.unlink()
            else:
                path.rmdir()
        fsync_dir(here)


def _overwrite(path: Path, *, random: bool) -> None:
    """Overwrite a regular file in place; a link is only removed, never followed."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        return
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        left = info.st_size
        zeros = bytes(min(_CHUNK, left))
        while left > 0:
            size = min(_CHUNK, left)
            os.write(fd, os.urandom(size) if random else zeros[:size])
            left -= size
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_decision(folder: Path) -> dict[str, object]:
    """The marker's contents; a damaged marker still means wiped, with nothing to report."""
    try:
        raw = (folder / WIPING_NAME).read_bytes()
        document = json.loads(raw.decode("ascii")) if len(raw) <= _MAX_MARKER_BYTES else {}
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def _report(decision: dict[str, object]) -> WipeReport | None:
    report_id = decision.get("report")
    if not isinstance(report_id, str) or not report_id.isalnum():
        return None
    return parsed_report({k: decision.get(k) for k in ("device_id", "wiped_at", "after")})


def _write_report(place: Path, report_id: str, report: WipeReport) -> None:
    """The same name each time: finishing an interrupted wipe writes one report, not two."""
    name = f"{WIPED_MARKER_PREFIX}{report_id}{WIPED_MARKER_SUFFIX}"
    write_atomically(place / name, json.dumps(report.as_dict(), sort_keys=True).encode("ascii"))


# --- the reports, read when this laptop joins the organisation again -----------------


@dataclass(frozen=True)
class ReportFile:
    path: Path
    report: WipeReport


def wipe_reports(place: Path) -> list[ReportFile]:
    """Reports left beside store folders in `place`; a damaged one is passed over."""
    found: list[ReportFile] = []
    with contextlib.suppress(OSError):
        for path in sorted(place.glob(f"{WIPED_MARKER_PREFIX}*{WIPED_MARKER_SUFFIX}")):
            try:
                raw = path.read_bytes()
                if len(raw) > _MAX_MARKER_BYTES:
                    continue
                document = json.loads(raw.decode("ascii"))
            except (OSError, ValueError):
                continue
            report = parsed_report(document)
            if report is not None:
                found.append(ReportFile(path, report))
    return found


def forget_report_files(files: list[ReportFile]) -> None:
    for file in files:
        with contextlib.suppress(FileNotFoundError):
            file.path.unlink()
