"""Starts the Qt application on a store folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from facilitator_app import __version__
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.style import apply_style
from facilitator_app.product import current_product
from facilitator_app.resource_files import resource_path
from facilitator_app.services.store_index import StoreIndex


def make_application() -> QApplication:
    """The QApplication, named as this build is named (a neutral name where chosen)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    product = current_product()
    app.setApplicationName(product.name)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(product.program)  # ties the window to its desktop entry and icon
    apply_style(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    return app


def run_gui(folder: Path | None) -> int:
    """`folder` (from --store) opens that store alone; None starts from the list of the
    stores on this computer."""
    app = make_application()
    window = MainWindow(folder, stores=StoreIndex.for_this_user())
    window.show()
    return app.exec()
