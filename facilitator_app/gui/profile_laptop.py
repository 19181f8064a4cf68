"""A facilitator's own laptop, on their profile: its pairing, and an invitation to pair one.

Coordinator only. The invitation is a file for a USB stick; it names nobody in its
file name and works once, until its date. No fingerprint needs comparing when it is
made: the facilitator's laptop shows its own when its first bundle is imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.gui import stick_chooser
from facilitator_app.gui.profile_section import button_row, day_text
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_words import status_words
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import pairing
from facilitator_app.services.pairing import DEFAULT_INVITATION_DAYS, Device, MadeInvitation


class LaptopBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Their laptop"), parent)
        self._access = access
        self._person: Person | None = None
        self.explanation = label("", "hint")
        self.devices = label("")
        self.invite_button = QPushButton(self.tr("Make an invitation file…"))
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.devices)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.invite_button))
        self.devices.setVisible(False)
        self.invite_button.clicked.connect(self._choose_folder)

    def show_person(self, person: Person | None) -> None:
        """Only a facilitator still on the list can be invited; others hide the box."""
        changed = person is None or self._person is None or person.id != self._person.id
        self._person = person
        wanted = person is not None and person.role is PersonRole.FACILITATOR
        self.setVisible(wanted and person is not None and person.archived_on is None)
        if person is None or not wanted:
            return
        if changed:
            show_message(self.message, "")
        self.explanation.setText(
            self.tr(
                "{0} can use the app on their own laptop, paired with this one. Make an "
                "invitation file, put it on a USB stick and give it to them. It works once, "
                "for {1} days."
            ).format(person.name, DEFAULT_INVITATION_DAYS)
        )
        person_id = person.id
        self._access.call(
            pairing.list_devices,
            done=lambda found: self._show_devices(person_id, found),
            failed=self._failed,
        )

    def _show_devices(self, person_id: str, found: list[Device]) -> None:
        if self._person is None or self._person.id != person_id:
            return  # someone else was chosen meanwhile
        theirs = [d for d in found if d.person_id == person_id]
        lines = [
            self.tr("{0}: fingerprint {1}").format(status_words(d.status.value), d.fingerprint)
            for d in theirs
        ]
        self.devices.setText("\n".join(lines))
        self.devices.setVisible(bool(lines))

    def _choose_folder(self) -> None:
        person = self._person
        if person is None:
            return
        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Make an invitation file"),
            self.tr("Where should the invitation for {0} go? Choose the USB stick.").format(
                person.name
            ),
        )
        if chosen:
            self.invite_to(chosen[0])

    def invite_to(self, folder: Path) -> None:
        person = self._person
        if person is None:
            return
        show_message(self.message, "")
        self._access.call(pairing.invite, person.id, folder, done=self._made, failed=self._failed)

    def _made(self, made: MadeInvitation) -> None:
        show_message(
            self.message,
            self.tr(
                "The invitation for {0} is in {1}. It works once, until {2}.\n"
                "Give it to {0} with the app. Nothing needs comparing yet: when you import "
                "the first bundle from {0}'s laptop on the Sync tab, it shows that laptop's "
                "fingerprint, to check against {0}'s screen before you accept it."
            ).format(made.person_name, made.path, day_text(made.expires_at.astimezone().date())),
            "hint",
        )
        self.show_person(self._person)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
