"""The crisis screen: a calm list of protocols, then one step at a time in large type.

Every tick, skip and step back is saved straight away as a draft incident record, so
a lock, a closed window or a flat battery never loses a run.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.incidents import Incident, IncidentFields
from facilitator_app.domain.protocols import (
    Protocol,
    ProtocolRun,
    RunStatus,
    abandon,
    back,
    finish,
    mark_done,
    skip,
    start_run,
)
from facilitator_app.domain.signposting import Service
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import incidents, protocols, signposting
from facilitator_app.services.stores import Store

STEP_POINTS = 22
GUIDANCE_POINTS = 14


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sized(widget: QLabel, points: int, *, bold: bool = False) -> QLabel:
    font = widget.font()
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)
    widget.setWordWrap(True)
    return widget


class ContactsPanel(QFrame):
    """The urgent numbers from the signposting directory, always in view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(240)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(label(self.tr("Numbers"), "subheading"))
        self.lines = label("")
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.lines)
        self._layout.addStretch(1)

    def show_services(self, services: list[Service]) -> None:
        urgent = [s for s in services if s.fields.urgent] or services[:4]
        rows = []
        for service in urgent:
            number = service.fields.phone or service.fields.text
            rows.append(f"{service.name}: {number}" if number else service.name)
        self.lines.setText("\n".join(rows))


