"""Logging to the platform's log folder, rotated. Log events, never personal data or text."""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from facilitator_app.product import current_product
from facilitator_app.store.files import make_private_dir

MAX_BYTES = 512 * 1024
BACKUPS = 3


class PrivateFormatter(logging.Formatter):
    """Tracebacks by where they happened and what kind of error, never the error's words.

    An exception's message can carry data our code never wrote into it: a key error
    names the missing key, a decoding error quotes the bytes, a file error names the
    file a person chose. So the log keeps each frame's file, line and function, and the
    exception's type (and those of its causes), which is what a bug report needs.
    """

    def formatException(  # noqa: N802 (logging's name)
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        error = ei[1]
        if error is None:
            return ""
        return "\n".join(_described(error, seen=set()))


def _described(error: BaseException, seen: set[int]) -> list[str]:
    seen.add(id(error))
    lines: list[str] = []
    cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    if cause is not None and id(cause) not in seen:
        lines += _described(cause, seen)
        lines.append("which led to:")
    lines.append("Traceback (the error's message is not logged):")
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{type(error).__module__}.{type(error).__qualname__}")
    return lines


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
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("facilitator_app")
    root.setLevel(logging.INFO)
    root.handlers[:] = [handler]
    root.propagate = False
