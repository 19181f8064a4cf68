"""Everything shown while the store is unlocked. Built on unlock, destroyed on lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.incidents import Incident
from facilitator_app.domain.protocols import RunStatus
from facilitator_app.gui.crisis_screen import CrisisScreen
from facilitator_app.gui.directory_page import DirectoryPage
from facilitator_app.gui.facilitators_page import FacilitatorsPage
from facilitator_app.gui.groups_page import GroupsPage
from facilitator_app.gui.handouts_page import HandoutsPage
from facilitator_app.gui.home_page import HomePage
from facilitator_app.gui.incident_form import IncidentForm
from facilitator_app.gui.incidents_page import IncidentsPage
from facilitator_app.gui.protocols_page import ProtocolsPage
from facilitator_app.gui.rota_page import RotaPage
from facilitator_app.gui.sessions_page import SessionsPage
from facilitator_app.gui.settings_page import SettingsPage
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_page import SyncPage
from facilitator_app.gui.widgets import label, show_message
from facilitator_app.services import incidents
from facilitator_app.services.settings import LockSettings
from facilitator_app.services.stores import Store

Drafts = dict[str, dict[str, str]]


@dataclass(frozen=True)
class ViewState:
    """Where the person was when the app locked: ids only, kept in memory, never on disk."""

    tab: int = 0
    group_id: str | None = None
    sessions_group_id: str | None = None
    session_id: str | None = None


class Workspace(QWidget):
    def __init__(
        self, access: StoreAccess, settings: LockSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.home_page = HomePage(access)
        self.groups_page = GroupsPage(access)
        self.sessions_page = SessionsPage(access)
        self.rota_page = RotaPage(access)
        self.people_page = FacilitatorsPage(access)
        self.handouts_page = HandoutsPage(access)
        self.directory_page = DirectoryPage(access)
        self.incidents_page = IncidentsPage(access)
        self.protocols_page = ProtocolsPage(access)
        self.sync_page = SyncPage(access)
        self.settings_page = SettingsPage(access, settings)
        settings_scroll = QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        settings_scroll.setWidget(self.settings_page)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.home_page, self.tr("Home"))
        self.tabs.addTab(self.groups_page, self.tr("Groups"))
        self.tabs.addTab(self.sessions_page, self.tr("Sessions"))
        self.tabs.addTab(self.rota_page, self.tr("Rota"))
        self.tabs.addTab(self.people_page, self.tr("Facilitators"))
        self.tabs.addTab(self.handouts_page, self.tr("Handouts"))
        self.tabs.addTab(self.directory_page, self.tr("Signposting"))
        self.tabs.addTab(self.incidents_page, self.tr("Incidents"))
        self.tabs.addTab(self.protocols_page, self.tr("Protocols"))
        self.tabs.addTab(self.sync_page, self.tr("Sync"))
        self.tabs.addTab(settings_scroll, self.tr("Settings"))
        self.restored_notice = label("", "notice")
        self.restored_notice.setVisible(False)
        self.waiting_record_button = QPushButton(self.tr("Open it"))
        self.waiting_record_button.setVisible(False)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.restored_notice, 1)
        notice_row.addWidget(self.waiting_record_button)
        self.crisis = CrisisScreen(access)
        self.incident_form = IncidentForm(access)
        self.views = QStackedWidget()
        self.views.addWidget(self.tabs)
        self.views.addWidget(self.crisis)
        self.views.addWidget(self.incident_form)
        layout = QVBoxLayout(self)
        layout.addLayout(notice_row)
        layout.addWidget(self.views)
        self._access = access
        self._waiting_record: Incident | None = None
        self._resumed_notice = False
        self.crisis.closed.connect(self.show_tabs)
        self.crisis.finished.connect(self.show_incident)
        self.incident_form.closed.connect(self.show_tabs)
        self.incidents_page.open_record.connect(self.show_incident)
        self.waiting_record_button.clicked.connect(self._open_waiting_record)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.groups_page.groups_changed.connect(self.sessions_page.reload)
        self.people_page.people_changed.connect(self.sessions_page.reload)
        self.home_page.open_person.connect(self._open_person)
        self.home_page.open_session.connect(self._open_session)
        self.sync_page.records_changed.connect(self._records_arrived)

    def start(self, view: ViewState, drafts: Drafts) -> None:
        """Fill every tab, returning to where the person was and to what they typed."""
        self.home_page.reload()
        self.groups_page.restore(view.group_id, drafts)
        self.sessions_page.restore(view.sessions_group_id, view.session_id, drafts)
        rota_draft = drafts.get("rota-editor")
        if rota_draft is not None:
            self.rota_page.restore_draft(rota_draft)
        else:
            self.rota_page.reload()
        people_draft = drafts.get("people-editor")
        if people_draft is not None:
            self.people_page.restore_draft(people_draft)
        else:
            self.people_page.reload()
        handout_draft = drafts.get("handout-editor")
        if handout_draft is not None:
            self.handouts_page.restore_draft(handout_draft)
        else:
            self.handouts_page.reload()
        self.directory_page.reload()
        self.settings_page.reload()
        self.sync_page.reload()
        protocol_draft = drafts.get("protocol-editor")
        if protocol_draft is not None:
            self.protocols_page.restore_draft(protocol_draft)
        self.crisis.preload()
        self._access.call(
            incidents.drafts_in_progress, done=self._offer_unfinished, failed=lambda _: None
        )
        if drafts:
            show_message(
                self.restored_notice,
                self.tr(
                    "Your unsaved changes from before the app locked are back. "
                    "Save them when you are ready."
                ),
                "notice",
            )
        tab = view.tab
        if drafts.keys() & {"session-editor", "session-register", "session-on-the-night"}:
            tab = self.tabs.indexOf(self.sessions_page)
        elif "rota-editor" in drafts:
            tab = self.tabs.indexOf(self.rota_page)
        elif "group-editor" in drafts or "member-editor" in drafts:
            tab = self.tabs.indexOf(self.groups_page)
        elif "people-editor" in drafts:
            tab = self.tabs.indexOf(self.people_page)
        elif "handout-editor" in drafts:
            tab = self.tabs.indexOf(self.handouts_page)
        elif "protocol-editor" in drafts:
            tab = self.tabs.indexOf(self.protocols_page)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(tab)
        self.tabs.blockSignals(False)

    # --- protocols and incident records ------------------------------------------------

    def open_crisis(self) -> None:
        """F1 or the Protocols button: the crisis screen, knowing which session is open."""
        group_id, session_id = self.sessions_page.selection()
        if self.tabs.currentWidget() is self.groups_page:
            group_id, session_id = self.groups_page.selected_group_id(), None
        elif self.tabs.currentWidget() is not self.sessions_page:
            session_id = None
        self.views.setCurrentWidget(self.crisis)
        self.crisis.open(group_id, session_id)

    def show_incident(self, incident: Incident) -> None:
        self.incident_form.show_incident(incident)
        self.views.setCurrentWidget(self.incident_form)

    def show_tabs(self) -> None:
        if self.views.currentWidget() is not self.tabs and self._resumed_notice:
            self.restored_notice.setVisible(False)  # it was about the run, now left
            self._resumed_notice = False
        self.views.setCurrentWidget(self.tabs)
        # A record may have been made or submitted meanwhile.
        if self.tabs.currentWidget() is self.incidents_page:
            self.incidents_page.reload()
        elif self.tabs.currentWidget() is self.sessions_page:
            self.sessions_page.register_panel.refresh_incidents()

    def _offer_unfinished(self, drafts: list[Incident]) -> None:
        running = [i for i in drafts if i.fields.run.status is RunStatus.RUNNING]
        if running:
            self._resumed_notice = True
            self.crisis.resume(running[0])
            self.views.setCurrentWidget(self.crisis)
            show_message(
                self.restored_notice,
                self.tr("You were part-way through a protocol. It is just as you left it."),
                "notice",
            )
            return
        waiting = [i for i in drafts if i.fields.run.status is RunStatus.FINISHED]
        if waiting:
            self._waiting_record = waiting[0]
            self.waiting_record_button.setVisible(True)
            show_message(
                self.restored_notice,
                self.tr("An incident record is waiting to be finished and submitted."),
                "notice",
            )

    def _open_waiting_record(self) -> None:
        if self._waiting_record is not None:
            self.show_incident(self._waiting_record)
        self.waiting_record_button.setVisible(False)
        self.restored_notice.setVisible(False)

    def final_saves(self) -> list[Callable[[Store], object]]:
        """Writes to make before the store closes at lock: nothing in progress is lost."""
        saves = []
        for save in (self.crisis.final_save(), self.incident_form.final_save()):
            if save is not None:
                saves.append(save)
        return saves

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.home_page:
            self.home_page.reload()
        elif page is self.sessions_page:
            self.sessions_page.reload()
        elif page is self.rota_page:
            self.rota_page.reload()
        elif page is self.incidents_page:
            self.incidents_page.reload()
        elif page is self.people_page:
            self.people_page.reload()  # groups, stages and pauses may have changed
        elif page is self.protocols_page:
            self.protocols_page.reload()
        elif page is self.handouts_page:
            self.handouts_page.reload()  # the directory or organisation may have changed
        elif page is self.sync_page:
            self.sync_page.reload()  # edits since add to what is waiting to go

    def _records_arrived(self) -> None:
        """An import changed records: refresh the lists that do not reload when shown.

        The other tabs read afresh when they are next shown; no refresh drops typing.
        """
        self.groups_page.reload()
        self.directory_page.reload()

    def show_sync(self) -> None:
        """Straight to the Sync tab: a laptop that just joined shows its fingerprint there."""
        self.tabs.setCurrentWidget(self.sync_page)

    # --- from a reminder on the Home tab to its person or session ---------------------------

    def _show_quietly(self, page: QWidget) -> None:
        """Switch tab without the reload showing it starts: the caller reloads, choosing."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentWidget(page)
        self.tabs.blockSignals(False)

    def _open_person(self, person_id: str) -> None:
        if self.people_page.has_changes():
            self.tabs.setCurrentWidget(self.people_page)  # keep their typing on screen
            return
        self._show_quietly(self.people_page)
        self.people_page.reload(select_id=person_id)

    def _open_session(self, group_id: str, session_id: str) -> None:
        if self.sessions_page.drafts():
            self.tabs.setCurrentWidget(self.sessions_page)  # keep their typing on screen
            return
        self._show_quietly(self.sessions_page)
        self.sessions_page.restore(group_id, session_id, {})

    def view_state(self) -> ViewState:
        sessions_group, session = self.sessions_page.selection()
        return ViewState(
            tab=self.tabs.currentIndex(),
            group_id=self.groups_page.selected_group_id(),
            sessions_group_id=sessions_group,
            session_id=session,
        )

    def drafts(self) -> Drafts:
        found = self.groups_page.drafts() | self.sessions_page.drafts()
        for key, draft in (
            ("people-editor", self.people_page.draft()),
            ("rota-editor", self.rota_page.draft()),
            ("handout-editor", self.handouts_page.draft()),
            ("protocol-editor", self.protocols_page.draft()),
        ):
            if draft is not None:
                found[key] = draft
        return found
