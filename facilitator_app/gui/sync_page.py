"""The Sync tab: moving records between laptops on a USB stick.

A coordinator's laptop lists every paired facilitator's laptop (accept, retire) and
the changes made on two laptops at once. A facilitator's laptop shows its own
fingerprint and, until the coordinator accepts it, what happens next. Export and
import run on the store thread; their panels appear on this page while they work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui import stick_chooser
from facilitator_app.gui.conflicts_box import ConflictsBox
from facilitator_app.gui.laptops_box import LaptopsBox
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_export import ExportPanel
from facilitator_app.gui.sync_import import ImportPanel
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import pairing
from facilitator_app.services import sync as sync_service
from facilitator_app.services.stores import Store, StoreRole
from facilitator_app.services.sync import PeerStatus


@dataclass(frozen=True)
class SyncView:
    paired: bool
    waiting_to_join: bool
    fingerprint: str
    peers: list[PeerStatus]


def load_sync_view(store: Store) -> SyncView:
    """What the page shows, read in one go on the store thread."""
    return SyncView(
        paired=pairing.is_paired(store),
        waiting_to_join=pairing.waiting_to_join(store),
        fingerprint=pairing.own_fingerprint(store),
        peers=sync_service.sync_overview(store),
    )


class SyncPage(QWidget):
    records_changed = Signal()  # an import changed records other tabs show

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._coordinator = coordinator = access.facts.role is StoreRole.COORDINATOR
        self._view: SyncView | None = None

        self.intro = label(
            self.tr(
                "Records travel between laptops on a USB stick. What is written to the stick "
                "is encrypted for the laptop it is going to, so a lost stick gives nothing away."
            ),
            "hint",
        )
        self.waiting_notice = label(
            self.tr(
                "Your coordinator has not accepted this laptop yet. Export to a USB stick "
                "and give it to them. When they import it, their screen shows this laptop's "
                "fingerprint; they accept it only after checking it matches the code below. "
                "Then import the bundle they give back, and this laptop is paired."
            ),
            "notice",
        )
        self.unpaired_notice = label(
            self.tr(
                "This laptop is not paired with an organisation. Ask your coordinator for an "
                "invitation file; joining with it is offered when the app first starts."
            ),
            "notice",
        )
        self.fingerprint_title = label(self.tr("This laptop's fingerprint"), "subheading")
        self.fingerprint = label("", "fingerprint", wrap=False)
        self.fingerprint_hint = label(
            self.tr("Tell your coordinator this code, or show them this screen."), "hint"
        )
        self.export_button = QPushButton(self.tr("Export to USB…"))
        self.import_button = QPushButton(self.tr("Import from USB…"))
        self.export_hint = label("", "hint")
        self.message = message_label()
        self.export_panel = ExportPanel(access)
        self.import_panel = ImportPanel(access)
        self.laptops = LaptopsBox(access)
        self.conflicts = ConflictsBox(access) if coordinator else None

        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(label(self.tr("Sync by USB stick"), "heading"))
        layout.addWidget(self.intro)
        layout.addWidget(self.waiting_notice)
        layout.addWidget(self.unpaired_notice)
        layout.addWidget(self.fingerprint_title)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.fingerprint_hint)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.export_hint)
        layout.addWidget(self.message)
        layout.addWidget(self.export_panel)
        layout.addWidget(self.import_panel)
        layout.addWidget(self.laptops)
        if self.conflicts is not None:
            layout.addWidget(self.conflicts)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        # Only now, inside their layouts: shown without a parent, a widget becomes a window.
        for widget in (
            self.waiting_notice,
            self.unpaired_notice,
            self.fingerprint_title,
            self.fingerprint,
            self.fingerprint_hint,
            self.export_hint,
        ):
            widget.setVisible(False)

        self.export_button.clicked.connect(self._choose_export)
        self.import_button.clicked.connect(self._choose_import)
        self.export_panel.finished.connect(self._work_ended)
        self.import_panel.imported.connect(self._imported)
        self.import_panel.busy_changed.connect(lambda _: self._enable_buttons())
        self.import_panel.laptops_changed.connect(self.reload)
        self.laptops.changed.connect(self.reload)
        self._enable_buttons()

    # --- what is shown ---------------------------------------------------------------

    def reload(self) -> None:
        self._access.call(load_sync_view, done=self._show, failed=self._failed)
        if self.conflicts is not None:
            self.conflicts.reload()

    def _show(self, view: SyncView) -> None:
        self._view = view
        facilitator = not self._coordinator
        self.waiting_notice.setVisible(facilitator and view.waiting_to_join)
        self.unpaired_notice.setVisible(facilitator and not view.paired)
        for widget in (self.fingerprint_title, self.fingerprint, self.fingerprint_hint):
            widget.setVisible(facilitator and view.paired)
        self.fingerprint.setText(view.fingerprint)
        self.laptops.show_peers(view.peers)
        self.laptops.setVisible(view.paired)
        if self._coordinator and not any(p.status == "active" for p in view.peers):
            hint = self.tr("Export becomes possible once a facilitator's laptop is accepted.")
        else:
            hint = ""
        show_message(self.export_hint, hint, "hint")
        self._enable_buttons()

    def _can_export(self) -> bool:
        view = self._view
        if view is None:
            return False
        if self._coordinator:
            return any(peer.status == "active" for peer in view.peers)
        return view.paired

    def _enable_buttons(self) -> None:
        busy = self.export_panel.is_running or self.import_panel.is_running
        view = self._view
        self.export_button.setEnabled(not busy and self._can_export())
        self.import_button.setEnabled(not busy and view is not None and view.paired)

    # --- export and import -----------------------------------------------------------

    def _choose_export(self) -> None:
        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Export to USB"),
            self.tr("Where should the bundles go? Choose the USB stick."),
        )
        if chosen:
            self.export_to(chosen[0])

    def export_to(self, folder: Path) -> None:
        show_message(self.message, "")
        self.import_panel.close_panel()
        self.export_panel.start(folder)
        self._enable_buttons()

    def _choose_import(self) -> None:
        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Import from USB"),
            self.tr(
                "Where are the bundles? Choose the USB stick: every bundle on it for this "
                "laptop is read, the others are left alone."
            ),
            files=True,
        )
        if chosen:
            self.import_from(chosen)

    def import_from(self, paths: list[Path]) -> None:
        show_message(self.message, "")
        self.export_panel.close_panel()
        self.import_panel.preview(paths)
        self._enable_buttons()

    def _work_ended(self) -> None:
        self._enable_buttons()
        self.reload()

    def _imported(self) -> None:
        self._work_ended()
        self.records_changed.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
