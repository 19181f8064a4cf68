"""Backups and keys on the Settings tab: make a backup, restore one, re-encrypt the store.

Making a backup runs while the store is open, with progress. Restoring and
re-encrypting replace the store's files, so each first says exactly what will happen
and asks for the passphrase in place; the window then locks (drafts are kept, the
store closes), the work runs on the store thread, and the unlock page says how it
went. Unlocking again opens the store as it now is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.profile_section import button_row
from facilitator_app.gui.runner import WorkProgress
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import backups, key_rotation
from facilitator_app.services.backups import BackupFacts
from facilitator_app.services.stores import StoreRole


@dataclass(frozen=True)
class StoreReplacement:
    """Work that replaces the store's files: run by the window once it has locked."""

    work: Callable[[Path], object]
    done_text: str


class BackupsBox(QGroupBox):
    replacement_requested = Signal(object)  # a StoreReplacement

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backups and keys"), parent)
        self._access = access
        self._work: WorkProgress | None = None
        self._confirmed: Callable[[str], None] = lambda _passphrase: None
        self.backup_button = QPushButton(self.tr("Make a backup…"))
        self.restore_button = QPushButton(self.tr("Restore from a backup…"))
        self.rotate_button = QPushButton(self.tr("Re-encrypt with a new key…"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.message = message_label()

        self.question = QFrame()
        self.question_text = label("", "notice")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMaximumWidth(360)
        self.passphrase_hint = label("", "hint")
        self.go_button = primary_button("")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        question_layout = QVBoxLayout(self.question)
        question_layout.setContentsMargins(0, 0, 0, 0)
        question_layout.addWidget(self.question_text)
        question_layout.addWidget(self.passphrase_hint)
        question_layout.addWidget(self.passphrase)
        question_layout.addLayout(button_row(self.cancel_button, self.go_button))
        self.question.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "A backup is one encrypted file holding everything in this store. It "
                    "opens only with the passphrase the store has on the day it is made. "
                    "Keep it somewhere safe, away from this computer."
                ),
                "hint",
            )
        )
        layout.addLayout(button_row(self.backup_button, self.restore_button, self.rotate_button))
        layout.addWidget(self.progress)
        layout.addWidget(self.question)
        layout.addWidget(self.message)
        self.backup_button.clicked.connect(self._choose_backup_folder)
        self.restore_button.clicked.connect(self._choose_backup_file)
        self.rotate_button.clicked.connect(self.ask_rotate)
        self.cancel_button.clicked.connect(self._dismiss)
        self.go_button.clicked.connect(self._go)
        self.passphrase.returnPressed.connect(self._go)

    # --- making a backup ------------------------------------------------------------

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to save the backup"))
        if folder:
            self.make_backup_in(Path(folder))

    def make_backup_in(self, folder: Path) -> None:
        if self._work is not None:
            return
        access = self._access
        work = WorkProgress(lambda: access.is_open)
        self._work = work
        work.progressed.connect(self._progressed)
        self._dismiss()
        self._set_busy(True)
        show_message(self.message, self.tr("Writing the backup to {0}…").format(folder), "hint")
        access.call(
            backups.make_backup,
            folder,
            progress=work.report,
            cancelled=work.is_cancelled,
            done=self._backup_written,
            failed=self._backup_failed,
        )

    def _progressed(self, done: int, total: int) -> None:
        if self._work is not None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _backup_written(self, path: Path) -> None:
        self._work = None
        self._set_busy(False)
        show_message(
            self.message,
            self.tr("Saved and checked: {0} in {1}.").format(path.name, path.parent),
            "hint",
        )

    def _backup_failed(self, error: AppError) -> None:
        self._work = None
        self._set_busy(False)
        show_message(self.message, error.message)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        for button in (self.backup_button, self.restore_button, self.rotate_button):
            button.setEnabled(not busy)

    # --- restoring --------------------------------------------------------------------

    def _choose_backup_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a backup"),
            "",
            self.tr("Backups (*{0})").format(backups.SUFFIX),
        )
        if path:
            self.ask_restore(Path(path))

    def ask_restore(self, path: Path) -> None:
        show_message(self.message, "")
        try:
            facts = backups.read_backup_facts(path)
        except AppError as error:
            show_message(self.message, error.message)
            return
        if facts.store_id != self._access.facts.store_id:
            show_message(self.message, backups.NOT_THIS_STORE)
            return
        day = self.backup_day(facts)
        comes_back = (
            self.tr("What laptops sent since then comes back at their next sync. ")
            if self._access.facts.role is StoreRole.COORDINATOR
            else self.tr("What you synced since then comes back at your next sync. ")
        )
        self._ask(
            self.tr(
                "Restore the backup made on {0}? Everything in this store is replaced by "
                "it: anything added or changed here since then is lost on this computer. "
                "{1}The passphrase goes back to the one the store had then. The app "
                "locks, checks the whole backup and only then replaces the store; if "
                "anything is wrong, nothing is changed."
            ).format(day, comes_back),
            self.tr("The store's passphrase on {0}").format(day),
            self.tr("Restore"),
            lambda passphrase: self._check_backup(facts, passphrase),
        )

    def backup_day(self, facts: BackupFacts) -> str:
        made = facts.created_at.astimezone()
        return self.tr("{0} at {1}").format(f"{made.day} {made:%B %Y}", f"{made:%H:%M}")

    def _check_backup(self, facts: BackupFacts, passphrase: str) -> None:
        show_message(self.message, self.tr("Checking the passphrase…"), "hint")
        self._access.call(
            backups.check_backup_for,
            facts.path,
            passphrase,
            done=lambda _facts: self._restore(facts, passphrase),
            failed=self._refused,
        )

    def _restore(self, facts: BackupFacts, passphrase: str) -> None:
        path = facts.path
        self._request(
            lambda folder: backups.restore_backup(folder, path, passphrase),
            self.tr(
                "The backup made on {0} is back in place. Unlock with the passphrase the "
                "store had then."
            ).format(self.backup_day(facts)),
        )

    # --- re-encrypting ----------------------------------------------------------------

    def ask_rotate(self) -> None:
        show_message(self.message, "")
        text = self.tr(
            "The store will be re-encrypted with a new key. Your passphrase stays the "
            "same. The app locks while it copies and checks the store, then swaps the "
            "copy in; if anything goes wrong, the store stays as it is. Backups made "
            "before now still open with the passphrase they were made with; copies "
            "kept from earlier app upgrades are removed."
        )
        if self._access.facts.role is StoreRole.COORDINATOR:
            text += " " + self.tr(
                "Your recovery sheet stops working: make and print a new one afterwards "
                "(the Home tab reminds you)."
            )
        self._ask(
            text,
            self.tr("Your passphrase"),
            self.tr("Re-encrypt"),
            self._check_rotation,
        )

    def _check_rotation(self, passphrase: str) -> None:
        show_message(self.message, self.tr("Checking the passphrase…"), "hint")
        self._access.call(
            key_rotation.check_passphrase,
            passphrase,
            done=lambda _none: self._request(
                lambda folder: key_rotation.rotate_data_key(folder, passphrase),
                self.tr(
                    "The store was re-encrypted with a new key. Unlock with your "
                    "passphrase as usual."
                ),
            ),
            failed=self._refused,
        )

    # --- the question in place -----------------------------------------------------------

    def _ask(
        self, text: str, passphrase_hint: str, go: str, confirmed: Callable[[str], None]
    ) -> None:
        self.question_text.setText(text)
        self.passphrase_hint.setText(passphrase_hint)
        self.passphrase.clear()
        self.go_button.setText(go)
        self._confirmed = confirmed
        self.question.setVisible(True)
        self.passphrase.setFocus()

    def _go(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            show_message(self.message, self.tr("Type the passphrase first."))
            return
        self.go_button.setEnabled(False)
        self._confirmed(passphrase)

    def _refused(self, error: AppError) -> None:
        self.go_button.setEnabled(True)
        self.passphrase.selectAll()
        show_message(self.message, error.message)

    def _request(self, work: Callable[[Path], object], done_text: str) -> None:
        self._dismiss()
        self.replacement_requested.emit(StoreReplacement(work, done_text))

    def _dismiss(self) -> None:
        self.passphrase.clear()
        self.question.setVisible(False)
        self.go_button.setEnabled(True)
        self._confirmed = lambda _passphrase: None
