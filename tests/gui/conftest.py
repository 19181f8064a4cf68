"""GUI fixtures: a main window on a fresh store folder, driven as a person would."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from facilitator_app.gui.document_dialog import DocumentDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.pdf_preview import PdfPreview
from facilitator_app.services import pairing, passphrase_change, recovery, stores
from facilitator_app.store.keys import KdfParams
from tests.pdf_reading import flat_text

PASSPHRASE = "a quiet walk by the river"
# Making a PDF on the store thread takes a moment, and longer on a busy machine.
PDF_TIMEOUT = 30_000


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its floor (t=3, 64 MiB) instead of calibrating to a full second."""
    monkeypatch.setattr(stores, "calibrate_kdf", KdfParams)
    monkeypatch.setattr(pairing, "calibrate_kdf", KdfParams)  # joining with an invitation
    monkeypatch.setattr(recovery, "calibrate_kdf", KdfParams)
    monkeypatch.setattr(passphrase_change, "calibrate_kdf", KdfParams)


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator:
    windows: list[MainWindow] = []

    def make(folder: Path | None = None) -> MainWindow:
        window = MainWindow(folder or tmp_path / "store")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def create_store_in_window(
    qtbot,
    window: MainWindow,
    passphrase: str = PASSPHRASE,
    organisation: str = "Riverside Survivors' Network",
) -> None:
    """First start: the welcome page, then the create form, then the open workspace."""
    assert window.stack.currentWidget() is window.welcome_page
    window.welcome_page.create_button.click()
    page = window.create_page
    assert window.stack.currentWidget() is page
    page.organisation.setText(organisation)
    page.your_name.setText("Morgan")
    page.passphrase.setText(passphrase)
    page.repeated.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.create_button.click()


def unlock_in_window(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    assert window.stack.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        window.unlock_page.unlock_button.click()


def lock_and_wait(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_now()


def plan_new_session(qtbot, window: MainWindow, *, save: bool = True) -> None:
    """Go to the Sessions tab, start a new session for the chosen group, and save it."""
    window.workspace.tabs.setCurrentWidget(window.workspace.sessions_page)
    sessions = window.workspace.sessions_page
    qtbot.waitUntil(lambda: sessions.plan_button.isEnabled())
    sessions.plan_button.click()
    if save:
        sessions.editor.save_button.click()
        qtbot.waitUntil(lambda: sessions.register_panel.isEnabled())


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a person could read in the window right now."""
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(row).text() for row in range(widget.count()))
    texts.append(root.windowTitle())
    return texts


def app_clipboard_text() -> str:
    return QApplication.clipboard().text()


# --- waiting for the store thread -------------------------------------------------


@contextmanager
def store_work_done(qtbot, window: MainWindow, timeout: int = PDF_TIMEOUT) -> Iterator[None]:
    """Wait until the store work started in the block (and all it led to) has come back.

    Only for actions that do start store work: otherwise nothing comes back to wait for.
    """
    with qtbot.waitSignal(window.runner.idle, timeout=timeout):
        yield


def show_tab(qtbot, window: MainWindow, title: str) -> None:
    """Click a tab by its title, and let whatever it reloads arrive."""
    tabs = window.workspace.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    page = tabs.widget(index)
    reloads = page is window.workspace.sessions_page or page is window.workspace.handouts_page
    if reloads and tabs.currentIndex() != index:
        with store_work_done(qtbot, window):
            tabs.setCurrentIndex(index)
    else:
        tabs.setCurrentIndex(index)


# --- PDFs on screen ---------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def pdf_text(data: bytes) -> str:
    """All the text of a PDF on one line; cached, as waits ask again and again."""
    return flat_text(data) if data else ""


def wait_for_pdf(qtbot, preview: PdfPreview, *phrases: str, absent: Sequence[str] = ()) -> str:
    """Wait until the preview shows a PDF holding every phrase (and none of `absent`)."""

    def shown() -> None:
        assert preview.page_count >= 1
        text = pdf_text(preview.data)
        for phrase in phrases:
            assert phrase in text, phrase
        for phrase in absent:
            assert phrase not in text, phrase

    qtbot.waitUntil(shown, timeout=PDF_TIMEOUT)
    return pdf_text(preview.data)


def choose_handout(qtbot, window: MainWindow, title: str, *phrases: str) -> bytes:
    """On the Handouts tab, click a handout and wait for its preview (holding `phrases`)."""
    show_tab(qtbot, window, "Handouts")
    page = window.workspace.handouts_page
    row = row_starting(page.handout_list, title)
    if page.handout_list.currentRow() != row:
        with store_work_done(qtbot, window):
            page.handout_list.setCurrentRow(row)
    wait_for_pdf(qtbot, page.preview, title, *phrases)
    return page.preview.data


def open_paper(window: MainWindow, button: QAbstractButton) -> DocumentDialog:
    """Click a button that opens a paper, and return the window it opened."""
    before = window.findChildren(DocumentDialog)
    button.click()
    opened = [d for d in window.findChildren(DocumentDialog) if all(d is not b for b in before)]
    assert len(opened) == 1, opened
    assert opened[0].isVisible()
    return opened[0]


def visible_dialogs() -> list[QDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog) and widget.isVisible()
    ]


# --- building records through the screens -------------------------------------------


def add_group(
    qtbot,
    window: MainWindow,
    name: str,
    members: Sequence[str] = (),
    *,
    agreement: str | None = None,
) -> None:
    """On the Groups tab: a new group, saved, then its members added one by one."""
    window.workspace.tabs.setCurrentWidget(window.workspace.groups_page)
    page = window.workspace.groups_page
    page.new_button.click()
    page.editor.name.setText(name)
    if agreement is not None:
        page.editor.agreement.setPlainText(agreement)
    count = page.group_list.count()
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.group_list.count() == count + 1)
    qtbot.waitUntil(
        lambda: (
            page.members.isEnabled()
            and page.editor.group is not None
            and page.editor.group.name == name
        )
    )
    page.detail_tabs.setCurrentIndex(1)
    for member in members:
        page.members.add_button.click()
        page.members.name.setText(member)
        page.members.consent_given.tick.setChecked(True)
        count = page.members.member_list.count()
        page.members.save_button.click()
        qtbot.waitUntil(lambda count=count: page.members.member_list.count() == count + 1)


def plan_session(
    qtbot, window: MainWindow, topic: str, *, lead: str | None = None, register_size: int = 0
) -> None:
    """On the Sessions tab: plan a session for the chosen group, and wait until it is shown."""
    show_tab(qtbot, window, "Sessions")
    page = window.workspace.sessions_page
    qtbot.waitUntil(lambda: page.plan_button.isEnabled())
    count = page.session_list.count()
    page.plan_button.click()
    page.editor.topic.setText(topic)
    if lead is not None:
        page.editor.lead.setCurrentIndex(page.editor.lead.findText(lead))
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.session_list.count() == count + 1)
    qtbot.waitUntil(
        lambda: page.editor.session is not None and page.editor.session.fields.topic == topic
    )
    qtbot.waitUntil(lambda: page.register_panel.isEnabled())
    if register_size:
        qtbot.waitUntil(lambda: page.register_panel.register_list.count() == register_size)


def list_texts(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def row_starting(widget: QListWidget, text: str) -> int:
    """The row whose text starts with `text` (a name, before any marks after it)."""
    rows = [row for row in range(widget.count()) if widget.item(row).text().startswith(text)]
    assert len(rows) == 1, (text, list_texts(widget))
    return rows[0]
