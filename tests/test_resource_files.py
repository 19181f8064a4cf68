from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from facilitator_app import resource_files


def test_resources_are_found_from_a_checkout() -> None:
    icon = resource_files.resource_path("icons", "app.svg")
    assert icon.is_file()
    assert icon.read_text("utf-8").startswith("<svg")


def test_a_frozen_build_looks_beside_the_unpacked_code(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_files.resources_root() == tmp_path / "resources"


def test_missing_resources_say_so(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resource_files, "_PACKAGE_ROOT", tmp_path / "pkg")
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="reinstall"):
        resource_files.resources_root()


# A wheel is built from a copy of the checkout (building in place would leave build/ and
# egg-info there) and installed into a virtual environment of its own, without pip's
# network or build isolation; the test's own setuptools builds it.
WHEEL_PARTS = ("pyproject.toml", "README.md", "facilitator_app", "resources")


def _build_wheel(into: Path) -> Path:
    checkout = Path(resource_files.__file__).resolve().parent.parent
    source = into / "source"
    source.mkdir()
    for part in WHEEL_PARTS:
        if (checkout / part).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(checkout / part, source / part, ignore=ignore)
        else:
            shutil.copy2(checkout / part, source / part)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(into / "wheels"),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return next((into / "wheels").glob("*.whl"))


def test_an_installed_wheel_finds_every_resource_the_checkout_has(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    found = subprocess.run(
        [
            str(python),
            "-c",
            "from facilitator_app.resource_files import resources_root; print(resources_root())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout, whose resources/ would be found instead
    ).stdout.strip()
    installed = Path(found)
    assert installed.is_relative_to(env_dir)
    checkout = resource_files.resources_root()
    assert _files_under(installed) == _files_under(checkout)
    assert (installed / "fonts" / "DejaVuSans.ttf").read_bytes() == (
        checkout / "fonts" / "DejaVuSans.ttf"
    ).read_bytes()


def _files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
