"""The rota being planned: a row a session, a lead and a co-facilitator, each with a lock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facilitator_app.domain.facilitators import WEEKDAY_NAMES, Profile, Stage, format_day
from facilitator_app.domain.rota import Assignment, Role
from facilitator_app.gui.style import ACCENT_SOFT, INK, MUTED
from facilitator_app.services.rota import RotaProposal, RotaRow

DATE, TIME, LEAD, CO, NOTES = range(5)


def day_text(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {format_day(day)}"


class PersonCell(QWidget):
    """Who takes one role in one session, and whether that choice is locked in."""

    edited = Signal()

    def __init__(self, role: Role, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.day = day
        self.choice = QComboBox()
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lock = QCheckBox(self.tr("Locked"))
        self.lock.setToolTip(self.tr("Plan again keeps a locked choice."))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.choice, 1)
        layout.addWidget(self.lock)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.lock.toggled.connect(self._lock_toggled)

    def person_id(self) -> str | None:
        return self.choice.currentData() or None

    def is_locked(self) -> bool:
        return self.lock.isChecked() and self.person_id() is not None

    def fill(
        self,
        profiles: Sequence[Profile],
        names: Mapping[str, str],
        chosen: str | None,
        locked: bool,
    ) -> None:
        """Offer everyone who may take this role; keep `chosen` even if they may not."""
        self.blockSignals(True)
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(self.tr("— nobody —"), "")
        known = {profile.person_id: profile for profile in profiles}
        for profile in profiles:
            if profile.archived_on is None and self._offered(profile):
                self.choice.addItem(self._label(profile), profile.person_id)
        if chosen and self.choice.findData(chosen) < 0:
            found = known.get(chosen)
            if found is not None and found.stage is not None and found.archived_on is None:
                text = self.tr("{0} ({1} stage)").format(found.name, found.stage.value)
            else:
                name = names.get(chosen) or self.tr("someone")
                text = self.tr("{0} (no longer on the rota)").format(name)
            self.choice.addItem(text, chosen)
        self.choice.setCurrentIndex(max(0, self.choice.findData(chosen or "")))
        self.choice.blockSignals(False)
        self.lock.setChecked(locked and bool(chosen))
        self.lock.setEnabled(bool(chosen))
        self.blockSignals(False)

    def _offered(self, profile: Profile) -> bool:
        if self.role is Role.LEAD:
            return profile.stage is Stage.LEAD
        return profile.stage is not None

    def _label(self, profile: Profile) -> str:
        if profile.paused_on(self.day) is not None:
            return self.tr("{0} (paused)").format(profile.name)
        if profile.away_on(self.day):
            return self.tr("{0} (away)").format(profile.name)
        return profile.name

    def _chosen(self) -> None:
        # Choosing someone by hand is a decision: lock it, as a coordinator expects.
        chosen = self.person_id() is not None
        self.lock.blockSignals(True)
        self.lock.setEnabled(chosen)
        self.lock.setChecked(chosen)
        self.lock.blockSignals(False)
        self.edited.emit()

    def _lock_toggled(self) -> None:
        self.edited.emit()


class RotaTable(QTableWidget):
    """Shows a proposal and lets the coordinator change it; `rows()` is what would be saved."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("Lead"),
                self.tr("Co-facilitator"),
                self.tr("Planner's notes"),
            ]
        )
        header = self.horizontalHeader()
        for column in (DATE, TIME, LEAD, CO):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        # The dark system highlight would hide the lock boxes' text in a chosen row.
        self.setStyleSheet(
            f"QTableView::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}"
        )
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Two rows selected (Ctrl+click) is how two sessions swap their leads.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self._rows: list[RotaRow] = []
        self._profiles: list[Profile] = []
        self._names: Mapping[str, str] = {}

    def set_profiles(self, profiles: Sequence[Profile]) -> None:
        """New facts about people (a pause, a new lead): offer them, keep every choice."""
        self._profiles = sorted(profiles, key=lambda profile: profile.name.casefold())
        if self._rows:
            self.show_rows(self.rows(), self._names)

    def show_proposal(self, proposal: RotaProposal) -> None:
        self.show_rows(proposal.rows, proposal.names)

    def show_rows(self, rows: Sequence[RotaRow], names: Mapping[str, str]) -> None:
        self._rows = list(rows)
        self._names = names
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self._show_row(index, row)
        self._fit()

    def _fit(self) -> None:
        for column in (DATE, TIME, LEAD, CO):
            self.resizeColumnToContents(column)
        self.resizeRowsToContents()

    def _show_row(self, index: int, row: RotaRow) -> None:
        when = day_text(row.date)
        date_item = QTableWidgetItem(self.tr("{0} · new").format(when) if row.is_new else when)
        if row.is_new:
            date_item.setToolTip(self.tr("This session will be created when you save the rota."))
        self.setItem(index, DATE, date_item)
        time = row.start_time.strftime("%H:%M") if row.start_time else ""
        self.setItem(index, TIME, QTableWidgetItem(time))
        for column, role, person, locked in (
            (LEAD, Role.LEAD, row.assignment.lead_id, row.lead_locked),
            (CO, Role.CO, row.assignment.co_id, row.co_locked),
        ):
            cell = PersonCell(role, row.date)
            cell.fill(self._profiles, self._names, person, locked)
            cell.edited.connect(lambda index=index: self._cell_edited(index))
            self.setCellWidget(index, column, cell)
        notes = QTableWidgetItem("\n".join(row.notes))
        notes.setForeground(QColor(MUTED))
        self.setItem(index, NOTES, notes)

    def _cell_edited(self, index: int) -> None:
        self.selectRow(index)
        self.edited.emit()

    def cell(self, index: int, role: Role) -> PersonCell:
        widget = self.cellWidget(index, LEAD if role is Role.LEAD else CO)
        if not isinstance(widget, PersonCell):
            raise LookupError(index)
        return widget

    def rows(self) -> list[RotaRow]:
        """The rows as they now stand on screen."""
        result = []
        for index, row in enumerate(self._rows):
            lead, co = self.cell(index, Role.LEAD), self.cell(index, Role.CO)
            result.append(
                dataclasses.replace(
                    row,
                    assignment=Assignment(lead.person_id(), co.person_id()),
                    lead_locked=lead.is_locked(),
                    co_locked=co.is_locked(),
                )
            )
        return result

    def locks(self) -> dict[str, Assignment]:
        """What "Plan again" keeps: the locked people of each row."""
        return {
            row.key: Assignment(
                row.assignment.lead_id if row.lead_locked else None,
                row.assignment.co_id if row.co_locked else None,
            )
            for row in self.rows()
            if row.lead_locked or row.co_locked
        }

    def selected_indexes(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()})

    def swap_leads(self, first: int, second: int) -> None:
        """Two sessions trade leads (Ali takes Sam's night and Sam Ali's); both are locked."""
        rows = self.rows()
        leads = (rows[second].assignment.lead_id, rows[first].assignment.lead_id)
        for index, lead in zip((first, second), leads, strict=True):
            self.cell(index, Role.LEAD).fill(self._profiles, self._names, lead, True)
        self._fit()
        self._cell_edited(first)
        self._cell_edited(second)

    def swap(self, index: int) -> None:
        """Swap a row's lead and co-facilitator: a choice made by hand, so both are locked."""
        row = self.rows()[index]
        lead, co = row.assignment.co_id, row.assignment.lead_id
        self.cell(index, Role.LEAD).fill(self._profiles, self._names, lead, True)
        self.cell(index, Role.CO).fill(self._profiles, self._names, co, True)
        self._fit()
        self._cell_edited(index)
