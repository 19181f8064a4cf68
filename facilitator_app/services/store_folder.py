"""Where the store lives by default, and whether a folder holds one.

Kept apart from `stores` so that building the command line and showing the first
window need not load the store itself (SQLCipher, Argon2id, the sync keys).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from facilitator_app.product import current_product
from facilitator_app.store.layout import KEYS_NAME, READY_NAME, STAGING_NAME
from facilitator_app.store.secure_wipe import is_being_wiped

DEFAULT_STORE_NAME = "store"


def user_data_folder() -> Path:
    """The platform's per-user data folder, e.g. ~/.local/share/facilitator_app."""
    return Path(platformdirs.user_data_dir(current_product().folder, appauthor=False))


def default_store_folder() -> Path:
    """The first store on this computer, e.g. ~/.local/share/facilitator_app/store."""
    return user_data_folder() / DEFAULT_STORE_NAME


def is_store_folder(folder: Path) -> bool:
    """Whether `folder` already holds a store (to start at unlock rather than welcome).

    A restore into an empty folder that was interrupted after it was decided counts:
    unlocking finishes it. A folder a wipe had started on does not count: it is a wiped
    store (`wipe_guard.finish_interrupted_wipe` finishes it), never a damaged one.
    """
    if is_being_wiped(folder):
        return False
    return (folder / KEYS_NAME).exists() or (folder / STAGING_NAME / READY_NAME).exists()
