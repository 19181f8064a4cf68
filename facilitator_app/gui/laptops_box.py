"""The laptops this one syncs with: state, fingerprint, what is waiting, when it last moved.

On a coordinator's laptop it lists every facilitator's laptop and is where one is
accepted (after both screens showed the same fingerprint) or retired. On a
facilitator's laptop it is one line: the organisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.profile_section import button_row
from facilitator_app.gui.question_bar import QuestionBar
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_words import status_words
from facilitator_app.gui.widgets import label, message_label, show_message
from facilitator_app.services import pairing
from facilitator_app.services.stores import StoreRole
from facilitator_app.services.sync import PeerStatus, when

COLUMNS = 6
NAME, STATE, FINGERPRINT, WAITING, LAST_EXPORT, LAST_IMPORT = range(COLUMNS)


class LaptopsBox(QGroupBox):
    changed = Signal()  # a laptop was accepted or retired

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        coordinator = access.facts.role is StoreRole.COORDINATOR
        super().__init__(
            self.tr("Paired laptops") if coordinator else self.tr("Your organisation"), parent
        )
        self._access = access
        self._coordinator = coordinator
        self._peers: list[PeerStatus] = []
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("laptops")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Facilitator") if coordinator else self.tr("Organisation"),
                self.tr("State"),
                self.tr("Fingerprint"),
                self.tr("Waiting to go"),
                self.tr("Last export"),
                self.tr("Last import"),
            ]
        )
        waiting_header = self.table.horizontalHeaderItem(WAITING)
        if waiting_header is not None:
            waiting_header.setToolTip(
                self.tr(
                    "Changes the other laptop has not confirmed yet. Every export carries all "
                    "of them, so a lost stick loses nothing; the number goes down when a "
                    "bundle comes back from that laptop."
                )
            )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LAST_IMPORT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)  # a chosen row must not make the headings bold
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The facilitator's own fingerprint is shown large above; the organisation has none.
        self.table.setColumnHidden(FINGERPRINT, not coordinator)
        self.empty_hint = label(
            self.tr(
                "No laptops are paired yet. To pair a facilitator's laptop, choose them on "
                "the Facilitators tab and make an invitation file."
            ),
            "hint",
        )
        self.question = QuestionBar()
        self.accept_button = QPushButton(self.tr("Accept this laptop…"))
        self.retire_button = QPushButton(self.tr("Retire this laptop…"))
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.question)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.accept_button, self.retire_button))
        self.accept_button.setVisible(coordinator)
        self.retire_button.setVisible(coordinator)
        self.empty_hint.setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.accept_button.clicked.connect(self._ask_accept)
        self.retire_button.clicked.connect(self._ask_retire)
        self._selection_changed()

    # --- showing -------------------------------------------------------------------

    def show_peers(self, peers: Sequence[PeerStatus]) -> None:
        chosen = self.selected()
        self._peers = list(peers)
        self.table.setRowCount(len(peers))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSize(self.font().pointSize())
        for row, peer in enumerate(peers):
            cells = [
                peer.name,
                self._state_text(peer),
                peer.fingerprint,
                self._waiting_text(peer),
                when(peer.last_export_at),
                when(peer.last_import_at),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == FINGERPRINT:
                    item.setFont(fixed)
                self.table.setItem(row, column, item)
        self._fit_height()
        self.table.setVisible(bool(peers))
        self.empty_hint.setVisible(self._coordinator and not peers)
        if chosen is not None:
            for row, peer in enumerate(peers):
                if peer.id == chosen.id:
                    self.table.selectRow(row)
        self._selection_changed()

    def _waiting_text(self, peer: PeerStatus) -> str:
        # A coordinator sends nothing to a laptop it has not accepted (or has retired).
        if self._coordinator and peer.status != "active":
            return ""
        return str(peer.waiting)

    def _state_text(self, peer: PeerStatus) -> str:
        if not self._coordinator and peer.status == "pending":
            return self.tr("Waiting to be accepted")
        if peer.wiped_at is not None:
            return self.tr("Deleted after {0} wrong passphrases, {1}").format(
                peer.wiped_after, when(peer.wiped_at)
            )
        return status_words(peer.status)

    def _fit_height(self) -> None:
        """As tall as its rows: the page scrolls as a whole, not the table inside it."""
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(rows + header + 2 * self.table.frameWidth() + 2)

    def selected(self) -> PeerStatus | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._peers):
            return None
        return self._peers[rows[0].row()]

    def _selection_changed(self) -> None:
        peer = self.selected()
        self.accept_button.setEnabled(peer is not None and peer.status == "pending")
        self.retire_button.setEnabled(peer is not None and peer.status != "revoked")

    # --- accepting and retiring ----------------------------------------------------

    def _ask_accept(self) -> None:
        peer = self.selected()
        if peer is None:
            return
        self.question.ask(
            self.tr(
                "Accept {0}'s laptop? Ask {0} to open the Sync tab on their laptop and read "
                "out the fingerprint shown there, or show you the screen. Accept only if it "
                "is exactly {1}."
            ).format(peer.name, peer.fingerprint),
            self.tr("The codes match: accept"),
            lambda: self.accept_laptop(peer.id),
            self.tr("Not yet"),
        )

    def _ask_retire(self) -> None:
        peer = self.selected()
        if peer is None:
            return
        self.question.ask(
            self.tr(
                "Retire {0}'s laptop? From now on, bundles from it are refused and nothing "
                "more is sent to it. Nothing on that laptop is deleted: what is already "
                "there stays encrypted with {0}'s passphrase. Do this when a laptop is lost, "
                "stolen or handed back."
            ).format(peer.name),
            self.tr("Retire this laptop"),
            lambda: self.retire_laptop(peer.id),
            self.tr("Keep it paired"),
        )

    def accept_laptop(self, device_id: str) -> None:
        self._access.call(
            pairing.accept_device,
            device_id,
            done=lambda device: self._changed(
                self.tr(
                    "Accepted {0}'s laptop. Import its bundle again to take in what it "
                    "sent, then export so it gets its records."
                ).format(device.name)
            ),
            failed=self._failed,
        )

    def retire_laptop(self, device_id: str) -> None:
        self._access.call(
            pairing.revoke_device,
            device_id,
            done=lambda device: self._changed(
                self.tr("Retired {0}'s laptop. Bundles from it will be refused.").format(
                    device.name
                )
            ),
            failed=self._failed,
        )

    def _changed(self, text: str) -> None:
        show_message(self.message, text, "hint")
        self.changed.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
