"""Draws the app icon (resources/icons/app.svg) as the PNGs the installers need.

    python packaging/make_icons.py build/

writes build/icons/app-1024.png (PyInstaller turns it into Windows' .ico and macOS'
.icns with Pillow) and build/icons/app-256.png (the Linux desktop entry and AppImage).
Qt draws the SVG, so nothing beyond the app's own requirements is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1024, 256)


def make_icons(build: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/app.svg could not be read as SVG.")
    folder = build / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)  # the icon's rounded corners stay see-through
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = folder / f"app-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"Could not write {path}.")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in make_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build")):
        print(path)
