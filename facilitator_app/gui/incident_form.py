"""The incident record drafted from a finished run: brief facts, flags, then submit.

Once submitted the record is read-only here; corrections are addenda with their own
time and author.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.incidents import (
    Incident,
    IncidentFields,
    Safeguarding,
    SafeguardingKind,
)
from facilitator_app.domain.members import Member
from facilitator_app.domain.protocols import RecordField, StepAction
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import incidents
from facilitator_app.services.audit import AuditKind, AuditTarget
from facilitator_app.services.stores import Store, StoreRole

_ANSWERS = (("", "Not answered"), ("yes", "Yes"), ("no", "No"))


def _answer(combo: QComboBox) -> bool | None:
    value = combo.currentData()
    return None if not value else value == "yes"


def _set_answer(combo: QComboBox, value: bool | None) -> None:
    combo.setCurrentIndex(combo.findData("" if value is None else ("yes" if value else "no")))


class IncidentForm(QWidget):
    closed = Signal()
    # Submitted from a laptop: sealed for the organisation, and gone from this form.
    sent_away = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._laptop = access.facts.role is StoreRole.FACILITATOR
        self._incident: Incident | None = None
        self.title = label("", "heading")
        self.steps_summary = label("", "hint")
        self.message = message_label()
        self.member = QComboBox()
        self.note_edits: dict[RecordField, QPlainTextEdit] = {}
        self.notes_box = QGroupBox(self.tr("Record this"))
        self.notes_form = QFormLayout(self.notes_box)
        self.notes_form.addRow(
            label(self.tr("Brief and factual: what happened, not why. No graphic detail."), "hint")
        )
        self.notes_form.addRow(self.tr("Person involved"), self.member)

        self.safeguarding = QCheckBox(self.tr("This is a safeguarding concern"))
        self.kind = QComboBox()
        for kind in SafeguardingKind:
            self.kind.addItem(kind.label, kind.value)
        self.person_told = QComboBox()
        self.danger = QComboBox()
        for combo in (self.person_told, self.danger):
            for value, text in _ANSWERS:
                combo.addItem(self.tr(text), value)
        self.safeguarding_box = QGroupBox(self.tr("Safeguarding"))
        safeguarding_form = QFormLayout(self.safeguarding_box)
        safeguarding_form.addRow(self.tr("What kind"), self.kind)
        safeguarding_form.addRow(
            self.tr("Were they told information will be passed on?"), self.person_told
        )
        safeguarding_form.addRow(self.tr("Is anyone in immediate danger?"), self.danger)
        self.needs_support = QCheckBox(self.tr("I would like support after this"))

        self.save_button = QPushButton(self.tr("Save draft"))
        self.submit_button = primary_button(self.tr("Submit to the organisation"))
        self.close_button = QPushButton(self.tr("Back to the app"))
        self.print_button = QPushButton(self.tr("Print or save record…"))
        self.addendum = QPlainTextEdit()
        self.addendum.setPlaceholderText(self.tr("A correction or something learned later"))
        self.addendum.setMaximumHeight(90)
        self.addendum_button = QPushButton(self.tr("Add addendum"))
        self.addenda_text = label("", "hint")
        self.addendum_box = QGroupBox(self.tr("Addenda"))
        addendum_layout = QVBoxLayout(self.addendum_box)
        addendum_layout.addWidget(self.addenda_text)
        addendum_layout.addWidget(self.addendum)
        addendum_layout.addWidget(self.addendum_button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.steps_summary)
        layout.addWidget(self.notes_box)
        layout.addWidget(self.safeguarding)
        layout.addWidget(self.safeguarding_box)
        layout.addWidget(self.needs_support)
        layout.addWidget(self.message)
        layout.addWidget(self.addendum_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)

        self.safeguarding.toggled.connect(self.safeguarding_box.setVisible)
        self.save_button.clicked.connect(lambda: self._save(submit_after=False))
        self.submit_button.clicked.connect(lambda: self._save(submit_after=True))
        self.close_button.clicked.connect(self.closed)
        self.addendum_button.clicked.connect(self._add_addendum)
        self.print_button.clicked.connect(self.open_record_pdf)

    @property
    def incident(self) -> Incident | None:
        return self._incident

    def show_incident(self, incident: Incident) -> None:
        self._incident = incident
        fields = incident.fields
        run = fields.run
        self.title.setText(run.protocol.title)
        lines = []
        for outcome in run.outcomes():
            if outcome.action is None:
                mark = self.tr("not reached")
            else:
                when = outcome.at.astimezone().strftime("%H:%M:%S") if outcome.at else ""
                verb = self.tr("done") if outcome.action is StepAction.DONE else self.tr("skipped")
                mark = f"{verb} {when}"
            lines.append(f"{outcome.step.text} — {mark}")
        self.steps_summary.setText("\n".join(lines))
        for edit in self.note_edits.values():
            self.notes_form.removeRow(edit)
        self.note_edits = {}
        for record_field in run.protocol.record_fields:
            edit = QPlainTextEdit(fields.notes.get(record_field, ""))
            edit.setMaximumHeight(80)
            self.note_edits[record_field] = edit
            self.notes_form.addRow(self.tr(record_field.label), edit)
        safeguarding = fields.safeguarding
        self.safeguarding.setChecked(safeguarding is not None)
        self.safeguarding_box.setVisible(safeguarding is not None)
        if safeguarding is not None:
            self.kind.setCurrentIndex(self.kind.findData(safeguarding.kind.value))
            _set_answer(self.person_told, safeguarding.person_told)
            _set_answer(self.danger, safeguarding.immediate_danger)
        self.needs_support.setChecked(fields.facilitator_needs_support)
        self.member.clear()
        self.member.addItem(self.tr("A member (not named)"), "")
        if fields.group_id:
            self._access.call(
                incidents.members_for, fields.group_id, done=self._members, failed=self._failed
            )
        submitted = incident.is_submitted
        for widget in (
            self.notes_box,
            self.safeguarding,
            self.safeguarding_box,
            self.needs_support,
        ):
            widget.setEnabled(not submitted)
        self.save_button.setVisible(not submitted)
        self.submit_button.setVisible(not submitted)
        self.addendum_box.setVisible(submitted)
        self.addenda_text.setText(
            "\n".join(
                f"{a.written_at.astimezone():%d %b %Y %H:%M} — {a.text}" for a in incident.addenda
            )
            or self.tr("No addenda yet.")
        )
        if submitted:
            note = self.tr("Submitted. It can no longer be changed; add an addendum to correct it.")
        elif self._laptop:
            note = self.tr(
                "Once submitted, it is sealed for your organisation and can't be read on this "
                "laptop any more."
            )
        else:
            note = ""
        show_message(self.message, note, "hint")

    def open_record_pdf(self) -> DocumentDialog | None:
        incident = self._incident
        if incident is None:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Incident record"),
            lambda store, options: incidents.incident_pdf(store, incident.id, options),
            incidents.incident_file_name(incident),
            holds_names=True,
            make_protected=lambda store, options, password: incidents.incident_pdf(
                store, incident.id, options, password
            ),
            audit_as=AuditTarget(AuditKind.INCIDENT, incident.id),
        )

    def _members(self, members: list[Member]) -> None:
        for member in members:
            self.member.addItem(member.name, member.id)
        chosen = self._incident.fields.member_id if self._incident else None
        self.member.setCurrentIndex(max(0, self.member.findData(chosen or "")))

    def fields(self) -> IncidentFields:
        assert self._incident is not None  # noqa: S101 - only called while one is shown
        base = self._incident.fields
        safeguarding = None
        if self.safeguarding.isChecked():
            safeguarding = Safeguarding(
                SafeguardingKind(self.kind.currentData()),
                _answer(self.person_told),
                _answer(self.danger),
            )
        return IncidentFields(
            run=base.run,
            group_id=base.group_id,
            session_id=base.session_id,
            member_id=self.member.currentData() or None,
            notes={key: edit.toPlainText() for key, edit in self.note_edits.items()},
            safeguarding=safeguarding,
            facilitator_needs_support=self.needs_support.isChecked(),
        )

    def final_save(self) -> Callable[[Store], object] | None:
        """At lock: what has been typed into a draft record, saved before the store closes."""
        if not self.draft_changed() or self._incident is None:
            return None
        incident_id, fields = self._incident.id, self.fields()
        return lambda store: incidents.save_draft(store, incident_id, fields)

    def draft_changed(self) -> bool:
        return (
            self._incident is not None
            and not self._incident.is_submitted
            and (self.fields() != self._incident.fields)
        )

    def _save(self, *, submit_after: bool) -> None:
        if self._incident is None:
            return
        incident_id = self._incident.id

        def work(store: object) -> Incident:
            saved = incidents.save_draft(store, incident_id, self_fields)  # type: ignore[arg-type]
            return incidents.submit(store, saved.id) if submit_after else saved  # type: ignore[arg-type]

        self_fields = self.fields()
        self._access.call(work, done=self._saved, failed=self._failed)

    def _saved(self, incident: Incident) -> None:
        if incident.is_submitted and self._laptop:
            # The last readable copy: not shown again (addenda go from the Debriefs tab).
            self._forget()
            self.sent_away.emit()
            return
        self.show_incident(incident)
        if not incident.is_submitted:
            show_message(self.message, self.tr("Draft saved."), "hint")

    def _add_addendum(self) -> None:
        if self._incident is None:
            return
        self._access.call(
            incidents.add_addendum,
            self._incident.id,
            self.addendum.toPlainText(),
            done=self._addendum_added,
            failed=self._failed,
        )

    def _addendum_added(self, incident: Incident | None) -> None:
        self.addendum.clear()
        if incident is None:  # from a laptop: sealed and sent like the record
            show_message(self.message, self.tr("Addendum sent."), "hint")
            return
        self.show_incident(incident)

    def _forget(self) -> None:
        """Clear every word of the record from the screen."""
        self._incident = None
        for edit in self.note_edits.values():
            self.notes_form.removeRow(edit)
        self.note_edits = {}
        self.title.clear()
        self.steps_summary.clear()
        self.addendum.clear()
        self.addenda_text.clear()
        self.member.clear()
        self.safeguarding.setChecked(False)
        self.needs_support.setChecked(False)
        show_message(self.message, "")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
