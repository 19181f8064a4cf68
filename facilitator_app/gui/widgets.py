"""Small building blocks shared by the screens: labels with roles, optional dates and times."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QWidget,
)


def label(text: str, role: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def message_label() -> QLabel:
    """Where a screen says calmly what went wrong; empty and hidden until then."""
    widget = label("", "message")
    widget.setVisible(False)
    return widget


def show_message(widget: QLabel, text: str, role: str = "message") -> None:
    """Show `text` calmly: role "message" for a problem, "hint" for a plain confirmation."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().polish(widget)
    widget.setText(text)
    widget.setVisible(bool(text))


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", "primary")
    button.setDefault(True)
    return button


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a tick box that enables a calendar field."""

    changed = Signal()

    def __init__(self, tick_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tick = QCheckBox(tick_text)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.edit, 1)
        self.tick.toggled.connect(self.edit.setEnabled)
        self.tick.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.tick.isChecked() else None

    def set_value(self, value: dt.date | None, default: dt.date) -> None:
        self.tick.setChecked(value is not None)
        self.edit.setDate(to_qdate(value or default))


class OptionalTimeEdit(QWidget):
    changed = Signal()

    def __init__(self, tick_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tick = QCheckBox(tick_text)
        self.edit = QTimeEdit()
        self.edit.setDisplayFormat("HH:mm")
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.edit, 1)
        self.tick.toggled.connect(self.edit.setEnabled)
        self.tick.toggled.connect(self.changed)
        self.edit.timeChanged.connect(self.changed)

    def value(self) -> dt.time | None:
        if not self.tick.isChecked():
            return None
        time = self.edit.time()
        return dt.time(time.hour(), time.minute())

    def set_value(self, value: dt.time | None, default: dt.time) -> None:
        self.tick.setChecked(value is not None)
        chosen = value or default
        self.edit.setTime(QTime(chosen.hour, chosen.minute))
