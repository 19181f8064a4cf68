"""Starts the Qt application on a store folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from facilitator_app import APP_NAME, __version__
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.style import apply_style
from facilitator_app.resource_files import resource_path


def run_gui(folder: Path) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    apply_style(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    window = MainWindow(folder)
    window.show()
    return app.exec()
