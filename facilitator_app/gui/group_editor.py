"""The form for one group's details, with save and archive."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group, GroupFields, GroupKind, Weekday
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    OptionalTimeEdit,
    message_label,
    primary_button,
    show_message,
)
from facilitator_app.services import groups, handouts, papers

Snapshot = dict[str, str]


class GroupEditor(QGroupBox):
    saved = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Group details"), parent)
        self._access = access
        self._group: Group | None = None
        self._loaded: Snapshot = {}
        self._saving = False  # a save is queued: its typing is on its way into the store
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind in GroupKind:
            self.kind.addItem(kind.label, kind.value)
        self.cohort_note = QLineEdit()
        self.cohort_note.setPlaceholderText(
            self.tr("Who the group is for, e.g. adults, women-only")
        )
        self.venue = QLineEdit()
        self.usual_day = QComboBox()
        self.usual_day.addItem(self.tr("Not set"), "")
        for day in Weekday:
            self.usual_day.addItem(day.label, day.value)
        self.usual_time = OptionalTimeEdit(self.tr("Usual start time"))
        self.start_date = OptionalDateEdit(self.tr("Starts on"))
        self.end_date = OptionalDateEdit(self.tr("Ends on"))
        self.agreement = QPlainTextEdit()
        self.agreement.setPlaceholderText(self.tr("One item per line, as the group agreed it"))
        self.agreement.setMinimumHeight(110)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Cohort"), self.cohort_note)
        form.addRow(self.tr("Venue"), self.venue)
        form.addRow(self.tr("Usual day"), self.usual_day)
        form.addRow("", self.usual_time)
        form.addRow(self.tr("Dates"), self.start_date)
        form.addRow("", self.end_date)
        form.addRow(self.tr("Group agreement"), self.agreement)
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save group"))
        self.archive_button = QPushButton(self.tr("Archive group"))
        self.agreement_paper_button = QPushButton(self.tr("Print agreement…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.agreement_paper_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.save_button.clicked.connect(self._save)
        self.archive_button.clicked.connect(self._archive_or_restore)
        self.agreement_paper_button.clicked.connect(self.open_agreement)
        self.start_new()

    @property
    def group(self) -> Group | None:
        return self._group

    def start_new(self) -> None:
        """An empty form whose agreement starts from the default items, ready to adapt."""
        self.show_group(None)
        self.name.setFocus()
        self._access.call(
            handouts.default_agreement_items, done=self._fill_default_agreement, failed=self._failed
        )

    def _fill_default_agreement(self, items: list[str]) -> None:
        if self._group is None and not self.agreement.toPlainText().strip():
            self.agreement.setPlainText("\n".join(items))
            # The defaults are a starting point, not typing: an untouched form has no draft.
            # Only the agreement counts as loaded; a name typed before the items came back
            # is still unsaved typing.
            self._loaded["agreement_text"] = self.agreement.toPlainText()

    def open_agreement(self) -> DocumentDialog | None:
        group = self._group
        if group is None:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Group agreement"),
            lambda store, options: papers.group_agreement_pdf(store, group.id, options),
            "group-agreement.pdf",
            holds_names=False,
        )

    def show_group(self, group: Group | None) -> None:
        self._group = group
        fields = group.fields if group else GroupFields(name="")
        today = dt.date.today()
        self.name.setText(fields.name)
        self.kind.setCurrentIndex(self.kind.findData(fields.kind.value))
        self.cohort_note.setText(fields.cohort_note)
        self.venue.setText(fields.venue)
        self.usual_day.setCurrentIndex(
            self.usual_day.findData(fields.usual_day.value if fields.usual_day else "")
        )
        self.usual_time.set_value(fields.usual_time, dt.time(18, 0))
        self.start_date.set_value(fields.start_date, today)
        self.end_date.set_value(fields.end_date, today)
        self.agreement.setPlainText(fields.agreement_text)
        self.archive_button.setVisible(group is not None)
        self.agreement_paper_button.setVisible(group is not None)
        archived = group is not None and group.is_archived
        self.archive_button.setText(
            self.tr("Restore group") if archived else self.tr("Archive group")
        )
        self.save_button.setText(self.tr("Save group") if group else self.tr("Add group"))
        show_message(self.message, "")
        self._loaded = self.snapshot()

    def fields(self) -> GroupFields:
        day = self.usual_day.currentData()
        return GroupFields(
            name=self.name.text(),
            kind=GroupKind(self.kind.currentData()),
            cohort_note=self.cohort_note.text(),
            venue=self.venue.text(),
            usual_day=Weekday(day) if day else None,
            usual_time=self.usual_time.value(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            agreement_text=self.agreement.toPlainText(),
        )

    # --- drafts: unsaved typing survives a lock ------------------------------

    def snapshot(self) -> Snapshot:
        return {
            "name": self.name.text(),
            "kind": str(self.kind.currentData()),
            "cohort_note": self.cohort_note.text(),
            "venue": self.venue.text(),
            "usual_day": str(self.usual_day.currentData()),
            "usual_time": self.usual_time.as_text(),
            "start_date": self.start_date.as_text(),
            "end_date": self.end_date.as_text(),
            "agreement_text": self.agreement.toPlainText(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.name.setText(snapshot.get("name", ""))
        self.kind.setCurrentIndex(max(0, self.kind.findData(snapshot.get("kind", ""))))
        self.cohort_note.setText(snapshot.get("cohort_note", ""))
        self.venue.setText(snapshot.get("venue", ""))
        self.usual_day.setCurrentIndex(max(0, self.usual_day.findData(snapshot.get("usual_day"))))
        self.usual_time.set_text(snapshot.get("usual_time", ""), dt.time(18, 0))
        today = dt.date.today()
        self.start_date.set_text(snapshot.get("start_date", ""), today)
        self.end_date.set_text(snapshot.get("end_date", ""), today)
        self.agreement.setPlainText(snapshot.get("agreement_text", ""))

    def is_dirty(self) -> bool:
        return self.snapshot() != self._loaded

    def has_changes(self) -> bool:
        """Typing not yet in the store, or on its way: a refresh must leave it alone."""
        return self._saving or self.is_dirty()

    def draft(self) -> Snapshot | None:
        if self._saving or not self.is_dirty():
            return None
        return {"record_id": self._group.id if self._group else ""} | self.snapshot()

    # --- saving ---------------------------------------------------------------

    def _save(self) -> None:
        self._saving = True
        fields = self.fields()
        if self._group is None:
            self._access.call(groups.create_group, fields, done=self._saved, failed=self._failed)
        else:
            self._access.call(
                groups.update_group, self._group.id, fields, done=self._saved, failed=self._failed
            )

    def _archive_or_restore(self) -> None:
        if self._group is None:
            return
        action = groups.restore_group if self._group.is_archived else groups.archive_group
        self._access.call(action, self._group.id, done=self._saved, failed=self._failed)

    def _saved(self, group: Group) -> None:
        self._saving = False
        self.show_group(group)
        self.saved.emit(group)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
