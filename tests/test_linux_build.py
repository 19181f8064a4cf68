"""The Linux build script refuses a name the app would refuse, before it touches anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BUILD = Path(__file__).resolve().parent.parent / "packaging" / "linux" / "build.sh"


def test_an_unusable_product_name_stops_the_build_with_the_reason(tmp_path: Path) -> None:
    marker = tmp_path / "pyinstaller-ran"
    # A stand-in Python that answers the name check as the real one does, and leaves a
    # mark if the build ever went on to use it for PyInstaller.
    python = tmp_path / "python"
    python.write_text(
        f'#!/bin/sh\ncase "$1" in -m) touch "{marker}";; esac\nexec "{sys.executable}" "$@"\n'
    )
    python.chmod(0o755)
    env = {**os.environ, "PRODUCT_NAME": "Plans/notes", "PYTHON": str(python)}
    done = subprocess.run(
        ["bash", str(BUILD)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert "PRODUCT_NAME 'Plans/notes' cannot be used: The name must not contain" in done.stderr
    assert "Building" not in done.stdout
    assert not marker.exists()
