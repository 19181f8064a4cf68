"""When someone can facilitate: usual weekdays, a monthly limit, and time away.

A facilitator may change these on their own laptop, for themselves.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.facilitators import (
    MAX_SESSIONS_PER_MONTH,
    Availability,
    Unavailable,
)
from facilitator_app.gui.profile_section import (
    FIELD_WIDTH,
    OwnSection,
    ProfileContext,
    Snapshot,
    button_row,
    date_edit,
    day_text,
    set_date_text,
    short_list,
    show_empty,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    fill_list,
    from_qdate,
    label,
    primary_button,
    record_of,
    to_qdate,
)
from facilitator_app.services import facilitators


class AvailabilityBox(OwnSection):
    draft_name = "availability"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Availability"), access, parent)
        names = (
            self.tr("Monday"),
            self.tr("Tuesday"),
            self.tr("Wednesday"),
            self.tr("Thursday"),
            self.tr("Friday"),
            self.tr("Saturday"),
            self.tr("Sunday"),
        )
        self.weekdays = [QCheckBox(name) for name in names]
        self.max_per_month = QSpinBox()
        self.max_per_month.setMaximumWidth(FIELD_WIDTH)
        self.max_per_month.setRange(0, MAX_SESSIONS_PER_MONTH)
        # 0 stands for "no limit": the spin box shows it in words.
        self.max_per_month.setSpecialValueText(self.tr("No limit"))
        self.save_button = primary_button(self.tr("Save availability"))
        days = QGridLayout()
        for index, box in enumerate(self.weekdays):
            days.addWidget(box, index // 4, index % 4)
        form = QFormLayout()
        form.addRow(self.tr("Usual days"), days)
        form.addRow("", label(self.tr("None ticked means any day of the week."), "hint"))
        form.addRow(self.tr("Most sessions a month"), self.max_per_month)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.save_button))
        self._inputs = [*self.weekdays, self.max_per_month, self.save_button]
        self.save_button.clicked.connect(self._save)

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        if keep_typing:
            return
        availability = context.profile.availability
        for index, box in enumerate(self.weekdays):
            box.setChecked(index in availability.weekdays)
        self.max_per_month.setValue(availability.max_per_month or 0)

    def availability(self) -> Availability:
        days = frozenset(index for index, box in enumerate(self.weekdays) if box.isChecked())
        return Availability(days, self.max_per_month.value() or None)

    def snapshot(self) -> Snapshot:
        availability = self.availability()
        return {
            "weekdays": ",".join(str(day) for day in sorted(availability.weekdays)),
            "max_per_month": str(availability.max_per_month or ""),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        days = set(snapshot.get("weekdays", "").split(","))
        for index, box in enumerate(self.weekdays):
            box.setChecked(str(index) in days)
        limit = snapshot.get("max_per_month", "")
        self.max_per_month.setValue(int(limit) if limit.isdigit() else 0)

    def _save(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.save_availability,
            self.context.person.id,
            self.availability(),
            done_text=self.tr("Availability saved."),
        )


class TimeAwayBox(OwnSection):
    """Days away (holidays and the like): never planned on these days."""

    draft_name = "time-away"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Time away"), access, parent)
        self.away_list = short_list()
        self.first_day = date_edit()
        self.last_day = date_edit()
        self.add_button = primary_button(self.tr("Add time away"))
        self.remove_button = QPushButton(self.tr("Remove"))
        dates = QHBoxLayout()
        dates.addWidget(label(self.tr("Away from"), wrap=False))
        dates.addWidget(self.first_day)
        dates.addWidget(label(self.tr("to"), wrap=False))
        dates.addWidget(self.last_day)
        dates.addStretch(1)
        dates.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Never put on the rota on these days."), "hint"))
        layout.addWidget(self.away_list)
        layout.addLayout(button_row(self.remove_button))
        layout.addLayout(dates)
        layout.addWidget(self.message)
        self._inputs = [self.first_day, self.last_day, self.add_button]
        self.away_list.currentItemChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)

    def away_line(self, away: Unavailable) -> str:
        first, last = away.span.first, away.span.last
        if last is None or last == first:
            return day_text(first)
        return self.tr("{0} to {1}").format(day_text(first), day_text(last))

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        fill_list(self.away_list, context.profile.unavailable, self.away_line)
        if not self.away_list.count():
            show_empty(self.away_list, self.tr("No time away planned"))
        if not keep_typing:
            self.first_day.setDate(to_qdate(context.today))
            self.last_day.setDate(to_qdate(context.today))
        self._selection_changed()

    def snapshot(self) -> Snapshot:
        return {
            "first": from_qdate(self.first_day.date()).isoformat(),
            "last": from_qdate(self.last_day.date()).isoformat(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        set_date_text(self.first_day, snapshot.get("first"))
        set_date_text(self.last_day, snapshot.get("last"))

    def _editable_changed(self, editable: bool) -> None:
        self._selection_changed()

    def _selection_changed(self) -> None:
        editable = self.context is not None and self.editable(self.context)
        self.remove_button.setEnabled(
            editable and record_of(self.away_list.currentItem()) is not None
        )

    def _add(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.add_unavailable,
            self.context.person.id,
            from_qdate(self.first_day.date()),
            from_qdate(self.last_day.date()),
            done_text=self.tr("Time away added."),
        )

    def _remove(self) -> None:
        chosen: Unavailable | None = record_of(self.away_list.currentItem())
        if chosen is not None:
            self._call(
                facilitators.remove_unavailable,
                chosen.id,
                done_text=self.tr("Time away removed."),
            )
