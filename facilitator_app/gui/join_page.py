"""First start on a facilitator's laptop: join the organisation with an invitation file.

The file is checked as soon as it is chosen, so the person sees which organisation
invited them and until when, or one plain sentence about what is wrong with it.
Joining creates this laptop's encrypted store (about a second of key stretching, on
the store thread) and opens it; the Sync tab then shows the laptop's fingerprint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import format_day
from facilitator_app.domain.passphrase import Strength, strength_hint
from facilitator_app.gui import stick_chooser
from facilitator_app.gui.runner import ServiceRunner
from facilitator_app.gui.start_pages import centred
from facilitator_app.gui.store_name_fields import StoreNameFields
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import pairing
from facilitator_app.services.pairing import JoinRequest, ReadInvitation
from facilitator_app.services.stores import Store

INVITATION_FILTER = "Invitation files (*.fainvite);;All files (*)"


def ask_for_invitation(parent: QWidget) -> Path | None:
    """The file dialog, opening on a plugged-in USB stick when there is one."""
    sticks = stick_chooser.likely_sticks(stick_chooser.mounted_volumes())
    start = sticks[0].path if sticks else Path.home()
    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Choose the invitation file"), str(start), parent.tr(INVITATION_FILTER)
    )
    return Path(path) if path else None


class JoinPage(QWidget):
    """Invitation file, your name, passphrase twice; `joined` carries the open store."""

    joined = Signal(object)
    cancelled = Signal()

    def __init__(self, folder: Path, runner: ServiceRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._runner = runner
        self.unlisted: str | None = None  # why the store just joined is not on the list
        self._invitation: Path | None = None  # checked and fit to join with
        self._chosen: Path | None = None  # being read
        self._working = False
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Join my organisation"), "heading"))
        layout.addWidget(
            label(
                self.tr(
                    "Your coordinator gives you an invitation file, usually on a USB stick. "
                    "It works once, for a limited time. Everything you record on this laptop "
                    "is encrypted with a passphrase that only you know."
                ),
                "hint",
            )
        )
        self.invitation_file = QLineEdit()
        self.invitation_file.setReadOnly(True)
        self.invitation_file.setPlaceholderText(self.tr("No file chosen yet"))
        self.choose_button = QPushButton(self.tr("Choose file…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.invitation_file, 1)
        file_row.addWidget(self.choose_button)
        self.invitation_info = label("", "hint")
        self.your_name = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated = QLineEdit()
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = label("", "hint")
        form = QFormLayout()
        form.addRow(self.tr("Invitation file"), file_row)
        form.addRow("", self.invitation_info)
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
        self.join_button = primary_button(self.tr("Join"))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.join_button)
        layout.addLayout(buttons)
        layout.addWidget(label(self.tr("Store folder: {0}").format(folder), "hint"))
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))
        self.invitation_info.setVisible(False)
        self.join_button.setEnabled(False)

        self.choose_button.clicked.connect(self._choose)
        self.passphrase.textChanged.connect(self._show_strength)
        self.join_button.clicked.connect(self._join)
        self.repeated.returnPressed.connect(self._join)
        self.back_button.clicked.connect(self.cancelled)
        self._show_strength("")

    def _show_strength(self, text: str) -> None:
        hint = strength_hint(text)
        self.strength.setText(hint.message if text else self.tr("At least 10 characters."))
        self.strength.setProperty("role", "hint" if hint.strength >= Strength.FAIR else "message")
        self.strength.style().polish(self.strength)

    # --- the invitation --------------------------------------------------------------

    def _choose(self) -> None:
        path = ask_for_invitation(self)
        if path is not None:
            self.use_invitation(path)

    def use_invitation(self, path: Path) -> None:
        """Check the file at once: which organisation, until when, or what is wrong."""
        self._invitation = None
        self._chosen = path
        self.join_button.setEnabled(False)
        # The name reads better than a long path cut off at the start; the path is a hover away.
        self.invitation_file.setText(path.name)
        self.invitation_file.setToolTip(str(path))
        show_message(self.invitation_info, self.tr("Reading the invitation…"), "hint")
        self._runner.submit(
            lambda: pairing.read_invitation(path),
            lambda found: self._read(path, found),
            lambda error: self._unreadable(path, error),
        )

    def _read(self, path: Path, invitation: ReadInvitation) -> None:
        if self._chosen != path:
            return  # another file was chosen meanwhile
        self._invitation = path
        until = invitation.expires_at.astimezone().date()
        show_message(
            self.invitation_info,
            self.tr("An invitation to join {0}. It can be used until {1}.").format(
                invitation.organisation, f"{format_day(until)} {until.year}"
            ),
            "hint",
        )
        self.join_button.setEnabled(not self._working)
        self.your_name.setFocus()

    def _unreadable(self, path: Path, error: AppError) -> None:
        if self._chosen == path:
            show_message(self.invitation_info, error.message, "message")

    # --- joining ---------------------------------------------------------------------

    def _join(self) -> None:
        invitation = self._invitation
        if invitation is None or self._working:
            return
        try:
            self.naming.check()  # before the store is made: a bad name changes nothing
        except AppError as error:
            show_message(self.message, error.message, "message")
            return
        request = JoinRequest(
            folder=self._folder,
            invitation_file=invitation,
            your_name=self.your_name.text(),
            passphrase=self.passphrase.text(),
            repeated_passphrase=self.repeated.text(),
        )
        self._working = True
        self.join_button.setEnabled(False)
        self.back_button.setEnabled(False)  # the store being made opens on this folder
        show_message(
            self.message, self.tr("Setting up this laptop… this takes a few seconds."), "hint"
        )
        self._runner.submit(lambda: pairing.join_organisation(request), self._done, self._failed)

    def _done(self, store: Store) -> None:
        for field in (self.your_name, self.passphrase, self.repeated, self.invitation_file):
            field.clear()
        self._invitation = self._chosen = None
        self._working = False
        self.back_button.setEnabled(True)
        self.invitation_file.setToolTip("")
        self.invitation_info.setVisible(False)
        show_message(self.message, "")
        self.unlisted = self.naming.register(self._folder)
        self.naming.clear()
        self.joined.emit(store)

    def _failed(self, error: AppError) -> None:
        self._working = False
        self.back_button.setEnabled(True)
        self.join_button.setEnabled(self._invitation is not None)
        show_message(self.message, error.message, "message")
