"""Finds files in `resources/`, whether running from a checkout, a wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent


def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data beside the code
    candidates = [
        Path(frozen) / "resources" if frozen else None,
        _PACKAGE_ROOT.parent / "resources",  # a checkout, or an editable install
        Path(sys.prefix) / "share" / "facilitator_app" / "resources",  # a wheel's data files
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FileNotFoundError("The app's resources folder is missing; reinstall the app.")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
