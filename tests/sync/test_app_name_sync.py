"""The neutral name travels from the coordinator to every laptop, and only that way."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import NotPermitted
from facilitator_app.services import app_name
from tests.sync.helpers import Org


def test_the_coordinators_name_reaches_a_laptop_and_turning_it_off_does_too(org: Org) -> None:
    app_name.save_app_name(org.coordinator, "Group planner")
    org.to_laptop(org.robin)
    assert app_name.app_name(org.robin.store) == "Group planner"
    app_name.save_app_name(org.coordinator, "")
    org.to_laptop(org.robin)
    assert app_name.app_name(org.robin.store) is None


def test_a_laptop_cannot_choose_the_name(org: Org) -> None:
    with pytest.raises(NotPermitted, match="coordinator"):
        app_name.save_app_name(org.robin.store, "My planner")
    assert app_name.app_name(org.robin.store) is None


def test_a_name_written_on_a_laptop_anyway_is_not_taken_in(org: Org) -> None:
    """The coordinator's own check: a bundle is only a file, and the laptop may not be ours."""
    laptop = org.robin.store
    with laptop.transaction():
        laptop.insert("app_name", "app_name", {"name": "Not from the charity"})
    org.to_coordinator(org.robin)
    assert app_name.app_name(org.coordinator) is None
