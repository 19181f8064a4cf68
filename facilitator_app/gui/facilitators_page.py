"""The Facilitators tab: everyone who runs groups on the left, one person's profile on the right.

The profile is in sections (details and stage, groups and readiness, training and
supervision, availability, wellbeing pause), each saved on its own through a service.
On a facilitator's laptop only their own availability, time away and pauses can change,
and the supervision log is not there at all.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import Profile
from facilitator_app.domain.people import Person
from facilitator_app.gui.profile_availability import AvailabilityBox, TimeAwayBox
from facilitator_app.gui.profile_details import DetailsBox
from facilitator_app.gui.profile_laptop import LaptopBox
from facilitator_app.gui.profile_pauses import PauseBox
from facilitator_app.gui.profile_section import (
    ProfileContext,
    ProfileSection,
    Snapshot,
    wrapping_list,
)
from facilitator_app.gui.profile_stage import GroupsBox, StageBox
from facilitator_app.gui.profile_support import ReadinessBox, SupervisionBox, TrainingBox
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import fill_list, label, message_label, record_of, show_message
from facilitator_app.services import profiles
from facilitator_app.services.profiles import PeopleOverview, PersonLine, PersonProfile
from facilitator_app.services.stores import StoreRole


def _scrolling(*boxes: QWidget) -> QScrollArea:
    content = QWidget()
    layout = QVBoxLayout(content)
    for box in boxes:
        layout.addWidget(box)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


class FacilitatorsPage(QWidget):
    people_changed = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._overview: PeopleOverview | None = None
        self._shown: PersonProfile | None = None
        self._adding = False  # "Add a facilitator" was chosen: no list refresh replaces it
        self._pending_draft: Snapshot | None = None
        self._coordinator = coordinator = access.facts.role is StoreRole.COORDINATOR

        self.person_list = wrapping_list()
        self.new_button = QPushButton(self.tr("Add a facilitator"))
        self.message = message_label()
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Facilitators and staff"), "subheading"))
        left.addWidget(self.person_list, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.message)

        self.details = DetailsBox(access)
        # Pairing a facilitator's own laptop starts here, from the person it is for.
        self.laptop = LaptopBox(access) if coordinator else None
        self.stage = StageBox(access)
        self.groups = GroupsBox(access)
        self.readiness = ReadinessBox(access)
        self.training = TrainingBox(access)
        self.supervision = SupervisionBox(access) if coordinator else None
        self.availability = AvailabilityBox(access)
        self.time_away = TimeAwayBox(access)
        self.pauses = PauseBox(access)
        self.read_only_hint = label(
            self.tr(
                "This is a facilitator's laptop: here you can change your own availability, "
                "time away and pauses. Everything else is kept by your coordinator."
            ),
            "notice",
        )
        self.sections = QTabWidget()
        details_boxes: list[QWidget] = [self.details, self.stage, self.groups]
        if self.laptop is not None:
            details_boxes.insert(1, self.laptop)
        self.sections.addTab(_scrolling(*details_boxes), self.tr("Details"))
        self.readiness_tab = _scrolling(self.readiness, self.training)
        self.sections.addTab(self.readiness_tab, self.tr("Readiness and training"))
        if self.supervision is not None:
            self.sections.addTab(_scrolling(self.supervision), self.tr("Supervision"))
        self.sections.addTab(_scrolling(self.availability, self.time_away), self.tr("Availability"))
        self.sections.addTab(_scrolling(self.pauses), self.tr("Wellbeing pause"))
        right = QVBoxLayout()
        right.addWidget(self.read_only_hint)
        right.addWidget(self.sections, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 5)
        # Only once they have a parent: shown without one, a widget becomes a window.
        self.new_button.setVisible(coordinator)
        self.read_only_hint.setVisible(not coordinator)

        self.person_list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self.start_new)
        self.details.saved.connect(self._details_saved)
        self.details.archived.connect(self._archived)
        for section in self.profile_sections():
            section.profile_changed.connect(self._profile_changed)
        self._show_profile(None)

    def profile_sections(self) -> list[ProfileSection]:
        found: list[ProfileSection] = [self.stage, self.groups, self.readiness, self.training]
        if self.supervision is not None:
            found.append(self.supervision)
        return [*found, self.availability, self.time_away, self.pauses]

    # --- the list -----------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        """Refresh the list (typing is kept); `select_id` also shows that person."""
        if select_id is not None:
            self._adding = False
        elif self._shown is not None:
            select_id = self._shown.person.id
        self._access.call(
            profiles.people_overview,
            done=lambda overview: self._listed(overview, select_id),
            failed=self._failed,
        )

    def person_line(self, line: PersonLine) -> str:
        """The name (and "paused", never why), with the role and stage under it."""
        name = line.person.name
        if line.paused:
            name = self.tr("{0}  ·  paused").format(name)
        role = line.person.role.label
        return f"{name}\n{role}  ·  {line.stage.label}" if line.stage else f"{name}\n{role}"

    def _listed(self, overview: PeopleOverview, select_id: str | None) -> None:
        self._overview = overview
        self.details.set_owner_name(overview.owner_name)
        draft = self._pending_draft
        untouched = self._shown is None and not self._adding and draft is None
        if select_id is None and untouched and not self._coordinator:
            # A facilitator's laptop opens on their own profile, the part they can change.
            select_id = overview.owner_person_id
        chosen = fill_list(self.person_list, overview.lines, self.person_line, select_id)
        if chosen is not None and not self._adding:
            self.person_list.setCurrentItem(chosen)  # reloads the profile: typing is kept
        elif draft is not None and draft.get("record_id"):
            self._pending_draft = None
            show_message(
                self.message,
                self.tr(
                    "Some unsaved changes to a person could not be put back: "
                    "that person is no longer in the list."
                ),
            )
        elif draft is not None:
            self._pending_draft = None
            self.details.apply_snapshot(draft)
        elif self.person_list.count() and untouched:
            self.person_list.setCurrentRow(0)

    def _selected(self, item: QListWidgetItem | None) -> None:
        line: PersonLine | None = record_of(item)
        if line is None:
            return
        self._adding = False
        self._access.call(
            profiles.person_profile,
            line.id,
            done=self._profile_loaded,
            failed=self._failed,
        )

    def _profile_loaded(self, shown: PersonProfile) -> None:
        line: PersonLine | None = record_of(self.person_list.currentItem())
        if self._adding or line is None or line.id != shown.person.id:
            return  # another person was chosen meanwhile
        self._show_profile(shown)
        draft, self._pending_draft = self._pending_draft, None
        if draft is not None and draft.get("record_id") == shown.person.id:
            if "name" in draft:
                self.details.apply_snapshot(draft)
            restored = [section for section in self.profile_sections() if _put_back(section, draft)]
            if restored and "name" not in draft:
                self._show_section(restored[0])

    def _show_section(self, section: ProfileSection) -> None:
        for index in range(self.sections.count()):
            page = self.sections.widget(index)
            if page is not None and page.isAncestorOf(section):
                self.sections.setCurrentIndex(index)
                return

    def start_new(self) -> None:
        """An empty details form to add someone; the other sections wait until they exist."""
        self._adding = True
        self.person_list.setCurrentRow(-1)
        self._show_profile(None)
        self.sections.setCurrentIndex(0)
        self.details.name.setFocus()

    # --- the profile ----------------------------------------------------------------

    def _show_profile(self, shown: PersonProfile | None) -> None:
        self._shown = shown
        overview = self._overview
        if shown is None:
            self.details.show_person(None)
        else:
            self.details.show_refreshed(shown)
        coordinator = self._coordinator
        self.details.set_editable(coordinator)
        self.stage.setVisible(shown is not None)
        if self.laptop is not None:
            self.laptop.show_person(shown.person if shown is not None else None)
        for index in range(1, self.sections.count()):
            self.sections.setTabEnabled(index, shown is not None)
        if shown is None or overview is None:
            return
        own = shown.person.id == overview.owner_person_id
        context = ProfileContext(
            person=shown.person,
            profile=shown.profile,
            today=overview.today,
            groups=overview.groups,
            owner_name=overview.owner_name,
            can_edit_all=coordinator,
            can_edit_own=coordinator or own,
        )
        for section in self.profile_sections():
            section.show_context(context)

    def _profile_changed(self, profile: Profile) -> None:
        shown = self._shown
        if shown is not None and shown.person.id == profile.person_id:
            self._show_profile(replace(shown, profile=profile))
        self.reload()  # the list shows stage and pauses

    def _details_saved(self, shown: PersonProfile) -> None:
        self._adding = False
        self._show_profile(shown)
        self.reload(select_id=shown.person.id)
        self.people_changed.emit()

    def _archived(self, person: Person) -> None:
        self.start_new()
        show_message(
            self.details.message,
            self.tr("{0} is archived. Sessions they ran still show their name.").format(
                person.name
            ),
            "hint",
        )
        self.reload()
        self.people_changed.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- what was typed survives a lock ----------------------------------------------

    def has_changes(self) -> bool:
        return self.details.has_changes() or any(
            section.has_changes() for section in self.profile_sections()
        )

    def draft(self) -> Snapshot | None:
        """Unsaved typing in the details form and in every section of the profile.

        Each section's keys carry its `draft_name` and a dot; the details form's have none.
        """
        found: Snapshot = {}
        details = self.details.draft()
        if details is not None:
            found |= details
        if self._shown is not None:
            for section in self.profile_sections():
                typed = section.draft()
                if typed is not None:
                    found |= {f"{section.draft_name}.{key}": v for key, v in typed.items()}
        if not found:
            return None
        return {"record_id": self._shown.person.id if self._shown else ""} | found

    def restore_draft(self, draft: Snapshot) -> None:
        self._pending_draft = draft
        record_id = draft.get("record_id") or None
        if record_id is None:
            self.start_new()
        self.reload(select_id=record_id)


def _put_back(section: ProfileSection, draft: Snapshot) -> bool:
    """Give `section` its part of a page draft; whether there was any."""
    prefix = f"{section.draft_name}."
    part = {key.removeprefix(prefix): v for key, v in draft.items() if key.startswith(prefix)}
    if part:
        section.apply_snapshot(part)
    return bool(part)
