"""Changes made on two laptops at once: the newer was kept, the other can be put back.

Coordinator only. Each line says in plain words what the two laptops disagreed on
and which laptop had the value that was replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.hlc import Hlc
from facilitator_app.gui.profile_section import button_row, show_empty, wrapping_list
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.sync_words import conflict_words, field_words, record_words
from facilitator_app.gui.widgets import label, message_label, record_of, show_message
from facilitator_app.services import pairing, people
from facilitator_app.services import sync as sync_service
from facilitator_app.services.stores import Store
from facilitator_app.services.sync import ConflictRow, when

MOST_ROWS_SHOWN = 5


@dataclass(frozen=True)
class ConflictView:
    conflicts: list[ConflictRow]
    people: dict[str, str]  # person id -> name, archived people too
    laptops: dict[str, str]  # device id -> whose laptop


def load_conflicts(store: Store) -> ConflictView:
    """Everything the list needs, read in one go on the store thread."""
    return ConflictView(
        sync_service.conflicts(store),
        {p.id: p.name for p in people.list_people(store, include_archived=True)},
        {d.id: d.name for d in pairing.list_devices(store)},
    )


class ConflictsBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Changed on two laptops"), parent)
        self._access = access
        self.conflict_list = wrapping_list()
        self.keep_button = QPushButton(self.tr("Keep as it is"))
        self.restore_button = QPushButton(self.tr("Put the other value back"))
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "When the same thing was changed on two laptops between syncs, the newer "
                    "change is kept and the other is listed here. If the other was right, put "
                    "it back: every laptop gets it with the next export."
                ),
                "hint",
            )
        )
        layout.addWidget(self.conflict_list)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.keep_button, self.restore_button))
        self.conflict_list.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.keep_button.clicked.connect(self._keep)
        self.restore_button.clicked.connect(self._restore)
        self._selection_changed()

    def reload(self) -> None:
        self._access.call(load_conflicts, done=self._show, failed=self._failed)

    def _show(self, view: ConflictView) -> None:
        chosen: ConflictRow | None = record_of(self.conflict_list.currentItem())
        self.conflict_list.blockSignals(True)
        self.conflict_list.clear()
        for conflict in view.conflicts:
            item = QListWidgetItem(self.line(conflict, view.people, view.laptops))
            item.setData(Qt.ItemDataRole.UserRole, conflict)
            self.conflict_list.addItem(item)
            if chosen is not None and conflict.id == chosen.id:
                self.conflict_list.setCurrentItem(item)
        if not view.conflicts:
            show_empty(self.conflict_list, self.tr("Nothing to review."))
        elif self.conflict_list.currentItem() is None:
            self.conflict_list.setCurrentRow(0)
        self.conflict_list.blockSignals(False)
        self._fit_height()
        count = len(view.conflicts)
        self.setTitle(
            self.tr("Changed on two laptops ({0})").format(count)
            if count
            else self.tr("Changed on two laptops")
        )
        self._selection_changed()

    def _fit_height(self) -> None:
        """As tall as a few lines: the page scrolls as a whole; a long list scrolls too."""
        shown = min(self.conflict_list.count(), MOST_ROWS_SHOWN)
        rows = sum(self.conflict_list.sizeHintForRow(row) for row in range(shown))
        self.conflict_list.setFixedHeight(rows + 2 * self.conflict_list.frameWidth() + 8)

    def line(
        self, conflict: ConflictRow, names: Mapping[str, str], laptops: Mapping[str, str]
    ) -> str:
        text = conflict_words(
            conflict.table,
            conflict.field,
            conflict.kept_value,
            conflict.lost_value,
            who_lost=self._who_wrote(conflict.lost_hlc, laptops),
            names=names,
        )
        return text + "\n" + self.tr("Noticed {0}").format(when(conflict.noticed_at))

    def _who_wrote(self, stamp: str, laptops: Mapping[str, str]) -> str:
        # Every change carries the id of the laptop that made it in its clock stamp.
        try:
            device = Hlc.decode(stamp).device_id
        except ValueError:
            return self.tr("The other laptop")
        if device == self._access.facts.device_id:
            return self.tr("This laptop")
        name = laptops.get(device)
        return self.tr("{0}'s laptop").format(name) if name else self.tr("The other laptop")

    def selected(self) -> ConflictRow | None:
        found: ConflictRow | None = record_of(self.conflict_list.currentItem())
        return found

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.keep_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    def _keep(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        self._access.call(
            sync_service.dismiss_conflict,
            conflict.id,
            done=lambda _: self._resolved(self.tr("Kept as it is.")),
            failed=self._failed,
        )

    def _restore(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        self._access.call(
            sync_service.restore_lost_value,
            conflict.id,
            done=lambda restored: self._resolved(
                self.tr(
                    "Put back the other value of {0} of {1}. The other laptops get it with "
                    "the next export."
                ).format(field_words(restored.field).lower(), record_words(restored.table))
            ),
            failed=self._failed,
        )

    def _resolved(self, text: str) -> None:
        show_message(self.message, text, "hint")
        self.reload()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
