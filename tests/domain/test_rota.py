"""The rota planner on worked examples: each rule, each preference, each explanation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator_app.domain.facilitators import Availability, DateSpan, Stage
from facilitator_app.domain.rota import (
    Assignment,
    PastSession,
    PlanNote,
    Role,
    RotaPerson,
    RotaPlan,
    RotaRequest,
    RotaSession,
    plan_rota,
    rule_problems,
)

GROUP = "tuesday"
TEAM = frozenset({GROUP})


def day(month: int, number: int) -> dt.date:
    return dt.date(2026, month, number)


def tuesday(number: int, month: int = 3) -> RotaSession:
    """A session of the Tuesday group (3, 10, 17, 24 and 31 March 2026 are Tuesdays)."""
    return RotaSession(f"{month}-{number}", GROUP, day(month, number), "Tuesday group")


def person(name: str, stage: Stage = Stage.LEAD, **overrides: Any) -> RotaPerson:
    values: dict[str, Any] = {"group_ids": TEAM}
    values.update(overrides)
    return RotaPerson(name.lower(), name, stage, **values)


def past(
    session_id: str, when: dt.date, lead: str | None, co: str | None = None, **kw: Any
) -> PastSession:
    group = kw.get("group", "monday")
    return PastSession(
        RotaSession(session_id, group, when, kw.get("name", "Monday group")), Assignment(lead, co)
    )


def leads(plan: RotaPlan) -> list[str | None]:
    ordered = sorted(plan.assignments, key=lambda key: tuple(int(n) for n in key.split("-")))
    return [plan.assignments[key].lead_id for key in ordered]


ALI, BO, CAL = person("Ali"), person("Bo"), person("Cal")


# --- shadowing ---------------------------------------------------------------------------


def test_shadowing_is_never_alone_and_the_plan_says_why() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [person("Sam Lee", Stage.SHADOWING)]))
    assert plan.assignments["3-3"] == Assignment(None, None)
    assert plan.notes_for("3-3") == [
        "No available lead on 3 March: nobody working with Tuesday group is at the lead stage.",
        "No co-facilitator on 3 March: Sam Lee is shadowing and needs a lead alongside.",
    ]


def test_shadowing_alongside_a_lead() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, person("Sam", Stage.SHADOWING)]))
    assert plan.assignments["3-3"] == Assignment("ali", "sam")
    assert plan.gaps == ()


def test_a_co_facilitator_may_co_facilitate_without_a_lead() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [person("Dee", Stage.CO_FACILITATOR)]))
    assert plan.assignments["3-3"] == Assignment(None, "dee")
    assert plan.notes_for("3-3") == [
        "No available lead on 3 March: nobody working with Tuesday group is at the lead stage."
    ]


def test_only_a_lead_leads() -> None:
    team = [person("Dee", Stage.CO_FACILITATOR), person("Sam", Stage.SHADOWING), BO]
    plan = plan_rota(RotaRequest([tuesday(3)], team))
    assert plan.assignments["3-3"].lead_id == "bo"


def test_a_locked_shadowing_co_facilitator_without_a_lead_is_released() -> None:
    request = RotaRequest(
        [tuesday(3)],
        [person("Sam", Stage.SHADOWING), person("Dee", Stage.CO_FACILITATOR)],
        locked={"3-3": Assignment(None, "sam")},
    )
    plan = plan_rota(request)
    assert plan.assignments["3-3"] == Assignment(None, "dee")
    assert [note.text for note in plan.released] == [
        "Sam was locked in as co-facilitator on 3 March but is shadowing and there is no lead."
    ]


# --- availability and pauses -------------------------------------------------------------


def test_a_paused_person_is_skipped_for_a_closed_pause_and_planned_after_it() -> None:
    ali = person("Ali", paused=(DateSpan(day(3, 1), day(3, 12)),))
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10), tuesday(17)], [ali]))
    assert leads(plan) == [None, None, "ali"]
    assert plan.notes_for("3-10")[0] == "No available lead on 10 March: Ali paused."


def test_an_open_ended_pause_lasts_until_lifted() -> None:
    ali = person("Ali", paused=(DateSpan(day(3, 10)),))
    sessions = [tuesday(3), tuesday(10), tuesday(3, month=11)]
    plan = plan_rota(RotaRequest(sessions, [ali, person("Dee", Stage.CO_FACILITATOR)]))
    assert leads(plan) == ["ali", None, None]
    assert plan.notes_for("11-3") == ["No available lead on 3 November: Ali paused."]


def test_days_away_are_respected() -> None:
    ali = person("Ali", unavailable=(DateSpan(day(3, 9), day(3, 11)),))
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ali]))
    assert leads(plan) == ["ali", None]
    assert plan.notes_for("3-10")[0] == "No available lead on 10 March: Ali unavailable."


def test_usual_weekdays_are_respected() -> None:
    ali = person("Ali", availability=Availability(frozenset({0, 3})))  # Mondays, Thursdays
    bo = person("Bo", availability=Availability(frozenset({1})))  # Tuesdays
    plan = plan_rota(RotaRequest([tuesday(3)], [ali, bo]))
    assert plan.assignments["3-3"] == Assignment("bo", None)
    assert plan.notes_for("3-3") == [
        "No co-facilitator on 3 March: Ali does not facilitate on Tuesdays."
    ]


def test_nobody_is_planned_outside_their_groups() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [person("Xan", group_ids=frozenset({"other"}))]))
    assert plan.assignments["3-3"] == Assignment()
    assert plan.notes_for("3-3") == [
        "No available lead on 3 March: nobody working with Tuesday group is at the lead stage.",
        "No co-facilitator on 3 March: nobody else works with Tuesday group.",
    ]


def test_another_groups_session_on_the_same_day_blocks_a_person() -> None:
    history = [past("mon", day(3, 3), None, "ali", name="Wednesday drop-in")]
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, BO], history=history))
    assert plan.assignments["3-3"] == Assignment("bo", None)
    assert plan.notes_for("3-3") == [
        "No co-facilitator on 3 March: Ali already facilitating Wednesday drop-in that day."
    ]


def test_nobody_is_in_two_planned_sessions_on_one_day() -> None:
    other = RotaSession("other", "monday", day(3, 3), "Monday group")
    both = frozenset({GROUP, "monday"})
    team = [person("Ali", group_ids=both), person("Bo", group_ids=both)]
    plan = plan_rota(RotaRequest([tuesday(3), other], team))
    assert {plan.assignments["3-3"].lead_id, plan.assignments["other"].lead_id} == {"ali", "bo"}
    assert plan.assignments["3-3"].co_id is None
    assert plan.assignments["other"].co_id is None


def test_the_monthly_limit_counts_sessions_already_held() -> None:
    ali = person("Ali", availability=Availability(max_per_month=2))
    history = [past("h1", day(3, 2), "ali"), past("h2", day(3, 9), None, "ali")]
    sessions = [tuesday(17), tuesday(24), tuesday(7, month=4)]
    plan = plan_rota(RotaRequest(sessions, [ali], history=history))
    assert leads(plan) == [None, None, "ali"]
    assert plan.notes_for("3-17")[0] == (
        "No available lead on 17 March: Ali has reached 2 sessions in March."
    )


def test_the_monthly_limit_counts_the_plan_itself() -> None:
    ali = person("Ali", availability=Availability(max_per_month=1))
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10), tuesday(7, month=4)], [ali, BO]))
    planned = [plan.assignments[key] for key in ("3-3", "3-10", "4-7")]
    ali_in_march = sum("ali" in (chosen.lead_id, chosen.co_id) for chosen in planned[:2])
    assert ali_in_march == 1
    assert "ali" in (planned[2].lead_id, planned[2].co_id)


# --- explanations ------------------------------------------------------------------------


def test_an_impossible_session_says_exactly_why_in_name_order() -> None:
    team = [
        person("Sam", paused=(DateSpan(day(2, 20)),)),
        person("Ali", unavailable=(DateSpan(day(3, 3), day(3, 3)),)),
    ]
    plan = plan_rota(RotaRequest([tuesday(3)], team))
    assert plan.gaps == (
        PlanNote("3-3", Role.LEAD, "No available lead on 3 March: Ali unavailable, Sam paused."),
        PlanNote("3-3", Role.CO, "No co-facilitator on 3 March: Ali unavailable, Sam paused."),
    )


def test_explanations_name_only_the_groups_own_people_and_say_each_reason() -> None:
    team = [
        person("Sam", paused=(DateSpan(day(2, 20)),)),
        person("Ali", unavailable=(DateSpan(day(3, 3), day(3, 3)),)),
        person("Dee", Stage.CO_FACILITATOR),
        person("Xan", group_ids=frozenset({"other"})),
    ]
    plan = plan_rota(RotaRequest([tuesday(3)], team))
    assert plan.assignments["3-3"] == Assignment(None, "dee")
    assert plan.notes_for("3-3") == ["No available lead on 3 March: Ali unavailable, Sam paused."]


def test_a_group_without_a_group_name_is_this_group() -> None:
    session = RotaSession("s", GROUP, day(3, 3))
    plan = plan_rota(RotaRequest([session], []))
    assert plan.notes_for("s") == [
        "No available lead on 3 March: nobody working with this group is at the lead stage.",
        "No co-facilitator on 3 March: nobody else works with this group.",
    ]


def test_a_full_session_has_no_notes() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, BO]))
    assert plan.notes_for("3-3") == []
    assert plan.gaps == ()
    assert plan.released == ()


# --- locks -------------------------------------------------------------------------------


def test_locked_choices_are_kept() -> None:
    request = RotaRequest(
        [tuesday(3), tuesday(10)], [ALI, BO, CAL], locked={"3-3": Assignment("cal", "bo")}
    )
    plan = plan_rota(request)
    assert plan.assignments["3-3"] == Assignment("cal", "bo")
    assert plan.released == ()


def test_a_locked_choice_wins_over_twice_in_a_row() -> None:
    locked = {"3-3": Assignment("ali"), "3-10": Assignment("ali")}
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ALI, BO], locked=locked))
    assert leads(plan) == ["ali", "ali"]


def test_a_lock_that_now_breaks_a_rule_is_released_with_a_note() -> None:
    ali = person("Ali", paused=(DateSpan(day(3, 1)),))
    plan = plan_rota(RotaRequest([tuesday(3)], [ali, BO], locked={"3-3": Assignment("ali")}))
    assert plan.assignments["3-3"] == Assignment("bo", None)
    assert plan.released == (
        PlanNote(
            "3-3",
            Role.LEAD,
            "Ali was locked in as lead on 3 March but paused; the planner chose again.",
        ),
    )
    assert plan.notes_for("3-3")[0] == plan.released[0].text


def test_locks_beyond_the_monthly_limit_are_released_in_date_order() -> None:
    ali = person("Ali", availability=Availability(max_per_month=1))
    locked = {"3-10": Assignment("ali"), "3-3": Assignment("ali")}
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ali, BO], locked=locked))
    assert leads(plan) == ["ali", "bo"]
    assert [note.text for note in plan.released] == [
        "Ali was locked in as lead on 10 March but has reached 1 session in March; "
        "the planner chose again."
    ]


def test_a_locked_person_no_longer_on_the_rota_is_released() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI], locked={"3-3": Assignment(None, "gone")}))
    assert plan.assignments["3-3"] == Assignment("ali", None)
    assert [note.text for note in plan.released] == [
        "The co-facilitator chosen for 3 March is no longer on the rota (archived or without a "
        "stage)."
    ]


def test_the_same_person_locked_in_both_roles_keeps_the_lead() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, BO], locked={"3-3": Assignment("ali", "ali")}))
    assert plan.assignments["3-3"] == Assignment("ali", "bo")
    assert [(note.role, note.text) for note in plan.released] == [
        (
            Role.CO,
            "Ali was locked in as co-facilitator on 3 March but is already in this session; "
            "the planner chose again.",
        )
    ]


# --- preferences -------------------------------------------------------------------------


def test_nobody_leads_twice_in_a_row_when_someone_else_can() -> None:
    history = [past("last week", day(2, 24), "ali", group=GROUP)]
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, BO], history=history))
    assert plan.assignments["3-3"] == Assignment("bo", "ali")


def test_twice_in_a_row_when_nobody_else_can() -> None:
    history = [past("last week", day(2, 24), "ali", group=GROUP)]
    bo = person("Bo", unavailable=(DateSpan(day(3, 3), day(3, 3)),))
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, bo], history=history))
    assert plan.assignments["3-3"].lead_id == "ali"


def test_twice_in_a_row_looks_forward_too() -> None:
    """Bo can lead only on the 10th, so Ali leads the 3rd and the 17th, not the 10th."""
    away = (DateSpan(day(3, 1), day(3, 9)), DateSpan(day(3, 11), day(3, 31)))
    bo = person("Bo", unavailable=away)
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10), tuesday(17)], [ALI, bo]))
    assert leads(plan) == ["ali", "bo", "ali"]


def test_leading_is_spread_evenly() -> None:
    sessions = [tuesday(n) for n in (3, 10, 17, 24, 31)] + [tuesday(7, month=4)]
    plan = plan_rota(RotaRequest(sessions, [CAL, ALI, BO]))
    assert leads(plan) == ["ali", "bo", "cal", "ali", "bo", "cal"]


def test_ties_go_to_whoever_led_least_recently() -> None:
    # Both led the Monday group once; Bo longer ago, so Bo leads first.
    history = [past("h1", day(2, 16), "ali"), past("h2", day(2, 9), "bo")]
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ALI, BO], history=history))
    assert leads(plan) == ["bo", "ali"]
    history = [past("h1", day(2, 9), "ali"), past("h2", day(2, 16), "bo")]
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ALI, BO], history=history))
    assert leads(plan) == ["ali", "bo"]


def test_leading_already_held_does_not_count_against_a_person() -> None:
    """Fairness is over the range planned; history only breaks ties."""
    history = [past(f"h{n}", day(2, n), "ali") for n in (2, 9, 16)]
    plan = plan_rota(RotaRequest([tuesday(3), tuesday(10)], [ALI, BO], history=history))
    assert sorted(lead or "" for lead in leads(plan)) == ["ali", "bo"]


def test_co_facilitators_are_chosen_before_leads_for_the_co_role() -> None:
    plan = plan_rota(RotaRequest([tuesday(3)], [ALI, BO, person("Dee", Stage.CO_FACILITATOR)]))
    assert plan.assignments["3-3"] == Assignment("ali", "dee")


def test_the_same_request_gives_the_same_plan() -> None:
    sessions = [tuesday(n) for n in (3, 10, 17, 24, 31)]
    team = [ALI, BO, CAL, person("Dee", Stage.CO_FACILITATOR), person("Sam", Stage.SHADOWING)]
    first = plan_rota(RotaRequest(sessions, team))
    assert plan_rota(RotaRequest(sessions[::-1], team[::-1])) == first


# --- hand edits --------------------------------------------------------------------------


def test_rule_problems_name_each_broken_rule() -> None:
    team = [
        person("Ali", paused=(DateSpan(day(3, 1), day(3, 5)),)),
        person("Sam", Stage.SHADOWING),
        person("Dee", Stage.CO_FACILITATOR),
    ]
    request = RotaRequest([tuesday(3), tuesday(10)], team)
    edits = {"3-3": Assignment("ali", "sam"), "3-10": Assignment("dee", "gone")}
    assert rule_problems(request, edits) == [
        PlanNote("3-3", Role.LEAD, "Ali paused (lead, 3 March)."),
        PlanNote(
            "3-10",
            Role.LEAD,
            "Dee is at the co-facilitator stage, not leading yet (lead, 10 March).",
        ),
        PlanNote(
            "3-10",
            Role.CO,
            "The co-facilitator chosen for 10 March is no longer on the rota (archived or "
            "without a stage).",
        ),
    ]


def test_rule_problems_for_shadowing_alone_and_one_person_twice() -> None:
    request = RotaRequest([tuesday(3), tuesday(10)], [ALI, person("Sam", Stage.SHADOWING)])
    edits = {"3-3": Assignment(None, "sam"), "3-10": Assignment("ali", "ali")}
    assert [note.text for note in rule_problems(request, edits)] == [
        "Sam is shadowing and needs a lead alongside (co-facilitator, 3 March).",
        "Ali is already in this session (co-facilitator, 10 March).",
    ]


def test_rule_problems_count_monthly_limits_and_clashes_across_the_edits() -> None:
    ali = person("Ali", availability=Availability(max_per_month=1))
    other = RotaSession("other", "monday", day(3, 10), "Monday group")
    both = frozenset({GROUP, "monday"})
    bo = person("Bo", group_ids=both)
    request = RotaRequest([tuesday(3), tuesday(10), other], [ali, bo])
    edits = {
        "3-3": Assignment("ali"),
        "3-10": Assignment("ali", "bo"),
        "other": Assignment("bo"),
    }
    assert [note.text for note in rule_problems(request, edits)] == [
        "Ali has reached 1 session in March (lead, 10 March).",
        "Bo already facilitating Monday group that day (co-facilitator, 10 March).",
    ]


def test_a_valid_hand_edit_has_no_problems() -> None:
    request = RotaRequest([tuesday(3)], [ALI, BO])
    assert rule_problems(request, {"3-3": Assignment("bo", "ali")}) == []
    assert rule_problems(request, {}) == []
