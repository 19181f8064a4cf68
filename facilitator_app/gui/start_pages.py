"""Before a store is open: the first-start welcome, creating a store, and unlocking.

On a computer with several stores the list of them comes first (`store_list_page`);
these pages then work on the folder chosen there (`set_folder`).

These pages are the first window, so they import no store code at the top: creating
and unlocking load it when asked (by then the warm-up has usually loaded it).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError, StoreWiped, TryAgainLater
from facilitator_app.domain.passphrase import Strength, strength_hint
from facilitator_app.domain.store_role import StoreRole
from facilitator_app.gui.runner import ServiceRunner
from facilitator_app.gui.store_name_fields import StoreNameFields
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.gui.wipe_notice import WipeNotice

if TYPE_CHECKING:
    from facilitator_app.services.stores import Store


def unlock_or_wait(folder: Path, passphrase: str) -> Store:
    """Unlock through `services.stores`, imported here: this runs on the store thread.

    So if the warm-up has not loaded the store code yet, that thread loads it, and the
    window keeps answering meanwhile.
    """
    from facilitator_app.services import stores

    return stores.unlock_or_wait(folder, passphrase)


def centred(content: QWidget) -> QWidget:
    """Keep forms at a readable width in the middle of a large window."""
    page = QWidget()
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    content.setMaximumWidth(560)
    outer.addWidget(content, 3)
    outer.addStretch(1)
    return page


class WelcomePage(QWidget):
    create_requested = Signal()
    join_requested = Signal()
    list_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        # Says why the app starts here again when a store was just deleted.
        self.notice = label("", "notice")
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        layout.addSpacing(8)
        layout.addWidget(label(self.tr("Welcome"), "heading"))
        self.about = label("")
        layout.addWidget(self.about)
        self.create_button = primary_button(self.tr("Create a store for my organisation"))
        layout.addSpacing(12)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(
            label(
                self.tr("For coordinators setting up the organisation's records on this computer."),
                "hint",
            )
        )
        self.join_button = QPushButton(self.tr("Join my organisation with an invitation file"))
        layout.addSpacing(12)
        layout.addWidget(self.join_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(
            label(
                self.tr(
                    "For facilitators whose coordinator gave them an invitation file, "
                    "usually on a USB stick."
                ),
                "hint",
            )
        )
        self.list_button = QPushButton(self.tr("Back to the stores on this computer"))
        layout.addSpacing(12)
        layout.addWidget(self.list_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.list_button.setVisible(False)
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))
        self.create_button.clicked.connect(self.create_requested)
        self.join_button.clicked.connect(self.join_requested)
        self.list_button.clicked.connect(self.list_requested)
        self.set_neutral(False)

    def set_neutral(self, neutral: bool) -> None:
        """Under a neutral name the first page does not say what the records are about."""
        if neutral:
            self.about.setText(
                self.tr(
                    "This app keeps your groups' records encrypted on this computer. "
                    "It works without the internet."
                )
            )
        else:
            self.about.setText(
                self.tr(
                    "This app keeps your peer support groups' records — groups, members' "
                    "first names or pseudonyms, sessions and attendance — encrypted on this "
                    "computer. It works without the internet."
                )
            )

    def show_list_button(self, shown: bool) -> None:
        """When adding another store, a way back to the ones already here."""
        self.list_button.setVisible(shown)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class CreateStorePage(QWidget):
    """Organisation name, your name, passphrase twice with a strength hint."""

    created = Signal(object)
    cancelled = Signal()

    def __init__(self, folder: Path, runner: ServiceRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._runner = runner
        self.unlisted: str | None = None  # why the last store made is not on the list
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Create a store for my organisation"), "heading"))
        layout.addWidget(
            label(
                self.tr(
                    "Everything you record is encrypted with your passphrase. Choose one you "
                    "can remember and others cannot guess — a short sentence works well. "
                    "Without it the records cannot be opened, so keep a copy somewhere safe."
                ),
                "hint",
            )
        )
        form = QFormLayout()
        self.organisation = QLineEdit()
        self.your_name = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated = QLineEdit()
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = label("", "hint")
        form.addRow(self.tr("Organisation name"), self.organisation)
        form.addRow(self.tr("Your name"), self.your_name)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow("", self.strength)
        form.addRow(self.tr("Passphrase again"), self.repeated)
        self.naming = StoreNameFields(form, self)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.create_button = primary_button(self.tr("Create store"))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        self.folder_line = label("", "hint")
        layout.addWidget(self.folder_line)
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))

        self.passphrase.textChanged.connect(self._show_strength)
        self.create_button.clicked.connect(self._create)
        self.repeated.returnPressed.connect(self._create)
        self.back_button.clicked.connect(self.cancelled)
        self._show_strength("")
        self.set_folder(folder)

    def set_folder(self, folder: Path) -> None:
        self._folder = folder
        self.folder_line.setText(self.tr("Store folder: {0}").format(folder))

    def _show_strength(self, text: str) -> None:
        hint = strength_hint(text)
        self.strength.setText(hint.message if text else self.tr("At least 10 characters."))
        self.strength.setProperty("role", "hint" if hint.strength >= Strength.FAIR else "message")
        self.strength.style().polish(self.strength)

    def _create(self) -> None:
        from facilitator_app.services.stores import NewStore, create_store

        try:
            self.naming.check()  # before the store is made: a bad name changes nothing
        except AppError as error:
            show_message(self.message, error.message)
            return
        request = NewStore(
            folder=self._folder,
            role=StoreRole.COORDINATOR,
            organisation=self.organisation.text(),
            your_name=self.your_name.text(),
            passphrase=self.passphrase.text(),
            repeated_passphrase=self.repeated.text(),
        )
        # Back stays off too: the store being made must open on this page's folder.
        self.create_button.setEnabled(False)
        self.back_button.setEnabled(False)
        show_message(self.message, self.tr("Creating the store… this takes a few seconds."))
        self._runner.submit(lambda: create_store(request), self._done, self._failed)

    def _done(self, store: Store) -> None:
        for field in (self.organisation, self.your_name, self.passphrase, self.repeated):
            field.clear()
        self.create_button.setEnabled(True)
        self.back_button.setEnabled(True)
        show_message(self.message, "")
        self.unlisted = self.naming.register(self._folder)
        self.naming.clear()
        self.created.emit(store)

    def _failed(self, error: AppError) -> None:
        self.create_button.setEnabled(True)
        self.back_button.setEnabled(True)
        show_message(self.message, error.message)


class UnlockPage(QWidget):
    """Passphrase in, store out. Wrong passphrases get a calm line and a growing wait."""

    unlocked = Signal(object)
    forgot_requested = Signal()
    list_requested = Signal()
    wiped = Signal(str)  # the organisation's wipe policy deleted the store: what to say

    def __init__(self, folder: Path, runner: ServiceRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._runner = runner
        self._wait_left = 0
        self._just_failed = True
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Locked"), "heading"))
        self.store_name = label("", "subheading")
        self.store_name.setVisible(False)
        layout.addWidget(self.store_name)
        layout.addWidget(label(self.tr("Enter your passphrase to open the records."), "hint"))
        row = QHBoxLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.unlock_button = primary_button(self.tr("Unlock"))
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.message = message_label()
        layout.addWidget(self.message)
        self.wipe_notice = WipeNotice(folder)
        layout.addWidget(self.wipe_notice)
        self.forgot_button = QPushButton(self.tr("Forgotten your passphrase?"))
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.list_button = QPushButton(self.tr("Not your store? All stores on this computer"))
        self.list_button.setFlat(True)
        self.list_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list_button.setVisible(False)
        layout.addWidget(self.list_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))

        self.forgot_button.clicked.connect(self.forgot_requested)
        self.list_button.clicked.connect(self.list_requested)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        # A coarse timer may fire up to 5% early; "try again now" must not come
        # before the store allows the next try, or that try is turned away again.
        self._countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self._countdown.timeout.connect(self._tick)
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)

    def set_folder(self, folder: Path, name: str | None = None) -> None:
        """Unlock the store in `folder` from now on; `name` is what the list calls it.

        A wait after wrong passphrases belongs to the other store: this one says its
        own when tried (the count is kept beside each store).
        """
        if folder != self._folder:
            self._folder = folder
            self._countdown.stop()
            self._wait_left = 0
            self._just_failed = True
            self.wipe_notice.set_folder(folder)
        self.store_name.setText(name or "")
        self.store_name.setVisible(bool(name))
        self.reset()

    def show_list_button(self, shown: bool) -> None:
        self.list_button.setVisible(shown)

    def reset(self) -> None:
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.wipe_notice.refresh()
        if not self._countdown.isActive():
            self.unlock_button.setEnabled(True)
            show_message(self.message, "")

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        self.unlock_button.setEnabled(False)
        self.list_button.setEnabled(False)  # the answer must come back to this store's page
        show_message(self.message, self.tr("Unlocking…"))
        folder = self._folder
        self._runner.submit(lambda: unlock_or_wait(folder, passphrase), self._done, self._failed)

    def _done(self, store: Store) -> None:
        self.passphrase.clear()
        show_message(self.message, "")
        self.unlock_button.setEnabled(True)
        self.list_button.setEnabled(True)
        self.unlocked.emit(store)

    def _failed(self, error: AppError) -> None:
        self.passphrase.selectAll()
        self.list_button.setEnabled(True)
        self.wipe_notice.refresh()
        if isinstance(error, StoreWiped):
            self.passphrase.clear()
            self.unlock_button.setEnabled(True)
            show_message(self.message, "")
            self.wiped.emit(error.message)
            return
        if isinstance(error, TryAgainLater):
            self._just_failed = error.just_failed
            self._start_wait(math.ceil(error.wait_seconds))
            return
        self.unlock_button.setEnabled(True)
        show_message(self.message, error.message)

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self.unlock_button.setEnabled(False)
        self._tick_text()
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            show_message(self.message, self.tr("You can try again now."))
            return
        self._tick_text()

    def _tick_text(self) -> None:
        if self._wait_left == 1:
            wait = self.tr("You can try again in 1 second.")
        else:
            wait = self.tr("You can try again in {0} seconds.").format(self._wait_left)
        if self._just_failed:
            wait = self.tr("That passphrase did not work.") + " " + wait
        show_message(self.message, wait)
