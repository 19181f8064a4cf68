"""Finds files in `resources/`, whether running from a checkout, a wheel or a frozen build.

- A frozen build (PyInstaller) holds them in `resources/` beside its unpacked code.
- A checkout, or an editable install of one, has them beside the package.
- A wheel installs them as data files, under `share/facilitator_app/resources` in the
  data folder of whichever install scheme holds the package: a virtual environment, the
  system's Python or a user's own (`pip install --user`) each put it somewhere else.
"""

from __future__ import annotations

import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent
WHEEL_DATA = Path("share", "facilitator_app", "resources")


def resources_root() -> Path:
    for candidate in _candidates():
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The app's resources folder is missing; reinstall the app.")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


def _candidates() -> Iterator[Path]:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller's folder for bundled data
    if frozen:
        yield Path(frozen) / "resources"
    yield _PACKAGE_ROOT.parent / "resources"
    yield from _installed_data_folders()


def _installed_data_folders() -> Iterator[Path]:
    installed_in = _PACKAGE_ROOT.parent
    for scheme in sysconfig.get_scheme_names():
        try:
            paths = sysconfig.get_paths(scheme)
        except KeyError:  # a scheme this platform lists but cannot expand
            continue
        libraries = {Path(paths[key]).resolve() for key in ("purelib", "platlib") if key in paths}
        if installed_in in libraries and "data" in paths:
            yield Path(paths["data"]) / WHEEL_DATA