class CrisisScreen(QWidget):
    """Emits `closed` to go back to the app, and `finished` with the incident to record."""

    closed = Signal()
    finished = Signal(object)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._run: ProtocolRun | None = None
        self._incident_id: str | None = None
        self._context: tuple[str | None, str | None] = (None, None)
        self._saving = False
        self._save_again = False
        self._emit_after = False
        self._first_button: QPushButton | None = None

        self.contacts = ContactsPanel()
        self.pages = QStackedWidget()
        self.message = message_label()

        # Page 1: the list.
        chooser = QWidget()
        chooser_layout = QVBoxLayout(chooser)
        chooser_layout.addWidget(label(self.tr("Protocols"), "heading"))
        chooser_layout.addWidget(
            label(self.tr("Choose the one that fits. Each shows one step at a time."), "hint")
        )
        self.protocol_buttons = QVBoxLayout()
        chooser_layout.addLayout(self.protocol_buttons)
        self.disclosure_button = QPushButton(self.tr("Someone tells you about abuse: do and don't"))
        self.disclosure_button.setMinimumHeight(44)
        chooser_layout.addWidget(self.disclosure_button)
        chooser_layout.addStretch(1)
        self.back_to_app_button = QPushButton(self.tr("Back to the app"))
        self.card_choice = QComboBox()
        self.card_button = QPushButton(self.tr("Pocket card…"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_to_app_button)
        bottom.addStretch(1)
        bottom.addWidget(label(self.tr("Print a protocol to carry:"), "hint", wrap=False))
        bottom.addWidget(self.card_choice)
        bottom.addWidget(self.card_button)
        chooser_layout.addLayout(bottom)

        # Page 2: a run.
        runner = QWidget()
        runner_layout = QVBoxLayout(runner)
        top = QHBoxLayout()
        self.run_title = label("", "subheading")
        self.clock = label("", "hint", wrap=False)
        top.addWidget(self.run_title, 1)
        top.addWidget(self.clock)
        runner_layout.addLayout(top)
        self.step_count = label("", "hint")
        self.step_text = _sized(QLabel(), STEP_POINTS, bold=True)
        self.guidance = _sized(QLabel(), GUIDANCE_POINTS)
        self.next_text = label("", "hint")
        runner_layout.addWidget(self.step_count)
        runner_layout.addWidget(self.step_text)
        runner_layout.addWidget(self.guidance)
        runner_layout.addStretch(1)
        runner_layout.addWidget(self.next_text)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.skip_button = QPushButton(self.tr("Skip"))
        self.done_button = primary_button(self.tr("Done"))
        self.finish_button = QPushButton(self.tr("Finish and record"))
        self.stop_button = QPushButton(self.tr("Stop — started by mistake"))
        for button in (self.back_button, self.skip_button, self.done_button, self.finish_button):
            button.setMinimumHeight(48)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.done_button)
        runner_layout.addLayout(buttons)
        end_row = QHBoxLayout()
        end_row.addWidget(self.stop_button)
        end_row.addStretch(1)
        end_row.addWidget(self.finish_button)
        runner_layout.addLayout(end_row)
        runner_layout.addWidget(
            label(self.tr("Keys: Enter = Done · S = Skip · Backspace = Back · F = Finish"), "hint")
        )

        # Page 3: the disclosure card.
        card = QWidget()
        card_layout = QVBoxLayout(card)
        self.card_title = label("", "heading")
        self.card_do = _sized(QLabel(), GUIDANCE_POINTS)
        self.card_dont = _sized(QLabel(), GUIDANCE_POINTS)
        self.card_back_button = QPushButton(self.tr("Back to the protocols"))
        card_layout.addWidget(self.card_title)
        card_layout.addWidget(label(self.tr("Do"), "subheading"))
        card_layout.addWidget(self.card_do)
        card_layout.addWidget(label(self.tr("Don't"), "subheading"))
        card_layout.addWidget(self.card_dont)
        card_layout.addStretch(1)
        card_layout.addWidget(self.card_back_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.pages.addWidget(chooser)
        self.pages.addWidget(runner)
        self.pages.addWidget(card)
        body = QVBoxLayout()
        body.addWidget(self.message)
        body.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(body, 3)
        layout.addWidget(self.contacts, 1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_clock)
        self.back_to_app_button.clicked.connect(self.closed)
        self.card_button.clicked.connect(self.open_pocket_card)
        self.disclosure_button.clicked.connect(self.show_disclosure_card)
        self.card_back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.done_button.clicked.connect(lambda: self._act(mark_done))
        self.skip_button.clicked.connect(lambda: self._act(skip))
        self.back_button.clicked.connect(lambda: self._act(lambda run, _at: back(run)))
        self.finish_button.clicked.connect(self._finish)
        self.stop_button.clicked.connect(self._stop)
        for keys, slot in (
            ("Return", lambda: self._act(mark_done)),
            ("Enter", lambda: self._act(mark_done)),
            ("S", lambda: self._act(skip)),
            ("Backspace", lambda: self._act(lambda run, _at: back(run))),
            ("F", self._finish),
        ):
            shortcut = QShortcut(QKeySequence(keys), runner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._protocols: list[Protocol] = []

    @property
    def run(self) -> ProtocolRun | None:
        return self._run

    @property
    def incident_id(self) -> str | None:
        return self._incident_id

    def _fill_protocol_list(self, found: list[Protocol]) -> None:
        if [p.id for p in found] == [p.id for p in self._protocols] and found == self._protocols:
            return  # unchanged: keep the buttons (and the focus on them)
        self._protocols = found
        while self.protocol_buttons.count():
            item = self.protocol_buttons.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.card_choice.clear()
        self._first_button = None
        for index, protocol in enumerate(self._protocols):
            button = QPushButton(f"{protocol.title}\n{protocol.when}")
            button.setMinimumHeight(56)
            button.setStyleSheet("text-align: left; padding: 8px 14px;")
            button.setAutoDefault(True)  # Enter starts it, as Enter then ticks each step
            button.clicked.connect(functools.partial(self._start_at, index))
            self.protocol_buttons.addWidget(button)
            if index == 0:
                self._first_button = button
            self.card_choice.addItem(protocol.title, protocol.id)

    def open_pocket_card(self) -> DocumentDialog | None:
        protocol_id = self.card_choice.currentData()
        if not protocol_id:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Pocket card"),
            lambda store, options: incidents.pocket_card_pdf(store, protocol_id, options),
            f"pocket-card-{protocol_id}.pdf",
            holds_names=False,
        )

    def _start_at(self, index: int, *_: object) -> None:
        self.start(self._protocols[index])

    def open(self, group_id: str | None, session_id: str | None) -> None:
        """Show the list (or the run in progress); remember where the app was."""
        if self._run is None:  # a run in progress stays linked to where it started
            self._context = (group_id, session_id)
        self._access.call(
            signposting.list_services, done=self.contacts.show_services, failed=self._failed
        )
        self._access.call(
            protocols.list_protocols, done=self._protocols_listed, failed=self._failed
        )
        if self._run is None:
            self.pages.setCurrentIndex(0)
            if self._first_button is not None:
                self._first_button.setFocus()
        else:
            self.pages.setCurrentIndex(1)
            self.done_button.setFocus()

    def show_disclosure_card(self) -> None:
        card = protocols.disclosure_card()
        self.card_title.setText(card.title)
        self.card_do.setText("\n".join(f"•  {line}" for line in card.do))
        self.card_dont.setText("\n".join(f"•  {line}" for line in card.dont))
        self.pages.setCurrentIndex(2)
        self.card_back_button.setFocus()

    def preload(self) -> None:
        """Fetch the list ahead of time, so F1 shows it at once."""
        self._access.call(
            protocols.list_protocols, done=self._protocols_listed, failed=self._failed
        )

    def _protocols_listed(self, found: list[Protocol]) -> None:
        self._fill_protocol_list(found)
        if self._run is None and self.pages.currentIndex() == 0 and self._first_button:
            self._first_button.setFocus()

    def start(self, protocol: Protocol) -> None:
        self._forget_run()
        self._run = start_run(protocol, _now())
        self._incident_id = uuid.uuid4().hex
        self.pages.setCurrentIndex(1)
        self._show_step()
        self._tick.start()
        self.done_button.setFocus()
        self._save()

    def resume(self, incident: Incident) -> None:
        """Carry on with a run that was in progress when the app locked or closed."""
        self._run = incident.fields.run
        self._incident_id = incident.id
        self._context = (incident.fields.group_id, incident.fields.session_id)
        self.pages.setCurrentIndex(1)
        self._show_step()
        self._tick.start()
        self.done_button.setFocus()

    def _is_running(self) -> bool:
        # A finished run stays shown until its save comes back; keys pressed meanwhile do nothing.
        return self._run is not None and self._run.status is RunStatus.RUNNING

    def _act(self, action: object) -> None:
        if self._run is None or not self._is_running() or self.pages.currentIndex() != 1:
            return
        self._run = action(self._run, _now())  # type: ignore[operator]
        self._show_step()
        self._save()

    def _stop(self) -> None:
        """Started by mistake: keep the run (as abandoned) and go back to the list."""
        if self._run is None or not self._is_running():
            return
        run, incident_id = abandon(self._run, _now()), self._incident_id
        group_id, session_id = self._context
        # Queued behind any save still in flight, so "abandoned" is what stays stored.
        self._access.call(
            incidents.save_draft,
            incident_id,
            IncidentFields(run=run, group_id=group_id, session_id=session_id),
            done=lambda _incident: None,
            failed=self._failed,
        )
        self._tick.stop()
        self._forget_run()
        self.pages.setCurrentIndex(0)

    def _forget_run(self) -> None:
        self._run = None
        self._incident_id = None
        self._saving = self._save_again = self._emit_after = False

    def _finish(self) -> None:
        if self._run is None:
            return
        if self._is_running():
            self._run = finish(self._run, _now())
            self._tick.stop()
        self._save(then_emit=True)  # pressed again after a failed save, it tries again

    # --- showing ----------------------------------------------------------------

    def _show_step(self) -> None:
        run = self._run
        if run is None:
            return
        total = len(run.protocol.steps)
        self.run_title.setText(run.protocol.title)
        step = run.current
        if step is None:
            self.step_count.setText(self.tr("All {0} steps answered").format(total))
            self.step_text.setText(self.tr("When you are ready, finish and write the record."))
            self.guidance.setText("")
            self.next_text.setText("")
            self.finish_button.setFocus()
        else:
            self.step_count.setText(self.tr("Step {0} of {1}").format(run.position + 1, total))
            self.step_text.setText(step.text)
            self.guidance.setText(step.guidance)
            upcoming = run.next_step
            self.next_text.setText(self.tr("Next: {0}").format(upcoming.text) if upcoming else "")
        self.back_button.setEnabled(run.position > 0)
        self.done_button.setEnabled(step is not None)
        self.skip_button.setEnabled(step is not None)
        self._show_clock()

    def _show_clock(self) -> None:
        if self._run is None:
            return
        seconds = int((_now() - self._run.started_at).total_seconds())
        self.clock.setText(
            self.tr("{0}:{1:02d} since you started").format(seconds // 60, seconds % 60)
        )

    def final_save(self) -> Callable[[Store], object] | None:
        """At lock: the run as it is now, whatever saves are still to come."""
        if self._run is None:
            return None
        run, incident_id = self._run, self._incident_id
        group_id, session_id = self._context
        fields = IncidentFields(run=run, group_id=group_id, session_id=session_id)
        return lambda store: incidents.save_draft(store, incident_id, fields)

    # --- saving: one save at a time, the latest state always wins ----------------------

    def _save(self, *, then_emit: bool = False) -> None:
        if self._run is None:
            return
        if self._saving:
            self._save_again = True
            self._emit_after = then_emit or self._emit_after
            return
        self._saving = True
        self._emit_after = then_emit
        group_id, session_id = self._context
        fields = IncidentFields(run=self._run, group_id=group_id, session_id=session_id)
        self._access.call(
            incidents.save_draft, self._incident_id, fields, done=self._saved, failed=self._failed
        )

    def _saved(self, incident: Incident) -> None:
        if incident.id != self._incident_id:
            return  # a save from a run that has since been stopped or replaced
        self._saving = False
        emit = self._emit_after
        if self._save_again:
            self._save_again = False
            self._save(then_emit=emit)
            return
        if emit:
            self._emit_after = False
            self._forget_run()
            self.pages.setCurrentIndex(0)
            self.finished.emit(incident)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
