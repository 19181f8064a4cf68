"""The rota benchmark's charity is what it says (the runner test times nothing either)."""

from __future__ import annotations

from benchmarks import rota
from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.rota import plan_rota
from tests.domain.test_rota_properties import hard_rule_problems


def test_the_charity_has_every_kind_of_person_and_two_leads_a_group() -> None:
    charity = rota.make_charity(groups=20, facilitators=40, weeks=52)
    assert len(charity.people) == 40
    assert {person.stage for person in charity.people} == set(Stage)
    for number in range(20):
        leads = [
            person
            for person in charity.people
            if person.stage is Stage.LEAD and f"g{number:02d}" in person.group_ids
        ]
        assert len(leads) >= 2
    assert any(person.paused and person.paused[0].last is None for person in charity.people)
    assert any(person.availability.max_per_month for person in charity.people)
    assert any(person.availability.weekdays for person in charity.people)
    assert any(person.unavailable for person in charity.people)


def test_the_request_is_the_same_every_time() -> None:
    charity = rota.make_charity(groups=20, facilitators=40, weeks=52)
    request = rota.make_request(charity)
    assert len(request.sessions) == 20 * 52
    assert len(request.history) == 20 * rota.HISTORY_WEEKS
    assert request.locked
    assert rota.make_request(rota.make_charity(20, 40, 52)) == request


def test_a_smaller_charity_is_planned_within_the_rules() -> None:
    request = rota.make_request(rota.make_charity(groups=5, facilitators=10, weeks=10))
    plan = plan_rota(request)
    assert hard_rule_problems(request, plan) == []
    assert "50 sessions:" in rota.describe(request, plan)
