"""The inbox list: a model over inbox lines and a delegate that paints each as two lines.

A model and a painted row (not a widget per row) keep thousands of records quick to
show and to filter: only the rows on screen are ever drawn.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from facilitator_app.domain.facilitators import MONTH_NAMES
from facilitator_app.gui.inbox_badges import badge_height, line_badges, paint_badges
from facilitator_app.gui.style import ACCENT, ACCENT_SOFT, INK, LINE, MUTED
from facilitator_app.services.inbox import InboxLine

LINE_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("InboxList", text)


def short_date(line: InboxLine) -> str:
    day = line.on_date
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def line_title(line: InboxLine) -> str:
    group = line.group_name or _tr("No group")
    return f"{group} — {line.author_name}" if line.author_name else group


def line_text(line: InboxLine) -> str:
    """The whole line in words: what a screen reader says, and what a tooltip shows."""
    parts = [short_date(line), _tr(line.kind.label), line_title(line)]
    if line.unread:
        parts.append(_tr("unread"))
    parts.extend(badge.text for badge in line_badges(line))
    return " · ".join(parts)


def related_text(line: InboxLine) -> str:
    """Short enough to sit beside an open record: what, when, who, and if it is unread."""
    parts = [_tr(line.kind.label), short_date(line), line.author_name]
    if line.unread:
        parts.append(_tr("unread"))
    return " · ".join(part for part in parts if part)


class InboxModel(QAbstractListModel):
    """The lines shown now (already filtered by the page), in the order given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[InboxLine] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == LINE_ROLE:
            return line
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return line_text(line)
        return None

    def set_lines(self, lines: list[InboxLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> list[InboxLine]:
        return list(self._lines)

    def line_at(self, row: int) -> InboxLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, record_id: str) -> int:
        for row, line in enumerate(self._lines):
            if line.id == record_id:
                return row
        return -1

    def replace_line(self, line: InboxLine) -> None:
        """The same record, newer facts (opened, reviewed): its row stays where it is."""
        row = self.row_of(line.id)
        if row >= 0:
            self._lines[row] = line
            index = self.index(row)
            self.dataChanged.emit(index, index)


class InboxDelegate(QStyledItemDelegate):
    """Two lines a row: group and author (bold while unread) with the date on the right;
    then the kind of record and its badges. A small dot marks an unread record."""

    MARGIN = 10
    DOT = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        height = metrics.height() + max(metrics.height(), badge_height(option.font)) + 22
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        line: InboxLine | None = index.data(LINE_ROLE)
        if line is None:
            return
        rect: QRect = option.rect
        state = option.state
        painter.save()
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(ACCENT_SOFT))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#f0f3f1"))
        painter.setPen(QColor(LINE))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

        base: QFont = option.font
        metrics = QFontMetrics(base)
        left = rect.left() + self.MARGIN + self.DOT + 8
        right = rect.right() - self.MARGIN
        top = rect.top() + 8
        if line.unread:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(ACCENT))
            dot_top = top + (metrics.height() - self.DOT) // 2
            painter.drawEllipse(rect.left() + self.MARGIN, dot_top, self.DOT, self.DOT)

        date = short_date(line)
        date_width = metrics.horizontalAdvance(date)
        painter.setPen(QColor(MUTED))
        painter.setFont(base)
        painter.drawText(
            QRect(right - date_width, top, date_width, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            date,
        )
        title_font = QFont(base)
        title_font.setBold(line.unread)
        painter.setFont(title_font)
        painter.setPen(QColor(INK))
        title_room = max(0, right - date_width - 12 - left)
        title = QFontMetrics(title_font).elidedText(
            line_title(line), Qt.TextElideMode.ElideRight, title_room
        )
        painter.drawText(
            QRect(left, top, title_room, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )

        second = top + metrics.height() + 6
        painter.setFont(base)
        painter.setPen(QColor(MUTED))
        kind = _tr(line.kind.label)
        kind_width = metrics.horizontalAdvance(kind)
        row_height = max(metrics.height(), badge_height(base))
        painter.drawText(
            QRect(left, second, kind_width, row_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            kind,
        )
        badge_top = second + (row_height - badge_height(base)) // 2
        paint_badges(painter, left + kind_width + 10, badge_top, right, line_badges(line))
        painter.restore()
