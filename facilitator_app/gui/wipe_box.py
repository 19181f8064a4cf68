"""Settings on a coordinator's store: delete a store after N wrong passphrases in a row.

Off by default. Turning it on (or lowering the number) first says exactly what it
means, because a deleted store cannot be brought back by anyone.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.wipe_policy import (
    DEFAULT_WIPE_AFTER,
    MAX_WIPE_AFTER,
    MIN_WIPE_AFTER,
    WARN_WHEN_LEFT,
    WipePolicy,
)
from facilitator_app.gui import confirm_dialog
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import wipe


class WipeBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Deleting a store after wrong passphrases"), parent)
        self._access = access
        self._saved_policy = WipePolicy()
        self.enabled = QCheckBox(self.tr("Turn on for every store in the organisation"))
        self.after = QSpinBox()
        self.after.setRange(MIN_WIPE_AFTER, MAX_WIPE_AFTER)
        self.after.setValue(DEFAULT_WIPE_AFTER)
        self.after.setSuffix(self.tr(" wrong passphrases in a row"))
        self.after.setMaximumWidth(280)
        self.state = label("", "hint")
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save"))
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("Delete after"), self.after)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "For a lost or stolen laptop: after this many wrong passphrases in a row, "
                    "the store on that laptop is deleted for good. This covers this laptop "
                    "and every facilitator's laptop, from their next sync. It is off unless "
                    "you turn it on."
                ),
                "hint",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.enabled.toggled.connect(self.after.setEnabled)
        self.save_button.clicked.connect(self._save)
        self.show_policy(WipePolicy())

    def reload(self) -> None:
        self._access.call(wipe.wipe_policy, done=self.show_policy, failed=self._failed)

    def show_policy(self, policy: WipePolicy) -> None:
        self._saved_policy = policy
        self.enabled.setChecked(policy.on)
        self.after.setEnabled(policy.on)
        self.after.setValue(policy.after or DEFAULT_WIPE_AFTER)
        if policy.after is None:
            self.state.setText(self.tr("Off: wrong passphrases only make the next try wait."))
        else:
            self.state.setText(
                self.tr(
                    "On: a store is deleted after {0} wrong passphrases in a row. The unlock "
                    "page says how many tries are left once there are {1} or fewer."
                ).format(policy.after, WARN_WHEN_LEFT)
            )

    def _save(self) -> None:
        after = self.after.value() if self.enabled.isChecked() else None
        before = self._saved_policy.after
        stricter = after is not None and (before is None or after < before)
        if stricter and not confirm_dialog.confirm(
            self,
            self.tr("Delete stores after {0} wrong passphrases?").format(after),
            self.tr(
                "If someone types a wrong passphrase {0} times in a row on a laptop — this "
                "one or a facilitator's — the store on that laptop is deleted.\n\n"
                "Nobody can get it back, not even with the recovery sheet or the "
                "organisation's recovery, because nothing is left to recover. Records on "
                "that laptop not yet sent to the organisation are lost with it. For this "
                "laptop, only a backup would bring the records back.\n\n"
                "The unlock page says how many tries are left once there are {1} or fewer. "
                "Facilitators' laptops follow this from their next sync. When a deleted "
                "laptop joins again, the Sync tab shows that it was deleted."
            ).format(after, WARN_WHEN_LEFT),
            self.tr("Turn it on"),
        ):
            return
        self._access.call(wipe.save_wipe_policy, after, done=self._saved, failed=self._failed)

    def _saved(self, policy: WipePolicy) -> None:
        self.show_policy(policy)
        show_message(self.message, self.tr("Saved."), "hint")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
