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

from facilitator_app.domain.debriefs import Debrief
from facilitator_app.domain.incidents import Incident
from facilitator_app.domain.protocols import RunStatus
from facilitator_app.gui.crisis_screen import CrisisScreen
from facilitator_app.gui.debrief_form import DebriefForm
from facilitator_app.gui.debrief_opening import DebriefOpening, open_draft
from facilitator_app.gui.debriefs_page import DebriefsPage
from facilitator_app.gui.directory_page import DirectoryPage
from facilitator_app.gui.facilitators_page import FacilitatorsPage
from facilitator_app.gui.groups_page import GroupsPage
from facilitator_app.gui.handouts_page import HandoutsPage
from facilitator_app.gui.home_page import HomePage
from facilitator_app.gui.inbox_page import InboxPage
from facilitator_app.gui.incident_form import IncidentForm
from facilitator_app.gui.incidents_page import IncidentsPage
from facilitator_app.gui.protocols_page import ProtocolsPage
from facilitator_app.gui.rota_page import RotaPage
from facilitator_app.gui.sessions_page import SessionsPage
from facilitator_app.gui.settings_page import SettingsPage
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_page import SyncPage
from facilitator_app.gui.widgets import label, show_message
from facilitator_app.services import debriefs, incidents
from facilitator_app.services.settings import LockSettings
from facilitator_app.services.stores import Store, StoreRole

Drafts = dict[str, dict[str, str]]


@dataclass(frozen=True)
class ViewState:
    """Where the person was when the app locked: ids only, kept in memory, never on disk."""

    tab: int = 0
    group_id: str | None = None
    sessions_group_id: str | None = None
    session_id: str | None = None
    debrief_id: str | None = None  # the debrief being written, to reopen it


