"""A member's data-protection rights, under their details: everything we hold, and erasure.

"Everything we hold about…" saves a PDF and a JSON file into a folder the person
chooses; "Erase…" says exactly what would go, change and stay, asks, then erases.
Both run as services on the store thread; this widget only asks and shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.erasure import facilitator_notes_line
from facilitator_app.domain.errors import AppError
from facilitator_app.domain.members import Member
from facilitator_app.gui import confirm_dialog
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import message_label, show_message
from facilitator_app.services import erasure, subject_access


def choose_folder(parent: QWidget) -> Path | None:
    """Where to save the files; screens call this through the module so tests can answer."""
    folder = QFileDialog.getExistingDirectory(
        parent, parent.tr("Where to save everything held about this member")
    )
    return Path(folder) if folder else None


class MemberRights(QWidget):
    erased = Signal(str)  # the member's id

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._member: Member | None = None
        self.subject_access_button = QPushButton(self.tr("Everything we hold about…"))
        self.subject_access_button.setToolTip(
            self.tr("Save a PDF and a JSON file of every record about this member")
        )
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.erase_button.setToolTip(
            self.tr("Remove this member and take their name out of every record")
        )
        self.message = message_label()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.subject_access_button)
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.subject_access_button.clicked.connect(self._ask_folder)
        self.erase_button.clicked.connect(self.ask_erase)
        self.set_member(None)

    def set_member(self, member: Member | None) -> None:
        self._member = member
        self.setVisible(member is not None)
        show_message(self.message, "")

    # --- subject access -------------------------------------------------------------

    def _ask_folder(self) -> None:
        folder = choose_folder(self)
        if folder is not None:
            self.save_in(folder)

    def save_in(self, folder: Path) -> None:
        if self._member is None:
            return
        self._access.call(
            subject_access.save_subject_access,
            self._member.id,
            folder,
            done=self._saved,
            failed=self._failed,
        )

    def _saved(self, files: subject_access.SubjectAccessFiles) -> None:
        text = self.tr(
            "Saved {0} and {1} in {2}. These files are outside the encrypted store: "
            "give them to the member safely, then delete them."
        ).format(files.pdf.name, files.json.name, files.pdf.parent)
        if files.facilitator_notes:
            # Those notes are about a facilitator as well (a pause may be about their health).
            text += "\n" + facilitator_notes_line(files.facilitator_notes)
        show_message(self.message, text, "hint")

    # --- erasure --------------------------------------------------------------------

    def ask_erase(self) -> None:
        if self._member is None:
            return
        self._access.call(
            erasure.preview_erasure, self._member.id, done=self._confirm, failed=self._failed
        )

    def _confirm(self, preview: erasure.ErasurePreview) -> None:
        if not confirm_dialog.confirm(
            self,
            self.tr("Erase {0}?").format(preview.name),
            preview.question,
            self.tr("Erase"),
        ):
            return
        self._access.call(
            erasure.erase_member,
            preview.member_id,
            preview.counts,
            done=lambda done: self._erased(preview, done),
            failed=self._failed,
        )

    def _erased(self, preview: erasure.ErasurePreview, done: erasure.ErasureDone) -> None:
        if done.held:
            text = self.tr(
                "{0} was erased, except {1} record(s) kept because of a safeguarding hold. "
                "Those are erased once the hold is removed."
            ).format(preview.name, done.held)
        else:
            text = self.tr("{0} was erased.").format(preview.name)
        self.erased.emit(preview.member_id)
        show_message(self.message, text, "hint")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
