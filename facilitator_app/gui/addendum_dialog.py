"""A later note to a record already sent: typed here, sent like the record itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message

# Runs on the store thread: the store, then the record's id and the text.
AddendumSender = Callable[..., object]


class AddendumDialog(QDialog):
    """Stays open with a calm reason if the addendum is refused; closes once it is sent."""

    added = Signal()

    def __init__(
        self,
        access: StoreAccess,
        send: AddendumSender,
        record_id: str,
        what: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an addendum"))
        self._access = access
        self._send = send
        self._record_id = record_id
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("A correction, or something you remembered later"))
        self.message = message_label()
        self.send_button = primary_button(self.tr("Send addendum"))
        self.send_button.setDefault(False)  # Enter makes a new line in the text
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label(what, "subheading"))
        layout.addWidget(
            label(
                self.tr(
                    "The record itself stays as it was sent. The addendum goes with your next "
                    "sync, with today's date, and can't be changed either."
                ),
                "hint",
            )
        )
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(520, 320)
        self.cancel_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self._submit)

    def _submit(self) -> None:
        self.send_button.setEnabled(False)
        self._access.call(
            self._send,
            self._record_id,
            self.text.toPlainText(),
            done=self._sent,
            failed=self._failed,
        )

    def _sent(self, _result: object) -> None:
        self.text.clear()
        self.added.emit()
        self.accept()

    def _failed(self, error: AppError) -> None:
        self.send_button.setEnabled(True)
        show_message(self.message, error.message)
