"""The first window loads only what it shows; the rest loads after it is painted.

Run in a fresh process, the way the app starts (`facilitator_app.main.main`), because
this test process has long since imported everything. Nothing here is timed: the
modules present at the first paint are what decides how quickly that paint comes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator_app.services.store_folder import is_store_folder
from facilitator_app.store.keys import KEYS_NAME

# Started in the child before the app: notes the modules at the first paint, then
# once the window's warm-up has finished, and prints both as JSON.
CHILD = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
seen = {}

def report():
    seen["after_warm_up"] = sorted(sys.modules)
    print(json.dumps(seen), flush=True)
    os._exit(0)

def painted():
    seen["at_first_paint"] = sorted(sys.modules)
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "warm_up"))
    seen["page"] = type(window.stack.currentWidget()).__name__
    if window.warm_up.is_finished:
        report()
    window.warm_up.finished.connect(report)

class FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, painted)
        return False

first_paint = FirstPaint()
app.installEventFilter(first_paint)
QTimer.singleShot(60_000, lambda: os._exit(3))  # never hang the test run

from facilitator_app.main import main
main(["--store", sys.argv[1]])
"""

# Each is a large share of the cold start and is not needed to show the start pages.
NOT_BEFORE_THE_FIRST_PAINT = (
    "reportlab",
    "pypdf",
    "sqlcipher3",
    "argon2",
    "nacl",
    "cryptography",
    "facilitator_app.cli.commands",
    "facilitator_app.cli.sync_commands",
    "facilitator_app.documents",
    "facilitator_app.store.store",
    "facilitator_app.sync",
    "facilitator_app.services.stores",
    "facilitator_app.services.pairing",
    "facilitator_app.services.handouts",
    "facilitator_app.gui.workspace",
    "facilitator_app.gui.join_page",
)
# What unlocking and opening the workspace need, loaded while the passphrase is typed.
AFTER_THE_WARM_UP = (
    "facilitator_app.services.stores",
    "facilitator_app.services.settings",
    "facilitator_app.services.drafts",
    "facilitator_app.store.store",
    "facilitator_app.gui.workspace",
    "facilitator_app.gui.join_page",
    "reportlab",
    "pypdf",
)


def start_the_app(folder: Path, home: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(home / name.lower())
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def loaded(modules: object, name: str) -> bool:
    assert isinstance(modules, list)
    return any(m == name or m.startswith(f"{name}.") for m in modules)


@pytest.mark.parametrize(
    ("has_store", "page"), [(False, "WelcomePage"), (True, "UnlockPage")], ids=["new", "locked"]
)
def test_the_first_window_loads_only_the_start_pages(
    tmp_path: Path, *, has_store: bool, page: str
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    if has_store:
        (folder / KEYS_NAME).write_text("{}")  # all the start page looks at
        assert is_store_folder(folder)

    report = start_the_app(folder, tmp_path / "home")

    assert report["page"] == page
    at_paint = report["at_first_paint"]
    assert loaded(at_paint, "facilitator_app.gui.start_pages")
    early = [name for name in NOT_BEFORE_THE_FIRST_PAINT if loaded(at_paint, name)]
    assert early == []
    after = report["after_warm_up"]
    missing = [name for name in AFTER_THE_WARM_UP if not loaded(after, name)]
    assert missing == []
