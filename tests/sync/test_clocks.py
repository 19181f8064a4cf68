"""A laptop whose clock runs days ahead cannot make its changes win every merge for ever."""

from __future__ import annotations

import pytest

from facilitator_app.domain.facilitators import Availability
from facilitator_app.services import facilitators
from tests.factories import FakeClock
from tests.sync.helpers import Org, refused_file

DAY = 24 * 60 * 60


@pytest.fixture
def robins_clock() -> FakeClock:
    """Robin's laptop keeps its own time here; the coordinator's and Sam's stay put."""
    return FakeClock()


def test_a_bundle_from_a_clock_days_ahead_is_refused(org: Org, robins_clock: FakeClock) -> None:
    org.round_trip(org.robin)
    robins_clock.advance(2 * DAY)
    facilitators.save_availability(
        org.robin.store, org.robin.person_id, Availability(frozenset({2}))
    )
    [path] = org.export(org.robin.store)

    message = refused_file(org.coordinator, path)

    assert "more than a day ahead" in message
    assert "check its date and time" in message


def test_a_laptop_refuses_a_coordinator_clock_days_ahead(org: Org) -> None:
    org.round_trip(org.robin)
    org.clock.advance(2 * DAY)  # the coordinator's (and Sam's) clock, not Robin's
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Phone")
    [path] = org.export(org.coordinator, only=org.robin.device_id)

    assert "more than a day ahead" in refused_file(org.robin.store, path)


def test_a_clock_less_than_a_day_ahead_is_taken_in(org: Org, robins_clock: FakeClock) -> None:
    org.round_trip(org.robin)
    robins_clock.advance(DAY - 60)
    facilitators.save_availability(
        org.robin.store, org.robin.person_id, Availability(frozenset({2}))
    )

    [result] = org.to_coordinator(org.robin)

    assert result.refused is None
    assert result.intake is not None
    assert result.intake.changed == 1
    assert facilitators.get_profile(org.coordinator, org.robin.person_id).availability.weekdays == {
        2
    }
