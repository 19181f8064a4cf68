"""Logging to the platform's log folder, rotated. Log events, never personal data or text."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from facilitator_app.product import current_product
from facilitator_app.store.files import make_private_dir

MAX_BYTES = 512 * 1024
BACKUPS = 3


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(current_product().folder, appauthor=False))


def configure_logging(folder: Path | None = None) -> None:
    folder = folder or log_folder()
    try:
        make_private_dir(folder)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / f"{current_product().folder}.log",
            maxBytes=MAX_BYTES,
            backupCount=BACKUPS,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("facilitator_app")
    root.setLevel(logging.INFO)
    root.handlers[:] = [handler]
    root.propagate = False
