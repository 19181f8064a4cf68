"""A filter box over a list: rows whose record lacks a word typed are hidden, not removed.

Hiding rows leaves the list's items, their records and the selection as they were, so
a page's own loading and selecting work unchanged. The filter follows the list's
model: rows a page adds, replaces or changes are checked as they arrive, so a reload
with words in the box is filtered too, and typing never waits for the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QVBoxLayout, QWidget

from facilitator_app.domain.text import filter_words, fold, holds_words
from facilitator_app.gui.widgets import label, record_of

# A change to only these roles (a tooltip, say) leaves what a row is about as it was.
_ROLES_READ = frozenset({Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.UserRole.value})

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FilterWords:
    """What a filter box says, translated by the page that owns it."""

    placeholder: str  # "Filter by date, topic or name"
    showing: str  # "Showing {0} of {1} sessions."
    none_match: str  # "No sessions match. Clear the filter to see them all."


class FilterEdit(QLineEdit):
    """The box itself: Escape empties it, Down moves on into the list below."""

    def __init__(self, rows: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        elif event.key() == Qt.Key.Key_Down and self._rows.count():
            self._rows.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            super().keyPressEvent(event)


class ListFilter(QWidget):
    """A filter box and, under it, a short count when some rows are hidden.

    A row is found by what it shows, and by what `haystack` adds from its record (a
    date as people type it, say): folded once, when the row arrives, so a keystroke
    costs one `in` check per word and row.
    """

    def __init__(
        self,
        rows: QListWidget,
        haystack: Callable[[Any], str],
        words: FilterWords,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows = rows
        self._haystack = haystack
        self._words = words
        self._typed: list[str] = []
        self._haystacks: list[str] = []  # one per row, in the list's order
        self._hidden: list[bool] = []
        self._shown = 0
        self.edit = FilterEdit(rows)
        self.edit.setPlaceholderText(words.placeholder)
        self.hint = label("", "hint")
        self.hint.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)

        model = rows.model()
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._rows_removed)
        model.dataChanged.connect(self._rows_changed)
        model.modelReset.connect(self.refresh)
        model.layoutChanged.connect(self.refresh)  # sorted: rows moved
        model.rowsMoved.connect(self.refresh)
        self.edit.textChanged.connect(self._typed_changed)

    def shown_count(self) -> int:
        """How many rows are in view (not hidden by the filter)."""
        return self._shown

    def refresh(self) -> None:
        """Read every row's haystack again: what they are found by has changed (names
        that arrived after the list did, say), or the rows were replaced wholesale."""
        count = self._rows.count()
        self._haystacks = [self._haystack_of(row) for row in range(count)]
        # After a reset no row is hidden; after names arrived, some may still be.
        self._hidden = [self._rows.isRowHidden(row) for row in range(count)]
        self._shown = self._hidden.count(False)
        self._apply(range(count))

    # --- keeping up with the list --------------------------------------------------

    def _haystack_of(self, row: int) -> str:
        item = self._rows.item(row)
        record = record_of(item)
        more = self._haystack(record) if record is not None else ""
        return fold(f"{item.text()} {more}")

    def _rows_inserted(self, _parent: AnyIndex, first: int, last: int) -> None:
        new = [self._haystack_of(row) for row in range(first, last + 1)]
        self._haystacks[first:first] = new
        self._hidden[first:first] = [False] * len(new)
        self._shown += len(new)
        self._apply(range(first, last + 1))

    def _rows_removed(self, _parent: AnyIndex, first: int, last: int) -> None:
        gone = self._hidden[first : last + 1]
        self._shown -= gone.count(False)
        del self._haystacks[first : last + 1]
        del self._hidden[first : last + 1]
        self._show_hint()

    def _rows_changed(self, top_left: AnyIndex, bottom_right: AnyIndex, roles: list[int]) -> None:
        if roles and _ROLES_READ.isdisjoint(int(role) for role in roles):
            return
        rows = range(top_left.row(), bottom_right.row() + 1)
        for row in rows:
            self._haystacks[row] = self._haystack_of(row)
        self._apply(rows)

    # --- hiding and showing --------------------------------------------------------

    def _typed_changed(self, text: str) -> None:
        self._typed = filter_words(text)
        self._apply(range(len(self._haystacks)))

    def _apply(self, rows: range) -> None:
        typed, haystacks, hidden = self._typed, self._haystacks, self._hidden
        for row in rows:
            hide = bool(typed) and not holds_words(haystacks[row], typed)
            if hide != hidden[row]:
                # Only rows that change touch Qt: a keystroke over 800 rows stays quick.
                self._rows.setRowHidden(row, hide)
                hidden[row] = hide
                self._shown += -1 if hide else 1
        self._show_hint()

    def _show_hint(self) -> None:
        total = len(self._haystacks)
        if self._shown == total:
            text = ""
        elif self._shown:
            text = self._words.showing.format(self._shown, total)
        else:
            text = self._words.none_match
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
