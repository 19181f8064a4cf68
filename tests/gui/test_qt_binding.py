"""Guards against a Qt binding that leaks references on calls from Python.

PySide6 6.12.0 dropped a reference to None (or False) on every void call, so after
enough clicks and updates a long session ended in "Fatal Python error: none_dealloc".
This runs that many calls in a fresh process and checks it exits cleanly.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 30_000

SCRIPT = f"""
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication([])
button = QPushButton()
button.clicked.connect(lambda: None)
for _ in range({CALLS}):
    button.setEnabled(True)
    button.setText("x")
    button.click()
"""


def test_many_calls_into_qt_leave_the_interpreter_sound() -> None:
    environment = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Fatal Python error" not in result.stderr
