"""Forgotten passphrase: back in with the recovery sheet, or through the coordinator.

What the page offers comes from the store's key file (read without unlocking): a
coordinator's store has a recovery sheet, a paired facilitator's store can ask the
organisation. Either way the store opens with a new passphrase chosen here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError, StoreWiped
from facilitator_app.gui import stick_chooser
from facilitator_app.gui.runner import ServiceRunner
from facilitator_app.gui.start_pages import centred
from facilitator_app.gui.widgets import (
    label,
    message_label,
    password_field,
    primary_button,
    show_message,
)

if TYPE_CHECKING:
    from facilitator_app.services.recovery import RecoveryOptions
    from facilitator_app.services.stores import Store


class RecoveryPage(QWidget):
    unlocked = Signal(object)
    cancelled = Signal()
    wiped = Signal(str)  # wrong recovery keys count too: the store was deleted

    def __init__(self, folder: Path, runner: ServiceRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._runner = runner
        self._answer: Path | None = None
        self._options: RecoveryOptions | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(label(self.tr("Forgotten your passphrase?"), "heading"))
        self.intro = label("", "hint")
        layout.addWidget(self.intro)

        self.sheet_box = QGroupBox(self.tr("Use the recovery sheet"))
        sheet_layout = QVBoxLayout(self.sheet_box)
        sheet_layout.addWidget(
            label(
                self.tr(
                    "Type the recovery key printed on the sheet. Spaces, dashes and capital "
                    "letters do not matter."
                ),
                "hint",
            )
        )
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText(self.tr("Recovery key"))
        sheet_layout.addWidget(self.recovery_key)

        self.organisation_box = QGroupBox(self.tr("Ask your coordinator"))
        org_layout = QVBoxLayout(self.organisation_box)
        org_layout.addWidget(
            label(
                self.tr(
                    "1. Write a recovery request to a USB stick and give it to your "
                    "coordinator in person. It holds no records and cannot open the store "
                    "on its own."
                )
            )
        )
        self.request_button = QPushButton(self.tr("Write a request to a USB stick…"))
        org_layout.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignLeft)
        org_layout.addWidget(
            label(
                self.tr(
                    "2. Your coordinator writes an answer onto the stick. When you have it "
                    "back, choose the answer file."
                )
            )
        )
        answer_row = QHBoxLayout()
        self.answer_button = QPushButton(self.tr("Choose the answer file…"))
        self.answer_name = label("", "hint", wrap=False)
        answer_row.addWidget(self.answer_button)
        answer_row.addWidget(self.answer_name, 1)
        org_layout.addLayout(answer_row)

        self.none_box = label(
            self.tr(
                "This store has no way back in without its passphrase: it has no recovery "
                "sheet and has not been paired with a coordinator. If the passphrase "
                "cannot be remembered, the records in it cannot be opened. Ask your "
                "coordinator about starting a new store."
            )
        )

        self.new_box = QGroupBox(self.tr("Your new passphrase"))
        form = QFormLayout(self.new_box)
        self.new_passphrase = password_field(self.tr("At least 10 characters"))
        self.repeated = password_field("")
        form.addRow(self.tr("New passphrase"), self.new_passphrase)
        form.addRow(self.tr("New passphrase again"), self.repeated)
        form.addRow(
            "",
            label(self.tr("The old passphrase stops working once the store opens."), "hint"),
        )
        for widget in (self.sheet_box, self.organisation_box, self.none_box, self.new_box):
            layout.addWidget(widget)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.open_button = primary_button(self.tr("Open with the new passphrase"))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        layout.addStretch(2)
        QVBoxLayout(self).addWidget(centred(body))

        self.back_button.clicked.connect(self._back)
        self.request_button.clicked.connect(self._write_request)
        self.answer_button.clicked.connect(self._choose_answer)
        self.open_button.clicked.connect(self._open)
        self.repeated.returnPressed.connect(self._open)
        self._show_options(None)

    def start(self) -> None:
        """Read which ways back in this store offers (on the store thread: it loads keys)."""
        from facilitator_app.services.recovery import recovery_options

        folder = self._folder
        show_message(self.message, "")
        self._runner.submit(lambda: recovery_options(folder), self._show_options, self._failed)

    def _show_options(self, options: RecoveryOptions | None) -> None:
        self._options = options
        sheet = options is not None and options.recovery_sheet
        organisation = options is not None and options.organisation
        self.sheet_box.setVisible(sheet)
        self.organisation_box.setVisible(organisation)
        self.none_box.setVisible(options is not None and not (sheet or organisation))
        self.new_box.setVisible(sheet or organisation)
        self.open_button.setVisible(sheet or organisation)
        if sheet:
            self.intro.setText(
                self.tr(
                    "Your recovery sheet opens this store. You then choose a new passphrase; "
                    "nothing in the store is lost."
                )
            )
        elif organisation:
            self.intro.setText(
                self.tr(
                    "Your coordinator can open this store again for you. You then choose a "
                    "new passphrase; nothing in the store is lost."
                )
            )
        else:
            self.intro.setText("")
        if options is not None and options.request_waiting:
            self.answer_name.setText(self.tr("A request is waiting for its answer."))

    def _write_request(self) -> None:
        from facilitator_app.services.recovery import write_recovery_request

        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Write the recovery request"),
            self.tr("Choose the USB stick to write the recovery request to."),
        )
        if not chosen:
            return
        folder, out = self._folder, chosen[0]
        self._runner.submit(
            lambda: write_recovery_request(folder, out), self._request_written, self._failed
        )

    def _request_written(self, path: Path) -> None:
        self.answer_name.setText(self.tr("A request is waiting for its answer."))
        show_message(
            self.message,
            self.tr(
                "The request is on the stick as {0}. Give the stick to your coordinator. "
                "Only the newest request can be answered."
            ).format(path.name),
            "hint",
        )

    def _choose_answer(self) -> None:
        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Choose the answer file"),
            self.tr("Choose the answer file your coordinator wrote (it ends in .answer)."),
            files=True,
        )
        if chosen:
            self._answer = chosen[0]
            self.answer_name.setText(self._answer.name)

    def _open(self) -> None:
        from facilitator_app.services.recovery import recover_with_answer, recover_with_sheet

        new, repeated, folder = self.new_passphrase.text(), self.repeated.text(), self._folder
        if self._options is not None and self._options.recovery_sheet:
            key = self.recovery_key.text()
            work = lambda: recover_with_sheet(folder, key, new, repeated)  # noqa: E731
        elif self._answer is not None:
            answer = self._answer
            work = lambda: recover_with_answer(folder, answer, new, repeated)  # noqa: E731
        else:
            show_message(
                self.message, self.tr("First choose the answer file from your coordinator.")
            )
            return
        self.open_button.setEnabled(False)
        show_message(self.message, self.tr("Opening… this takes a few seconds."), "hint")
        self._runner.submit(work, self._opened, self._failed)

    def _opened(self, store: Store) -> None:
        self._clear()
        self.unlocked.emit(store)

    def _failed(self, error: AppError) -> None:
        if isinstance(error, StoreWiped):
            self._clear()
            show_message(self.message, "")
            self.wiped.emit(error.message)
            return
        self.open_button.setEnabled(True)
        show_message(self.message, error.message)

    def _back(self) -> None:
        self._clear()
        self.cancelled.emit()

    def _clear(self) -> None:
        for field in (self.recovery_key, self.new_passphrase, self.repeated):
            field.clear()
        self._answer = None
        self.answer_name.setText("")
        self.open_button.setEnabled(True)
        show_message(self.message, "")
