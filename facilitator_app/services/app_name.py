"""The name the app shows: a neutral one the charity chose, or the build's own.

The coordinator sets it on the Settings tab; it travels to every laptop with the
organisation's shared material. The window title and the task bar show it before
anything is unlocked, so each laptop also keeps the last name it learned in the
per-user list of stores (`store_index`): a neutral name is the one thing there is no
harm in keeping in plain text.
"""

from __future__ import annotations

from facilitator_app.domain.errors import ValidationError
from facilitator_app.product import checked_name, current_product, is_neutral_build
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.store.app_name_rows import APP_NAME_ROW, has_app_name_row, load_app_name
from facilitator_app.store.store import Store


def clean_app_name(typed: str) -> str | None:
    """The name as it will be shown, None for "use the app's own name" (left empty).

    The rules are the ones a name given at build time follows (`product.checked_name`),
    so a name that works here would also work for an installer.
    """
    if not typed.strip():
        return None
    try:
        return checked_name(typed)
    except ValueError as error:
        raise ValidationError("app_name", str(error)) from None


def app_name(store: Store) -> str | None:
    """The neutral name the organisation chose, or None."""
    return load_app_name(store.conn)


def save_app_name(store: Store, typed: str) -> str | None:
    """Set (or, with an empty name, turn off) the neutral name; a bad name changes nothing."""
    require_coordinator(store, "the name the app shows")
    name = clean_app_name(typed)
    with store.transaction():
        # An empty name rather than a delete: a deleted row could not be set again.
        values = {"name": name or ""}
        if has_app_name_row(store.conn):
            store.update("app_name", APP_NAME_ROW, values)
        else:
            store.insert("app_name", APP_NAME_ROW, values)
    return app_name(store)


def shown_app_name(chosen: str | None) -> str:
    """What the window and task bar say: the charity's name, else the build's own."""
    return chosen or current_product().name


def is_neutral(chosen: str | None) -> bool:
    """Whether the app goes by a neutral name (chosen in the app or at build time).

    Then the start screens leave out words that say what the app is for.
    """
    return chosen is not None or is_neutral_build(current_product())
