"""Issue 10: an evening in the window leaves what a person typed in no file but the store.

The organisation's name, the passphrase, a group, a pseudonym, a topic and session
notes are canaries. The person creates the store, adds the group, plans the session,
takes the register and writes notes, tries to copy the notes, meets a bug in the store
work (whose message quotes a canary), locks, unlocks and locks again. Then every file
under the test's folder, and the home, config, cache, data, log and temp folders Qt and
the app were pointed at (`tests/written_files.py`), is read for the canaries.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import (
    add_group,
    create_store_in_window,
    lock_and_wait,
    plan_session,
    unlock_in_window,
)
from tests.written_files import WrittenFiles

ORGANISATION = "Qzcanary Organisation"
PASSPHRASE = "qzcanary-passphrase under the old bridge"
GROUP = "Qzcanary Group"
PSEUDONYM = "Qzcanaryname"
TOPIC = "qzcanary-topic-2f9a"
NOTES = "qzcanary-notes-c7e0"
BUG = "qzcanary-bug-0d4b"
CANARIES = (ORGANISATION, PASSPHRASE, GROUP, PSEUDONYM, TOPIC, NOTES, BUG)


def _bug() -> None:
    raise RuntimeError(f"could not read {BUG}")


def test_an_evening_in_the_window_writes_no_canary_outside_the_store(
    qtbot, written_files: WrittenFiles, make_window
) -> None:
    window = make_window()
    create_store_in_window(qtbot, window, PASSPHRASE, ORGANISATION)
    add_group(qtbot, window, GROUP, [PSEUDONYM])
    plan_session(qtbot, window, TOPIC, register_size=1)
    panel = window.workspace.sessions_page.register_panel
    panel.notes.setPlainText(NOTES)
    panel.save_notes_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Notes saved.")

    panel.notes.selectAll()
    panel.notes.copy()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "")

    failures: list[str] = []
    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        window.runner.submit(
            _bug, lambda _result: None, lambda error: failures.append(error.message)
        )
    assert failures
    assert BUG not in failures[0]

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    lock_and_wait(qtbot, window)
    window.close()

    log = written_files.log_text()
    assert "unexpected error in store work" in log
    assert "builtins.RuntimeError" in log
    assert "store.db" in {path.name for path in written_files.files()}
    assert [str(leak) for leak in written_files.leaks(*CANARIES)] == []
