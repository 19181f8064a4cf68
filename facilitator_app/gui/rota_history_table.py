"""Planned and actual: who the rota named for each session, and who led on the night."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facilitator_app.domain.sessions import SessionStatus
from facilitator_app.gui.rota_table import day_text
from facilitator_app.gui.style import ACCENT_SOFT, MUTED
from facilitator_app.services.rota import HistoryRow

COLUMNS = 7
DATE, STATUS, PLANNED_LEAD, PLANNED_CO, ACTUAL_LEAD, ACTUAL_CO, CHOSEN = range(COLUMNS)


class RotaHistoryTable(QTableWidget):
    """Read-only: a coordinator sees at a glance where the group changed the plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Status"),
                self.tr("Planned lead"),
                self.tr("Planned co-facilitator"),
                self.tr("Led on the night"),
                self.tr("Co-facilitated"),
                self.tr("Chosen by the group"),
            ]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def show_history(self, rows: Sequence[HistoryRow], names: Mapping[str, str]) -> None:
        def name(person_id: str | None) -> str:
            if person_id is None:
                return ""
            return names.get(person_id) or self.tr("someone no longer in the store")

        self.setRowCount(len(rows))
        status_text = {
            SessionStatus.PLANNED: self.tr("Planned"),
            SessionStatus.HELD: self.tr("Held"),
            SessionStatus.CANCELLED: self.tr("Cancelled"),
        }
        for index, row in enumerate(rows):
            recorded = row.actual.lead_id is not None or row.actual.co_id is not None
            cancelled = row.status is SessionStatus.CANCELLED
            cells = [
                day_text(row.date),
                status_text[row.status],
                name(row.planned.lead_id) or self.tr("nobody yet"),
                name(row.planned.co_id),
                name(row.actual.lead_id) if recorded or cancelled else self.tr("not recorded"),
                name(row.actual.co_id),
                self.tr("Yes, on the night") if row.chosen_by_group else "",
            ]
            items = [QTableWidgetItem(text) for text in cells]
            for column, item in enumerate(items):
                self.setItem(index, column, item)
            if not recorded:
                items[ACTUAL_LEAD].setForeground(QColor(MUTED))
                continue
            # A calm shade where what happened differs from the plan.
            for planned, actual, column in (
                (row.planned.lead_id, row.actual.lead_id, ACTUAL_LEAD),
                (row.planned.co_id, row.actual.co_id, ACTUAL_CO),
            ):
                if planned != actual:
                    items[column].setBackground(QColor(ACCENT_SOFT))
            if row.chosen_by_group:
                items[CHOSEN].setBackground(QColor(ACCENT_SOFT))
        self.resizeColumnsToContents()
