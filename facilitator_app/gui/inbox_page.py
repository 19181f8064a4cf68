"""The Inbox tab (coordinator's store only): debriefs and incident records as they arrive.

Unread first, then newest session first. The list holds no record text, only when,
which group, who, and calm badges; a record is read by opening it, which tells the
facilitator's laptop it arrived. All lines are read once per reload and filtered here,
so typing in the filter never waits for the store.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.inbox_list import LINE_ROLE, InboxDelegate, InboxModel
from facilitator_app.gui.inbox_print import GroupDebriefsDialog
from facilitator_app.gui.inbox_record_view import InboxRecordView, OpenedRecord, open_for_reading
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import inbox
from facilitator_app.services.inbox import InboxLine


class InboxPage(QWidget):
    unread_changed = Signal(int)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._lines: list[InboxLine] = []
        self._filtered_by: tuple[str, bool] | None = None  # what the shown lines match
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by group, person, date or flag"))
        self.filter_edit.setClearButtonEnabled(True)
        self.unread_only = QCheckBox(self.tr("Unread only"))
        self.model = InboxModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(InboxDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)  # rows are all one height: quick to lay out
        self.list_view.setMouseTracking(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count_label = label("", "hint")
        self.open_button = primary_button(self.tr("Open"))
        self.open_button.setDefault(False)  # Enter in the filter box must not open a record
        self.print_group_button = QPushButton(self.tr("Print debriefs for a group…"))
        self.message = message_label()
        self.record_view = InboxRecordView(access)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.unread_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_group_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 6, 0)
        left_column.addWidget(label(self.tr("Inbox"), "subheading"))
        left_column.addLayout(filters)
        left_column.addWidget(self.count_label)
        left_column.addWidget(self.list_view, 1)
        left_column.addWidget(self.message)
        left_column.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.record_view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.filter_edit.textChanged.connect(lambda _text: self._refilter())
        self.unread_only.toggled.connect(lambda _on: self._refilter())
        self.list_view.activated.connect(self._activated)
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.open_button.clicked.connect(self._open_current)
        self.print_group_button.clicked.connect(self.open_group_print)
        self.record_view.open_requested.connect(self.open_record)
        self.record_view.line_changed.connect(self._line_changed)
        self._current_changed(QModelIndex(), QModelIndex())

    # --- the list ------------------------------------------------------------------------

    def reload(self) -> None:
        self._access.call(inbox.inbox, done=self._listed, failed=self._failed)

    def _listed(self, lines: list[InboxLine]) -> None:
        self._lines = lines
        show_message(self.message, "")
        self._refilter(fresh=True)
        self.unread_changed.emit(self.unread_count())
        opened = self.record_view.record
        if opened is not None and all(line.id != opened.line.id for line in lines):
            self.record_view.clear()

    def unread_count(self) -> int:
        return sum(1 for line in self._lines if line.unread)

    def shown_lines(self) -> list[InboxLine]:
        return self.model.lines()

    def shown_count(self) -> int:
        """How many records the list shows (the filter may hide some), as the other tabs."""
        return self.model.rowCount()

    def _refilter(self, *, fresh: bool = False) -> None:
        current = self._current_line()
        words = self.filter_edit.text()
        unread_only = self.unread_only.isChecked()
        # Typing on narrows what is shown already: every word then holds an earlier one.
        before = self._filtered_by
        narrowing = (
            not fresh
            and before is not None
            and words.startswith(before[0])
            and (unread_only or not before[1])
        )
        candidates = self.model.lines() if narrowing else self._lines
        any_words = bool(words.strip())
        shown = [
            line
            for line in candidates
            if (not unread_only or line.unread) and (not any_words or line.matches(words))
        ]
        self._filtered_by = (words, unread_only)
        self.model.set_lines(shown)
        if current is not None:
            self._select(current.id)
        self._show_count(len(shown))

    def _show_count(self, shown: int) -> None:
        total = len(self._lines)
        unread = self.unread_count()
        if not total:
            text = self.tr(
                "Nothing has arrived yet. Debriefs and incident records arrive when a "
                "facilitator's USB stick is taken in on the Sync tab."
            )
        elif shown == total:
            text = self.tr("{0} records, {1} unread.").format(total, unread)
        elif shown:
            text = self.tr("Showing {0} of {1} records.").format(shown, total)
        else:
            text = self.tr("No records match. Clear the filter to see them all.")
        self.count_label.setText(text)

    def _current_line(self) -> InboxLine | None:
        index = self.list_view.currentIndex()
        line: InboxLine | None = index.data(LINE_ROLE) if index.isValid() else None
        return line

    def _select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.model.index(row)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_button.setEnabled(current.isValid())

    # --- opening a record ----------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        line: InboxLine | None = index.data(LINE_ROLE)
        if line is not None:
            self.open_record(line.id)

    def _open_current(self) -> None:
        line = self._current_line()
        if line is not None:
            self.open_record(line.id)

    def open_record(self, record_id: str) -> None:
        """Open a record (from the list, a related record, or the Home tab)."""
        self._select(record_id)
        self._access.call(open_for_reading, record_id, done=self._opened, failed=self._failed)

    def _opened(self, opened: OpenedRecord) -> None:
        show_message(self.message, "")
        self.record_view.show_opened(opened)
        self._line_changed(opened.record.line)
        if self._current_line() is None or self._current_line() != opened.record.line:
            self._select(opened.record.line.id)

    def _line_changed(self, line: InboxLine) -> None:
        """Newer facts about one record: its row changes in place (the order waits for a
        reload, so the list does not jump under the pointer)."""
        self._lines = [line if old.id == line.id else old for old in self._lines]
        self.model.replace_line(line)
        self._show_count(self.model.rowCount())
        self.unread_changed.emit(self.unread_count())

    # --- printing ------------------------------------------------------------------------

    def open_group_print(self) -> GroupDebriefsDialog:
        line = self._current_line()
        group_id = line.group_id if line is not None else None
        dialog = GroupDebriefsDialog(self._access, dt.date.today(), group_id, self)
        dialog.show()
        return dialog

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
