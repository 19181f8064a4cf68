"""The log keeps where an error happened and its type, never its words; and the canary
scan of `tests/written_files.py` finds a canary however a file holds it."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from facilitator_app import logs
from tests.written_files import WrittenFiles

CANARY = "Qzcanarylog-71c3"


def _fail_with_canary() -> None:
    try:
        {}[CANARY]
    except KeyError as error:
        raise RuntimeError(f"while reading {CANARY}") from error


def test_an_errors_message_never_reaches_the_log(written_files: WrittenFiles) -> None:
    log = logging.getLogger("facilitator_app.gui.runner")
    try:
        _fail_with_canary()
    except RuntimeError:
        log.exception("unexpected error in store work")
    for handler in logging.getLogger("facilitator_app").handlers:
        handler.flush()

    text = written_files.log_text()
    assert "unexpected error in store work" in text
    # Both errors of the chain, and the frame that raised, are there for a bug report.
    assert "builtins.KeyError" in text
    assert "which led to:" in text
    assert "builtins.RuntimeError" in text
    assert "in _fail_with_canary" in text
    assert CANARY not in text
    assert written_files.leaks(CANARY) == []


def test_the_scan_finds_a_canary_in_any_form(written_files: WrittenFiles) -> None:
    (written_files.home / "notes.txt").write_text(f"said {CANARY.lower()} quietly", "utf-8")
    (Path(tempfile.gettempdir()) / "draft.tmp").write_bytes(CANARY.encode("utf-16-le"))
    (written_files.home / f"{CANARY}.pdf").write_bytes(b"%PDF-1.4")
    logging.getLogger("facilitator_app.test").warning("quoted %s", CANARY)
    for handler in logging.getLogger("facilitator_app").handlers:
        handler.flush()

    found = {(leak.path.name, leak.how) for leak in written_files.leaks(CANARY)}
    log_name = f"{logs.current_product().folder}.log"
    assert found == {
        ("notes.txt", "UTF-8"),
        ("draft.tmp", "UTF-16"),
        (f"{CANARY}.pdf", "in the file's name"),
        (log_name, "UTF-8"),
    }
