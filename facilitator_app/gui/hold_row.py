""" "Hold — safeguarding" on an opened record: kept out of every removal until lifted."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import retention


class HoldRow(QGroupBox):
    """Says whether the record is held, with the one button that changes it."""

    hold_changed = Signal(bool)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Keeping this record"))
        self._access = access
        self._record: tuple[str, str] | None = None
        self.status = label("", "hint")
        self.button = QPushButton()
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.button.clicked.connect(self._toggle)
        self._held = False

    def show_hold(self, table: str, record_id: str, held: bool) -> None:
        if self._record != (table, record_id):
            show_message(self.message, "")
        self._record = (table, record_id)
        self._held = held
        if held:
            self.status.setText(
                self.tr(
                    "On hold — safeguarding: kept out of every removal until the hold is removed."
                )
            )
            self.button.setText(self.tr("Remove hold"))
        else:
            self.status.setText(
                self.tr("Removed when its retention period is over, unless it is held.")
            )
            self.button.setText(self.tr("Hold — safeguarding"))

    def _toggle(self) -> None:
        record = self._record
        if record is None:
            return
        held = not self._held
        action = retention.place_hold if held else retention.remove_hold

        def done(_result: object) -> None:
            self._done(record, held)

        self._access.call(action, *record, done=done, failed=self._failed)

    def _done(self, record: tuple[str, str], held: bool) -> None:
        if record != self._record:
            return
        self.show_hold(*record, held)
        self.hold_changed.emit(held)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
