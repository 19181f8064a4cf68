"""The neutral name a charity chose for the app, kept in the store (see `shown_name`).

The coordinator sets it on the Settings tab; it travels to every laptop with the
organisation's shared material. The window title and the task bar show it before
anything is unlocked, so each laptop also keeps the last name it learned in the
per-user list of stores (`store_index`): a neutral name is the one thing there is no
harm in keeping in plain text.
"""

from __future__ import annotations

from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.services.shown_name import clean_app_name
from facilitator_app.store.app_name_rows import APP_NAME_ROW, has_app_name_row, load_app_name
from facilitator_app.store.store import Store


def app_name(store: Store) -> str | None:
    """The neutral name the organisation chose, or None."""
    return load_app_name(store.conn)


def save_app_name(store: Store, typed: str) -> str | None:
    """Set (or, with an empty name, turn off) the neutral name; a bad name changes nothing."""
    require_coordinator(store, "the name the app shows")
    name = clean_app_name(typed)
    with store.transaction():
        # Turned off as an empty name, not a delete: setting one again is a plain update.
        values = {"name": name or ""}
        if has_app_name_row(store.conn):
            store.update("app_name", APP_NAME_ROW, values)
        else:
            store.insert("app_name", APP_NAME_ROW, values)
    return app_name(store)
