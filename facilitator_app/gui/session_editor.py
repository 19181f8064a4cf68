"""The plan for one session: date, times, venue, topic, lead and co-facilitator."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.domain.people import Person
from facilitator_app.domain.sessions import Session, SessionFields
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalTimeEdit,
    from_qdate,
    message_label,
    primary_button,
    show_message,
    to_qdate,
)
from facilitator_app.services import papers, sessions
from facilitator_app.services.audit import AuditKind, AuditTarget
from facilitator_app.services.stores import StoreRole

Snapshot = dict[str, str]


class SessionEditor(QGroupBox):
    saved = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Session plan"), parent)
        self._access = access
        self._group: Group | None = None
        self._session: Session | None = None
        self._loaded: Snapshot = {}
        self._saving = False
        self._people: dict[str, Person] = {}
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.start_time = OptionalTimeEdit(self.tr("Starts"))
        self.end_time = OptionalTimeEdit(self.tr("Ends"))
        self.venue = QLineEdit()
        self.venue.setPlaceholderText(self.tr("Leave empty to use the group's usual venue"))
        self.topic = QLineEdit()
        self.lead = QComboBox()
        self.co_facilitator = QComboBox()
        if access.facts.role is not StoreRole.COORDINATOR:
            # The plan is the coordinator's; offering a choice the save refuses helps nobody.
            for combo in (self.lead, self.co_facilitator):
                combo.setEnabled(False)
                combo.setToolTip(
                    self.tr("Your coordinator plans who leads. Record who actually led below.")
                )
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Time"), self.start_time)
        form.addRow("", self.end_time)
        form.addRow(self.tr("Venue"), self.venue)
        form.addRow(self.tr("Topic or activity"), self.topic)
        form.addRow(self.tr("Lead facilitator"), self.lead)
        form.addRow(self.tr("Co-facilitator"), self.co_facilitator)
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save plan"))
        self.plan_paper_button = QPushButton(self.tr("Session plan…"))
        self.register_paper_button = QPushButton(self.tr("Paper register…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_paper_button)
        buttons.addWidget(self.register_paper_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self._save)
        self.plan_paper_button.clicked.connect(self.open_session_plan)
        self.register_paper_button.clicked.connect(self.open_register)
        self.set_people([])

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def group(self) -> Group | None:
        return self._group

    def set_people(self, people: list[Person]) -> None:
        """Everyone, archived included: only active people are offered, but a session
        led by someone archived since keeps showing their name."""
        self._people = {person.id: person for person in people}
        for combo in (self.lead, self.co_facilitator):
            self._fill_people(combo, combo.currentData())

    def _fill_people(self, combo: QComboBox, chosen: str | None) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Not chosen yet"), "")
        for person in self._people.values():
            if person.archived_on is None:
                combo.addItem(person.name, person.id)
        if chosen and combo.findData(chosen) < 0:
            archived = self._people.get(chosen)
            name = archived.name if archived else self.tr("someone no longer in the store")
            combo.addItem(self.tr("{0} (no longer active)").format(name), chosen)
        combo.setCurrentIndex(max(0, combo.findData(chosen or "")))
        combo.blockSignals(False)

    def show_session(self, group: Group | None, session: Session | None) -> None:
        self._group = group
        self._session = session
        self.setEnabled(group is not None)
        if session is None and group is not None:
            fields = SessionFields(date=dt.date.today(), start_time=group.fields.usual_time)
        else:
            fields = session.fields if session else SessionFields(date=dt.date.today())
        self.date.setDate(to_qdate(fields.date))
        self.start_time.set_value(fields.start_time, dt.time(18, 0))
        self.end_time.set_value(fields.end_time, dt.time(20, 0))
        self.venue.setText(fields.venue)
        self.topic.setText(fields.topic)
        self._fill_people(self.lead, fields.lead_id)
        self._fill_people(self.co_facilitator, fields.co_facilitator_id)
        self.save_button.setText(self.tr("Save plan") if session else self.tr("Plan this session"))
        for button in (self.plan_paper_button, self.register_paper_button):
            button.setEnabled(session is not None)
        show_message(self.message, "")
        self._loaded = self.snapshot()

    def fields(self) -> SessionFields:
        return SessionFields(
            date=from_qdate(self.date.date()),
            start_time=self.start_time.value(),
            end_time=self.end_time.value(),
            venue=self.venue.text(),
            topic=self.topic.text(),
            lead_id=self.lead.currentData() or None,
            co_facilitator_id=self.co_facilitator.currentData() or None,
        )

    # --- drafts ---------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return {
            "date": from_qdate(self.date.date()).isoformat(),
            "start_time": self.start_time.as_text(),
            "end_time": self.end_time.as_text(),
            "venue": self.venue.text(),
            "topic": self.topic.text(),
            "lead_id": str(self.lead.currentData() or ""),
            "co_facilitator_id": str(self.co_facilitator.currentData() or ""),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.date.setDate(to_qdate(dt.date.fromisoformat(snapshot["date"])))
        self.start_time.set_text(snapshot.get("start_time", ""), dt.time(18, 0))
        self.end_time.set_text(snapshot.get("end_time", ""), dt.time(20, 0))
        self.venue.setText(snapshot.get("venue", ""))
        self.topic.setText(snapshot.get("topic", ""))
        self._fill_people(self.lead, snapshot.get("lead_id", ""))
        self._fill_people(self.co_facilitator, snapshot.get("co_facilitator_id", ""))

    def has_changes(self) -> bool:
        """Typing not yet in the store, or on its way: a refresh must leave it alone."""
        return self._saving or (self._group is not None and self.snapshot() != self._loaded)

    def draft(self) -> Snapshot | None:
        if self._saving or self._group is None or self.snapshot() == self._loaded:
            return None
        record = self._session.id if self._session else ""
        return {"record_id": record, "group_id": self._group.id} | self.snapshot()

    # --- saving ---------------------------------------------------------------

    def _save(self) -> None:
        if self._group is None:
            return
        self._saving = True
        fields = self.fields()
        if self._session is None:
            self._access.call(
                sessions.plan_session, self._group.id, fields, done=self._saved, failed=self._failed
            )
        else:
            self._access.call(
                sessions.update_session,
                self._session.id,
                fields,
                done=self._saved,
                failed=self._failed,
            )

    # --- papers to print ----------------------------------------------------------

    def open_session_plan(self) -> DocumentDialog | None:
        session = self._session
        if session is None:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Session plan"),
            lambda store, options: papers.session_plan_pdf(store, session.id, options),
            papers.session_paper_name("session-plan", session),
            holds_names=True,
        )

    def open_register(self) -> DocumentDialog | None:
        session = self._session
        if session is None:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Paper register"),
            lambda store, options: papers.register_pdf(store, session.id, options),
            papers.session_paper_name("register", session),
            holds_names=True,
            audit_as=AuditTarget(AuditKind.REGISTER, session.id),
        )

    def _saved(self, session: Session) -> None:
        self._saving = False
        self.show_session(self._group, session)
        self.saved.emit(session)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
