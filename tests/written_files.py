"""Every file a test made the app write, and whether any of them gives away a canary.

A test that plants canary strings (a pseudonym, a note, a passphrase) in what a person
types asks `WrittenFiles.leaks` afterwards: the test's own folder, and the home, data,
cache, config, log and temp folders the app was pointed at, are read byte by byte. The
store's database, its key file, bundles and backups are all there; none may hold a
canary in UTF-8, UTF-16 or any letter case, nor in a file's name.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app import logs

_ENVIRONMENT = ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")


@dataclass(frozen=True)
class Leak:
    path: Path
    canary: str
    how: str

    def __str__(self) -> str:
        return f"{self.path}: {self.canary!r} ({self.how})"


class WrittenFiles:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.temp = root / "temp"
        self.log_folder = self.home / "logs"

    def files(self) -> list[Path]:
        return sorted(path for path in self.root.rglob("*") if path.is_file())

    def log_text(self) -> str:
        return "".join(path.read_text("utf-8") for path in self.log_folder.glob("*.log*"))

    def leaks(self, *canaries: str) -> list[Leak]:
        assert canaries, "no canaries to look for"
        assert all(len(canary) >= 6 for canary in canaries), "canaries this short match by chance"
        found: list[Leak] = []
        for path in self.files():
            data = path.read_bytes()
            lowered = data.lower()
            for canary in canaries:
                if canary.lower() in str(path.relative_to(self.root)).lower():
                    found.append(Leak(path, canary, "in the file's name"))
                for how, form in _forms(canary):
                    if form in data or form.lower() in lowered:
                        found.append(Leak(path, canary, how))
                        break
        return found


def _forms(canary: str) -> list[tuple[str, bytes]]:
    return [
        ("UTF-8", canary.encode("utf-8")),
        ("UTF-16", canary.encode("utf-16-le")),
        ("UTF-16 big-endian", canary.encode("utf-16-be")),
    ]


@pytest.fixture
def written_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WrittenFiles]:
    """Point every folder the app may write to inside this test's folder, and log there."""
    watched = WrittenFiles(tmp_path)
    watched.home.mkdir()
    watched.temp.mkdir()
    monkeypatch.setenv("HOME", str(watched.home))
    for name in _ENVIRONMENT[1:]:
        monkeypatch.setenv(name, str(watched.home / name.lower()))
    monkeypatch.setenv("TMPDIR", str(watched.temp))
    monkeypatch.setattr(tempfile, "tempdir", str(watched.temp))
    monkeypatch.setattr(logs, "log_folder", lambda: watched.log_folder)
    root = logging.getLogger("facilitator_app")
    handlers, level, propagate = root.handlers[:], root.level, root.propagate
    logs.configure_logging()
    try:
        yield watched
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        root.propagate = propagate
