"""Before a store is unlocked: the wipe policy's warning, the wipe on the last wrong
try, and finishing a wipe a crash interrupted.

Reads only plain files beside the store (the policy file and the attempts file), so
the unlock page can ask it before any store code is loaded.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from facilitator_app.domain.errors import StoreWiped
from facilitator_app.domain.wipe_policy import tries_left_to_warn, wiped_message, wipes_now
from facilitator_app.store import secure_wipe
from facilitator_app.store.unlock_record import read_attempts
from facilitator_app.store.wipe_policy_file import read_policy_file

_log = logging.getLogger(__name__)


def wipe_warning(folder: Path) -> int | None:
    """How many more wrong passphrases would delete this store, once that is close."""
    return tries_left_to_warn(read_policy_file(folder).policy, read_attempts(folder).failures)


def wipe_if_due(folder: Path, failures: int, now: dt.datetime) -> None:
    """After a wrong try (this one included, `failures` in a row): wipe if the policy
    says so, and raise StoreWiped; otherwise do nothing."""
    known = read_policy_file(folder)
    after = known.policy.after
    if after is None or not wipes_now(known.policy, failures):
        return
    _log.warning("wiping a store after the wrong-passphrase limit")
    try:
        secure_wipe.wipe_store(folder, after, known.device_id, now.isoformat())
    except OSError as error:
        # Decided once the marker is written: the store is never opened again, and the
        # next start or open finishes the job. Only if even the marker failed does the
        # store stand; the count then stays past the limit, so the next try wipes.
        _log.warning("the wipe did not finish (%s)", type(error).__name__)
        if not secure_wipe.is_being_wiped(folder):
            raise
    raise StoreWiped(wiped_message(after), after)


def finish_interrupted_wipe(folder: Path) -> StoreWiped | None:
    """A folder a wipe had started on is finished now; the error to show, or None."""
    try:
        secure_wipe.refuse_if_wiped(folder)
    except StoreWiped as wiped:
        return wiped
    return None
