"""Small building blocks shared by the screens: labels with roles, optional dates and times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

R = TypeVar("R")


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


def password_field(placeholder: str = "") -> QLineEdit:
    """A field whose text is never shown (nor copied, Qt refuses in password mode)."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", "primary")
    button.setDefault(True)
    return button


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class _OptionalField(QWidget):
    """A value that may be left unset: a tick box that enables its editor."""

    def __init__(self, tick_text: str, edit: QDateTimeEdit, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.tick = QCheckBox(tick_text)
        self.edit = edit
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.edit, 1)
        self.tick.toggled.connect(self.edit.setEnabled)


class OptionalDateEdit(_OptionalField):
    def __init__(self, tick_text: str, parent: QWidget | None = None) -> None:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        super().__init__(tick_text, edit, parent)

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.tick.isChecked() else None

    def set_value(self, value: dt.date | None, default: dt.date) -> None:
        self.tick.setChecked(value is not None)
        self.edit.setDate(to_qdate(value or default))

    # Drafts hold text: an ISO date, or "" for unset.
    def as_text(self) -> str:
        value = self.value()
        return value.isoformat() if value else ""

    def set_text(self, text: str, default: dt.date) -> None:
        self.set_value(dt.date.fromisoformat(text) if text else None, default)


class OptionalTimeEdit(_OptionalField):
    def __init__(self, tick_text: str, parent: QWidget | None = None) -> None:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        super().__init__(tick_text, edit, parent)

    def value(self) -> dt.time | None:
        if not self.tick.isChecked():
            return None
        time = self.edit.time()
        return dt.time(time.hour(), time.minute())

    def set_value(self, value: dt.time | None, default: dt.time) -> None:
        self.tick.setChecked(value is not None)
        chosen = value or default
        self.edit.setTime(QTime(chosen.hour, chosen.minute))

    def as_text(self) -> str:
        value = self.value()
        return value.strftime("%H:%M") if value else ""

    def set_text(self, text: str, default: dt.time) -> None:
        self.set_value(dt.time.fromisoformat(text) if text else None, default)


def fill_list(
    widget: QListWidget,
    records: Sequence[R],
    text: Callable[[R], str],
    select_id: str | None = None,
    *,
    select_quietly: bool = False,
    key: Callable[[R], str] = lambda record: str(record.id),  # type: ignore[attr-defined]
) -> QListWidgetItem | None:
    """Replace a list's rows (each holding its record) without firing selection signals.

    Returns the row whose `key` is `select_id` (records' `.id` unless told otherwise);
    with `select_quietly` it is also made current without a signal (the caller already
    shows that record).
    """
    widget.blockSignals(True)
    # PySide's clear() takes rows made in Python out one by one, each in time growing
    # with the rows a filter hides (800 hidden: 25 ms); shown again first, 3 ms.
    for row in range(widget.count()):
        if widget.isRowHidden(row):
            widget.setRowHidden(row, False)
    widget.clear()
    chosen: QListWidgetItem | None = None
    for record in records:
        item = QListWidgetItem(text(record))
        item.setData(Qt.ItemDataRole.UserRole, record)
        widget.addItem(item)
        if key(record) == select_id:
            chosen = item
    if chosen is not None and select_quietly:
        widget.setCurrentItem(chosen)
    widget.blockSignals(False)
    return chosen


def record_of(item: QListWidgetItem | None) -> Any:
    """The record a list row holds, or None for no row."""
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class TextLines(QWidget):
    """A few wrapped lines of plain text, as tall as they need: a short report, not a list
    to choose from (so no scroll bar and no empty rows under it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.labels: list[QLabel] = []

    def set_lines(self, lines: Sequence[tuple[str, str]]) -> None:
        """(text, tooltip) pairs; an empty sequence leaves nothing shown."""
        for old in self.labels:
            self._layout.removeWidget(old)
            old.hide()  # deleted later: until then it would still be painted where it was
            old.deleteLater()
        self.labels = []
        for text, tip in lines:
            line = label(text)
            line.setToolTip(tip)
            self._layout.addWidget(line)
            self.labels.append(line)

    def texts(self) -> list[str]:
        return [line.text() for line in self.labels]
