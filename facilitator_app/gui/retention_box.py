"""Retention on the Settings tab of a coordinator's store: how long each kind of record
is kept, what is due for removal (removed only after a question that says exactly
what goes), the records on hold for safeguarding, and what earlier removals took."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.retention import (
    MAX_MONTHS,
    DueSummary,
    RecordType,
    describe_due,
    describe_period,
    describe_removal,
    long_date,
)
from facilitator_app.gui.question_bar import QuestionBar
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import retention
from facilitator_app.services.retention import (
    HeldRecord,
    PurgeDone,
    PurgeLine,
    RetentionOverview,
    RuleLine,
)

MONTHS, YEARS = 0, 1


class PeriodEdit(QWidget):
    """A period as a number and a unit (months or years)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = QSpinBox()
        self.amount.setMaximumWidth(90)
        self.unit = QComboBox()
        self.unit.addItems([self.tr("months"), self.tr("years")])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount)
        layout.addWidget(self.unit)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed(MONTHS)

    def months(self) -> int:
        return self.amount.value() * (12 if self.unit.currentIndex() == YEARS else 1)

    def set_months(self, months: int) -> None:
        in_years = months % 12 == 0
        self.unit.setCurrentIndex(YEARS if in_years else MONTHS)
        self.amount.setValue(months // 12 if in_years else months)

    def _unit_changed(self, index: int) -> None:
        self.amount.setRange(1, MAX_MONTHS // 12 if index == YEARS else MAX_MONTHS)


class RetentionBox(QWidget):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._due: list[DueSummary] = []

        # How long we keep records.
        self.periods: dict[RecordType, PeriodEdit] = {}
        rules_box = QGroupBox(self.tr("How long we keep records"))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        for row, record_type in enumerate(RecordType):
            edit = PeriodEdit()
            self.periods[record_type] = edit
            grid.addWidget(label(self.tr(record_type.label), wrap=False), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(label(self.tr(record_type.counted_from), "hint"), row, 2)
        self.rules_message = message_label()
        self.save_button = primary_button(self.tr("Save periods"))
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.addWidget(
            label(
                self.tr(
                    "Records older than this are listed under Due for removal, and go only "
                    "when you remove them there. Facilitators' laptops remove their own "
                    "copies of sessions and members on this schedule. A session stays while "
                    "a debrief or incident record about it is kept; a member who left stays "
                    "while an incident record names them."
                ),
                "hint",
            )
        )
        rules_layout.addLayout(grid)
        rules_layout.addWidget(self.rules_message)
        rules_layout.addLayout(_right(self.save_button))

        # Due for removal.
        due_box = QGroupBox(self.tr("Due for removal"))
        self.due_list = QListWidget()
        self.nothing_due = label(self.tr("Nothing is due for removal."), "hint")
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.question = QuestionBar()
        self.due_message = message_label()
        due_layout = QVBoxLayout(due_box)
        due_layout.addWidget(
            label(
                self.tr("Tick what to remove. Records on hold for safeguarding are never removed."),
                "hint",
            )
        )
        due_layout.addWidget(self.nothing_due)
        due_layout.addWidget(self.due_list)
        due_layout.addWidget(self.question)
        due_layout.addWidget(self.due_message)
        due_layout.addLayout(_right(self.remove_button))

        # Records on hold.
        held_box = QGroupBox(self.tr("Records on hold — safeguarding"))
        self.held_list = QListWidget()
        self.nothing_held = label(
            self.tr(
                "No records are on hold. To hold one, open it in the Inbox and choose "
                "“Hold — safeguarding”."
            ),
            "hint",
        )
        self.release_button = QPushButton(self.tr("Remove hold"))
        self.held_message = message_label()
        held_layout = QVBoxLayout(held_box)
        held_layout.addWidget(self.nothing_held)
        held_layout.addWidget(self.held_list)
        held_layout.addWidget(self.held_message)
        held_layout.addLayout(_right(self.release_button))

        # What earlier removals took.
        log_box = QGroupBox(self.tr("Removed so far"))
        self.log_list = QListWidget()
        self.nothing_logged = label(self.tr("Nothing has been removed yet."), "hint")
        log_layout = QVBoxLayout(log_box)
        log_layout.addWidget(
            label(self.tr("What was removed, how many and when: never which records."), "hint")
        )
        log_layout.addWidget(self.nothing_logged)
        log_layout.addWidget(self.log_list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (rules_box, due_box, held_box, log_box):
            layout.addWidget(box)

        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._ask_remove)
        self.release_button.clicked.connect(self._release)
        self.due_list.itemChanged.connect(lambda _item: self._update_buttons())
        self.held_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    # --- loading -----------------------------------------------------------------

    def reload(self) -> None:
        self._access.call(retention.overview, done=self.show_overview, failed=self._failed)

    def show_overview(self, found: RetentionOverview) -> None:
        self._show_rules(found.rules)
        self._show_due(found.due)
        self._show_held(found.held)
        self._show_log(found.log)

    def _show_rules(self, rules: list[RuleLine]) -> None:
        for line in rules:
            self.periods[line.record_type].set_months(line.months)
            self.periods[line.record_type].setToolTip(
                self.tr("The app's suggestion: {0}").format(describe_period(line.default_months))
            )

    def _show_due(self, lines: list[DueSummary]) -> None:
        self.question.dismiss()
        self._due = [line for line in lines if line.count or line.held]
        self.due_list.blockSignals(True)
        self.due_list.clear()
        for line in self._due:
            item = QListWidgetItem(
                self.tr("{0} (kept {1}): {2}").format(
                    self.tr(line.label), describe_period(line.months), describe_due(line)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, line.record_type.value)
            if line.count:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.due_list.addItem(item)
        self.due_list.blockSignals(False)
        _fit_rows(self.due_list, len(RecordType))
        self.due_list.setVisible(bool(self._due))
        self.nothing_due.setVisible(not self._due)
        self._update_buttons()

    def _show_held(self, held: list[HeldRecord]) -> None:
        self.held_list.clear()
        for record in held:
            parts = [self.tr(record.kind_label)]
            if record.on_date is not None:
                parts.append(long_date(record.on_date))
            if record.group_name:
                parts.append(record.group_name)
            text = " · ".join(parts)
            since = self.tr("held since {0}").format(long_date(record.placed_at.date()))
            if record.placed_by:
                since += self.tr(" by {0}").format(record.placed_by)
            item = QListWidgetItem(f"{text} — {since}")
            item.setData(Qt.ItemDataRole.UserRole, (record.record_table, record.record_id))
            self.held_list.addItem(item)
        _fit_rows(self.held_list, 6)
        self.held_list.setVisible(bool(held))
        self.nothing_held.setVisible(not held)
        self._update_buttons()

    def _show_log(self, lines: list[PurgeLine]) -> None:
        self.log_list.clear()
        for line in lines:
            when = line.purged_at.astimezone()
            text = self.tr("{0}, {1}: {2} removed {3}").format(
                long_date(when.date()), f"{when:%H:%M}", line.removed, line.how
            )
            text = f"{self.tr(line.type_label)} — {text}"
            if line.held_kept:
                text += self.tr("; {0} kept on hold").format(line.held_kept)
            self.log_list.addItem(text)
        _fit_rows(self.log_list, 8)
        self.log_list.setVisible(bool(lines))
        self.nothing_logged.setVisible(not lines)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self._chosen()))
        self.release_button.setEnabled(self.held_list.currentRow() >= 0)

    # --- actions -------------------------------------------------------------------

    def _save(self) -> None:
        months = {record_type: edit.months() for record_type, edit in self.periods.items()}
        self._access.call(
            retention.save_retention_rules, months, done=self._saved, failed=self._rules_failed
        )

    def _saved(self, rules: list[RuleLine]) -> None:
        self._show_rules(rules)
        show_message(self.rules_message, self.tr("Saved."), "hint")
        self._access.call(retention.review, done=self._show_due, failed=self._failed)

    def _chosen(self) -> list[DueSummary]:
        ticked = set()
        for row in range(self.due_list.count()):
            item = self.due_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.add(item.data(Qt.ItemDataRole.UserRole))
        return [line for line in self._due if line.count and line.record_type.value in ticked]

    def _ask_remove(self) -> None:
        chosen = self._chosen()
        if not chosen:
            return
        show_message(self.due_message, "")
        self.question.ask(
            self.tr(describe_removal(chosen)),
            self.tr("Remove for good"),
            lambda: self._remove(chosen),
            self.tr("Keep them"),
        )

    def _remove(self, chosen: list[DueSummary]) -> None:
        expected = {line.record_type: line.count for line in chosen}
        self.remove_button.setEnabled(False)
        self._access.call(retention.purge, expected, done=self._removed, failed=self._due_failed)

    def _removed(self, done: PurgeDone) -> None:
        count = done.total
        show_message(
            self.due_message,
            self.tr("Removed {0} records.").format(count)
            if count != 1
            else self.tr("Removed 1 record."),
            "hint",
        )
        self.reload()

    def _release(self) -> None:
        item = self.held_list.currentItem()
        if item is None:
            return
        table, record_id = item.data(Qt.ItemDataRole.UserRole)
        self._access.call(
            retention.remove_hold,
            table,
            record_id,
            done=lambda _none: self._released(),
            failed=lambda error: show_message(self.held_message, error.message),
        )

    def _released(self) -> None:
        show_message(
            self.held_message,
            self.tr(
                "The hold is removed. If the record is older than its period, it is now "
                "listed under Due for removal."
            ),
            "hint",
        )
        self.reload()

    def _rules_failed(self, error: AppError) -> None:
        show_message(self.rules_message, error.message)

    def _due_failed(self, error: AppError) -> None:
        show_message(self.due_message, error.message)
        self.reload()

    def _failed(self, error: AppError) -> None:
        show_message(self.due_message, error.message)


def _fit_rows(widget: QListWidget, most: int) -> None:
    """As tall as its rows (up to `most` of them; a scroll bar beyond), never a blank box."""
    rows = [widget.sizeHintForRow(row) for row in range(min(widget.count(), most))]
    widget.setFixedHeight(sum(rows) + 2 * widget.frameWidth() + 4)


def _right(button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    return row