class Workspace(QWidget):
    def __init__(
        self, access: StoreAccess, settings: LockSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.home_page = HomePage(access)
        # The inbox is the coordinator's: a laptop keeps no record text to show in one.
        self.inbox_page: InboxPage | None = None
        if access.facts.role is StoreRole.COORDINATOR:
            self.inbox_page = InboxPage(access)
        self.groups_page = GroupsPage(access)
        self.sessions_page = SessionsPage(access)
        self.rota_page = RotaPage(access)
        self.people_page = FacilitatorsPage(access)
        self.handouts_page = HandoutsPage(access)
        self.directory_page = DirectoryPage(access)
        self.incidents_page = IncidentsPage(access)
        self.debriefs_page = DebriefsPage(access)
        self.protocols_page = ProtocolsPage(access)
        self.sync_page = SyncPage(access)
        self.settings_page = SettingsPage(access, settings)
        self.settings_scroll = settings_scroll = QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        settings_scroll.setWidget(self.settings_page)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.home_page, self.tr("Home"))
        if self.inbox_page is not None:
            self.tabs.addTab(self.inbox_page, self.tr("Inbox"))
        self.tabs.addTab(self.groups_page, self.tr("Groups"))
        self.tabs.addTab(self.sessions_page, self.tr("Sessions"))
        self.tabs.addTab(self.rota_page, self.tr("Rota"))
        self.tabs.addTab(self.people_page, self.tr("Facilitators"))
        self.tabs.addTab(self.handouts_page, self.tr("Handouts"))
        self.tabs.addTab(self.directory_page, self.tr("Signposting"))
        self.tabs.addTab(self.incidents_page, self.tr("Incidents"))
        self.tabs.addTab(self.debriefs_page, self.tr("Debriefs"))
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
        self.debrief_form = DebriefForm(access)
        self.views = QStackedWidget()
        self.views.addWidget(self.tabs)
        self.views.addWidget(self.crisis)
        self.views.addWidget(self.incident_form)
        self.views.addWidget(self.debrief_form)
        layout = QVBoxLayout(self)
        layout.addLayout(notice_row)
        layout.addWidget(self.views)
        self._access = access
        self._waiting_record: Incident | None = None
        self._waiting_debrief: str | None = None
        self._back_to_debrief = False  # the protocols were opened from the debrief form
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
        self.home_page.open_settings.connect(
            lambda: self.tabs.setCurrentWidget(self.settings_scroll)
        )
        self.sync_page.records_changed.connect(self._records_arrived)
        self.home_page.open_record.connect(self._open_inbox_record)
        self.home_page.open_inbox.connect(self._open_inbox)
        if self.inbox_page is not None:
            self.inbox_page.unread_changed.connect(self._show_unread)
            self.home_page.inbox_changed.connect(self.inbox_page.reload)
        self.sessions_page.debrief_prompt.opened.connect(self.show_debrief)
        self.debriefs_page.open_debrief.connect(self.show_debrief)
        self.debrief_form.closed.connect(self.show_tabs)
        self.debrief_form.sent.connect(self._debrief_sent)
        self.debrief_form.record_incident.connect(self._record_from_debrief)
        self.incident_form.sent_away.connect(self._incident_sent_away)

    def start(self, view: ViewState, drafts: Drafts) -> None:
        """Fill every tab, returning to where the person was and to what they typed."""
        self.home_page.reload()
        if self.inbox_page is not None:
            self.inbox_page.reload()  # for the unread count on its tab
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
        self._access.call(
            debriefs.drafts,
            done=lambda found: self._offer_debrief(view.debrief_id, found),
            failed=lambda _: None,
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
        if self._back_to_debrief and self.debrief_form.debrief_id is not None:
            self._back_to_debrief = False
            self.views.setCurrentWidget(self.debrief_form)
            self.debrief_form.refresh_sheet()  # an incident may have been recorded
            return
        self._back_to_debrief = False
        if self.views.currentWidget() is not self.tabs and self._resumed_notice:
            self.restored_notice.setVisible(False)  # it was about the run, now left
            self._resumed_notice = False
        self.views.setCurrentWidget(self.tabs)
        # A record may have been made or submitted meanwhile.
        if self.tabs.currentWidget() is self.incidents_page:
            self.incidents_page.reload()
        elif self.tabs.currentWidget() is self.sessions_page:
            self.sessions_page.register_panel.refresh_incidents()
            self.sessions_page.debrief_prompt.refresh()
        elif self.tabs.currentWidget() is self.debriefs_page:
            self.debriefs_page.reload()

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
        elif self._waiting_debrief is not None:
            self._access.call(
                open_draft, self._waiting_debrief, done=self.show_debrief, failed=lambda _: None
            )
        self.waiting_record_button.setVisible(False)
        self.restored_notice.setVisible(False)

    # --- debriefs -------------------------------------------------------------------

    def show_debrief(self, opening: DebriefOpening) -> None:
        self.debrief_form.show_opening(opening)
        self.views.setCurrentWidget(self.debrief_form)

    def _offer_debrief(self, debrief_id: str | None, drafts: list[Debrief]) -> None:
        """The debrief being written at lock reopens; one left earlier is offered."""
        if debrief_id is not None and any(d.id == debrief_id for d in drafts):
            self._access.call(
                open_draft, debrief_id, done=self._reopen_debrief, failed=lambda _: None
            )
        elif drafts and not self.restored_notice.isVisible():
            self._waiting_debrief = drafts[-1].id
            self.waiting_record_button.setVisible(True)
            show_message(
                self.restored_notice,
                self.tr("A debrief you started is saved as a draft."),
                "notice",
            )

    def _reopen_debrief(self, opening: DebriefOpening) -> None:
        self.debrief_form.show_opening(opening)
        if self.views.currentWidget() is self.crisis:
            self._back_to_debrief = True  # a protocol was running: it comes first
            return
        self.views.setCurrentWidget(self.debrief_form)
        if not self.restored_notice.isVisible():
            self._resumed_notice = True
            show_message(
                self.restored_notice, self.tr("Your debrief is just as you left it."), "notice"
            )

    def _record_from_debrief(self, group_id: str, session_id: str) -> None:
        self._back_to_debrief = True
        self.views.setCurrentWidget(self.crisis)
        self.crisis.open(group_id, session_id)

    def _debrief_sent(self) -> None:
        self.show_tabs()
        self._show_quietly(self.debriefs_page)
        self.debriefs_page.reload()
        self.debriefs_page.show_confirmation(self._sent_words())
        self.sessions_page.debrief_prompt.refresh()

    def _incident_sent_away(self) -> None:
        """An incident record submitted from a laptop: it cannot be shown again."""
        self.show_tabs()
        words = self.tr(
            "Sent. The incident record will go to your organisation with your next USB sync; "
            "the Debriefs tab lists it."
        )
        if self.views.currentWidget() is self.debrief_form:
            self.debrief_form.show_note(words)
            return
        self._show_quietly(self.incidents_page)
        self.incidents_page.reload()
        self.incidents_page.show_confirmation(words)

    def _sent_words(self) -> str:
        if self._access.facts.role is StoreRole.FACILITATOR:
            return self.tr("Sent. It will go to your organisation with your next USB sync.")
        return self.tr("Sent. You'll find it in the Inbox.")

    def final_saves(self) -> list[Callable[[Store], object]]:
        """Writes to make before the store closes at lock: nothing in progress is lost."""
        saves = []
        for save in (
            self.crisis.final_save(),
            self.incident_form.final_save(),
            self.debrief_form.final_save(),
        ):
            if save is not None:
                saves.append(save)
        return saves

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.home_page:
            self.home_page.reload()
        elif self.inbox_page is not None and page is self.inbox_page:
            self.inbox_page.reload()
        elif page is self.sessions_page:
            self.sessions_page.reload()
        elif page is self.rota_page:
            self.rota_page.reload()
        elif page is self.incidents_page:
            self.incidents_page.reload()
        elif page is self.debriefs_page:
            self.debriefs_page.reload()
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
        self.home_page.reload()  # who asked for contact; how many records are new
        if self.inbox_page is not None:
            self.inbox_page.reload()

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

    # --- the coordinator's inbox ---------------------------------------------------------

    def _show_unread(self, count: int) -> None:
        if self.inbox_page is not None:
            title = self.tr("Inbox ({0})").format(count) if count else self.tr("Inbox")
            self.tabs.setTabText(self.tabs.indexOf(self.inbox_page), title)

    def _open_inbox(self) -> None:
        if self.inbox_page is not None:
            self.tabs.setCurrentWidget(self.inbox_page)

    def _open_inbox_record(self, record_id: str) -> None:
        if self.inbox_page is not None:
            self._show_quietly(self.inbox_page)
            self.inbox_page.reload()
            self.inbox_page.open_record(record_id)

    def view_state(self) -> ViewState:
        sessions_group, session = self.sessions_page.selection()
        return ViewState(
            tab=self.tabs.currentIndex(),
            group_id=self.groups_page.selected_group_id(),
            sessions_group_id=sessions_group,
            session_id=session,
            debrief_id=self.debrief_form.debrief_id,
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
