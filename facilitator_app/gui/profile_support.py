"""Readiness, training and supervision: how a facilitator is prepared and supported."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.facilitators import Readiness, Supervision, Training
from facilitator_app.domain.reminders import TRAINING_NOTICE_DAYS
from facilitator_app.gui.profile_section import (
    FIELD_WIDTH,
    TICK_WIDTH,
    ProfileContext,
    ProfileSection,
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
    OptionalDateEdit,
    fill_list,
    from_qdate,
    label,
    primary_button,
    record_of,
    to_qdate,
)
from facilitator_app.services import facilitators


class ReadinessBox(ProfileSection):
    """The readiness checklist: a self-care plan, shadowing done, interview notes."""

    draft_name = "readiness"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Readiness"), access, parent)
        self.self_care_plan = QCheckBox(self.tr("A self-care plan is in place"))
        self.shadowing_sessions = QSpinBox()
        self.shadowing_sessions.setMaximumWidth(FIELD_WIDTH)
        self.shadowing_sessions.setRange(0, 1_000)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What came up at interview and in observed sessions"))
        self.notes.setMinimumHeight(90)
        self.save_button = primary_button(self.tr("Save readiness"))
        form = QFormLayout()
        form.addRow(self.self_care_plan)
        form.addRow(
            label(
                self.tr(
                    "Only whether there is a plan is kept here. "
                    "The plan itself stays with the facilitator."
                ),
                "hint",
            )
        )
        form.addRow(self.tr("Shadowing sessions done"), self.shadowing_sessions)
        form.addRow(self.tr("Interview and observation notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.save_button))
        self._inputs = [self.self_care_plan, self.shadowing_sessions, self.notes, self.save_button]
        self.save_button.clicked.connect(self._save)

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        if not keep_typing:
            readiness = context.profile.readiness
            self.self_care_plan.setChecked(readiness.self_care_plan)
            self.shadowing_sessions.setValue(readiness.shadowing_sessions)
            self.notes.setPlainText(readiness.notes)

    def snapshot(self) -> Snapshot:
        return {
            "self_care_plan": "yes" if self.self_care_plan.isChecked() else "",
            "shadowing_sessions": str(self.shadowing_sessions.value()),
            "readiness_notes": self.notes.toPlainText(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.self_care_plan.setChecked(bool(snapshot.get("self_care_plan")))
        sessions = snapshot.get("shadowing_sessions", "0")
        self.shadowing_sessions.setValue(int(sessions) if sessions.isdigit() else 0)
        self.notes.setPlainText(snapshot.get("readiness_notes", ""))

    def _save(self) -> None:
        if self.context is None:
            return
        readiness = Readiness(
            self.self_care_plan.isChecked(),
            self.shadowing_sessions.value(),
            self.notes.toPlainText(),
        )
        self._call(
            facilitators.save_readiness,
            self.context.person.id,
            readiness,
            done_text=self.tr("Readiness saved."),
        )


class TrainingBox(ProfileSection):
    """Courses done, flagging calmly any that have expired or expire soon."""

    draft_name = "training"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Training"), access, parent)
        self._today = dt.date.min
        self.training_list = short_list()
        self.course = QLineEdit()
        self.course.setPlaceholderText(self.tr("For example: Safeguarding adults, level 2"))
        self.completed_on = date_edit()
        self.expires_on = OptionalDateEdit(self.tr("Expires on"))
        self.expires_on.setMaximumWidth(FIELD_WIDTH + TICK_WIDTH)
        self.add_button = primary_button(self.tr("Add training"))
        self.remove_button = QPushButton(self.tr("Remove"))
        form = QFormLayout()
        form.addRow(self.tr("Course"), self.course)
        form.addRow(self.tr("Completed on"), self.completed_on)
        form.addRow("", self.expires_on)
        layout = QVBoxLayout(self)
        layout.addWidget(self.training_list)
        layout.addLayout(button_row(self.remove_button))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.add_button))
        self._inputs = [self.course, self.completed_on, self.expires_on, self.add_button]
        self.training_list.currentItemChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)

    def training_line(self, training: Training) -> str:
        line = self.tr("{0}  ·  completed {1}").format(
            training.course, day_text(training.completed_on)
        )
        expires = training.expires_on
        if expires is None:
            return line
        if expires < self._today:
            return line + self.tr("  ·  expired {0}, due for renewal").format(day_text(expires))
        if expires <= self._today + dt.timedelta(days=TRAINING_NOTICE_DAYS):
            return line + self.tr("  ·  expires {0}, renew soon").format(day_text(expires))
        return line + self.tr("  ·  expires {0}").format(day_text(expires))

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        self._today = context.today
        fill_list(self.training_list, context.profile.training, self.training_line)
        if not self.training_list.count():
            show_empty(self.training_list, self.tr("No training recorded yet"))
        if not keep_typing:
            self.course.clear()
            self.completed_on.setDate(to_qdate(context.today))
            self.expires_on.set_value(None, context.today)
        self._selection_changed()

    def snapshot(self) -> Snapshot:
        return {
            "course": self.course.text(),
            "completed_on": from_qdate(self.completed_on.date()).isoformat(),
            "expires_on": self.expires_on.as_text(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.course.setText(snapshot.get("course", ""))
        set_date_text(self.completed_on, snapshot.get("completed_on"))
        set_date_text(self.expires_on.edit, snapshot.get("expires_on"))
        self.expires_on.tick.setChecked(bool(snapshot.get("expires_on")))

    def _editable_changed(self, editable: bool) -> None:
        self._selection_changed()

    def _selection_changed(self) -> None:
        editable = self.context is not None and self.editable(self.context)
        chosen = record_of(self.training_list.currentItem())
        self.remove_button.setEnabled(editable and chosen is not None)

    def _add(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.add_training,
            self.context.person.id,
            self.course.text(),
            from_qdate(self.completed_on.date()),
            self.expires_on.value(),
            done_text=self.tr("Training added."),
        )

    def _remove(self) -> None:
        chosen: Training | None = record_of(self.training_list.currentItem())
        if chosen is not None:
            self._call(
                facilitators.remove_training, chosen.id, done_text=self.tr("Training removed.")
            )


class SupervisionBox(ProfileSection):
    """The supervision log. Only a coordinator's store has it; notes never leave it."""

    draft_name = "supervision"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Supervision"), access, parent)
        self.supervision_list = short_list()
        self.held_on = date_edit()
        self.with_whom = QLineEdit()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("A short note, if any"))
        self.add_button = primary_button(self.tr("Add supervision"))
        form = QFormLayout()
        form.addRow(self.tr("Held on"), self.held_on)
        form.addRow(self.tr("With"), self.with_whom)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr("Kept on the coordinator's store only, never on a facilitator's laptop."),
                "hint",
            )
        )
        layout.addWidget(self.supervision_list)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.add_button))
        self._inputs = [self.held_on, self.with_whom, self.note, self.add_button]
        self.add_button.clicked.connect(self._add)

    def supervision_line(self, meeting: Supervision) -> str:
        line = self.tr("{0}  ·  with {1}").format(day_text(meeting.held_on), meeting.with_whom)
        note = " ".join(meeting.note.split())
        if len(note) > 80:
            note = note[:79] + "…"
        return f"{line}  ·  {note}" if note else line

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        fill_list(self.supervision_list, context.profile.supervision, self.supervision_line)
        if not self.supervision_list.count():
            show_empty(self.supervision_list, self.tr("No supervision recorded yet"))
        if not keep_typing:
            self.held_on.setDate(to_qdate(context.today))
            self.with_whom.setText(context.owner_name)
            self.note.clear()

    def snapshot(self) -> Snapshot:
        return {
            "held_on": from_qdate(self.held_on.date()).isoformat(),
            "with_whom": self.with_whom.text(),
            "note": self.note.text(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        set_date_text(self.held_on, snapshot.get("held_on"))
        self.with_whom.setText(snapshot.get("with_whom", ""))
        self.note.setText(snapshot.get("note", ""))

    def _add(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.add_supervision,
            self.context.person.id,
            from_qdate(self.held_on.date()),
            self.with_whom.text(),
            self.note.text(),
            done_text=self.tr("Supervision added."),
        )
