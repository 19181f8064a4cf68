"""The neutral name a charity chooses for the app, set on the coordinator's store."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.product import OWN_NAME
from facilitator_app.services import app_name
from facilitator_app.services.shown_name import shown_app_name
from facilitator_app.store.store import Store
from tests.factories import change_log


def test_a_name_is_set_trimmed_and_turned_off_again(store: Store) -> None:
    assert app_name.app_name(store) is None
    assert shown_app_name(app_name.app_name(store)) == OWN_NAME.name
    assert app_name.save_app_name(store, "  Group planner ") == "Group planner"
    assert app_name.app_name(store) == "Group planner"
    assert shown_app_name("Group planner") == "Group planner"
    assert app_name.save_app_name(store, "Planner 2") == "Planner 2"
    assert app_name.save_app_name(store, "   ") is None
    # Off again: the build's own name comes back.
    assert shown_app_name(app_name.app_name(store)) == OWN_NAME.name
    # Every change goes through change capture, so it reaches the laptops.
    names = [row for row in change_log(store) if row.table == "app_name"]
    assert len(names) == 3


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x" * 61, "1 to 60 characters"),
        ("---", "at least one letter"),
        ("Group\nplanner", "on one line"),
        ('Group "planner"', "must not contain"),
        ("Groups/planner", "must not contain"),
    ],
)
def test_bad_names_are_refused_and_nothing_changes(store: Store, typed: str, message: str) -> None:
    app_name.save_app_name(store, "Group planner")
    before = change_log(store)
    with pytest.raises(ValidationError, match=message):
        app_name.save_app_name(store, typed)
    assert app_name.app_name(store) == "Group planner"
    assert change_log(store) == before
