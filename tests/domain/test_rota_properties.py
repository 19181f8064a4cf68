"""The rota planner against rules checked independently, on random charities.

The checker here is written from the issue's rules, not from the planner's own
board: who may take a slot is worked out from scratch each time, from every slot
already filled (the plan and the history).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from facilitator_app.domain.facilitators import Availability, DateSpan, Stage
from facilitator_app.domain.rota import (
    Assignment,
    PastSession,
    Role,
    RotaPerson,
    RotaPlan,
    RotaRequest,
    RotaSession,
    plan_rota,
)

START = dt.date(2026, 3, 2)  # a Monday
DAYS = 100  # a little over three months
NAMES = ("Ali", "bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hana")
GROUPS = ("g0", "g1", "g2")
GHOST = "ghost"  # a locked person who is no longer on the rota

EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the independent checker ------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """Someone in a role in a session, planned or past."""

    session: RotaSession
    role: Role
    person_id: str


def _in_span(day: dt.date, span: DateSpan) -> bool:
    return span.first <= day and (span.last is None or day <= span.last)


def breaks_rule(
    person: RotaPerson | None,
    session: RotaSession,
    role: Role,
    others: Iterable[Slot],
    *,
    lead_present: bool,
) -> str | None:
    """The first hard rule `person` would break in this slot, given every other slot."""
    if person is None:
        return "not on the rota"
    day = session.date
    if role is Role.LEAD and person.stage is not Stage.LEAD:
        return "not at the lead stage"
    if session.group_id not in person.group_ids:
        return "not in this group"
    if any(_in_span(day, span) for span in person.paused):
        return "paused"
    if any(_in_span(day, span) for span in person.unavailable):
        return "unavailable"
    if person.availability.weekdays and day.weekday() not in person.availability.weekdays:
        return "not on this weekday"
    mine = [slot for slot in others if slot.person_id == person.id]
    if any(slot.session.date == day for slot in mine):
        return "already facilitating that day"
    limit = person.availability.max_per_month
    same_month = [
        slot
        for slot in mine
        if (slot.session.date.year, slot.session.date.month) == (day.year, day.month)
    ]
    if limit is not None and len(same_month) >= limit:
        return "monthly limit"
    if role is Role.CO and person.stage is Stage.SHADOWING and not lead_present:
        return "shadowing alone"
    return None


def history_slots(request: RotaRequest) -> list[Slot]:
    return [
        Slot(past.session, role, person_id)
        for past in request.history
        for role in Role
        if (person_id := past.assignment.get(role)) is not None
    ]


def plan_slots(
    request: RotaRequest, plan: RotaPlan, roles: Sequence[Role] = tuple(Role)
) -> list[Slot]:
    return [
        Slot(session, role, person_id)
        for session in request.sessions
        for role in roles
        if (person_id := plan.assignments[session.id].get(role)) is not None
    ]


def kept_locks(request: RotaRequest, plan: RotaPlan) -> list[Slot]:
    sessions = {session.id: session for session in request.sessions}
    return [
        Slot(sessions[session_id], role, person_id)
        for session_id, choice in request.locked.items()
        for role in Role
        if (person_id := choice.get(role)) is not None
        and plan.assignments[session_id].get(role) == person_id
    ]


def without(slots: Iterable[Slot], session: RotaSession, role: Role) -> list[Slot]:
    return [slot for slot in slots if not (slot.session.id == session.id and slot.role is role)]


def people_by_id(request: RotaRequest) -> dict[str, RotaPerson]:
    return {person.id: person for person in request.people}


def hard_rule_problems(request: RotaRequest, plan: RotaPlan) -> list[str]:
    people = people_by_id(request)
    everything = history_slots(request) + plan_slots(request, plan)
    problems = []
    for slot in plan_slots(request, plan):
        lead_present = plan.assignments[slot.session.id].lead_id is not None
        reason = breaks_rule(
            people.get(slot.person_id),
            slot.session,
            slot.role,
            without(everything, slot.session, slot.role),
            lead_present=lead_present,
        )
        if reason is not None:
            problems.append(f"{slot.person_id} as {slot.role} in {slot.session.id}: {reason}")
    return problems


def lead_board(request: RotaRequest, plan: RotaPlan) -> list[Slot]:
    """What the leads were chosen against: history, the plan's leads and the kept locks.

    Co-facilitators the planner chose come after every lead, so they are left out.
    """
    locked_co = [slot for slot in kept_locks(request, plan) if slot.role is Role.CO]
    return history_slots(request) + plan_slots(request, plan, (Role.LEAD,)) + locked_co


def _neighbour_leads(
    request: RotaRequest, leads: Mapping[str, str | None], session: RotaSession
) -> set[str]:
    """Who led the group's sessions just before and just after this one (planned or past)."""
    timeline = sorted(
        (
            other
            for other in [*request.sessions, *(past.session for past in request.history)]
            if other.group_id == session.group_id
        ),
        key=lambda other: (other.date, other.id),
    )
    index = timeline.index(session)
    around = timeline[max(index - 1, 0) : index] + timeline[index + 1 : index + 2]
    return {lead for other in around if (lead := leads.get(other.id)) is not None}


def neighbour_leads(request: RotaRequest, plan: RotaPlan, session: RotaSession) -> set[str]:
    leads = {past.session.id: past.assignment.lead_id for past in request.history}
    leads |= {session_id: chosen.lead_id for session_id, chosen in plan.assignments.items()}
    return _neighbour_leads(request, leads, session)


def lead_counts(request: RotaRequest, plan: RotaPlan) -> Counter[str]:
    counts: Counter[str] = Counter()
    for session in request.sessions:
        lead = plan.assignments[session.id].lead_id
        if lead is not None:
            counts[lead] += 1
    return counts


def spread(counts: Mapping[str, int], among: Iterable[str]) -> int:
    values = [counts.get(person_id, 0) for person_id in among]
    return max(values) - min(values) if values else 0


def in_order(request: RotaRequest) -> list[RotaSession]:
    return sorted(request.sessions, key=lambda s: (s.date, s.group_id, s.id))


def round_robin_leads(request: RotaRequest) -> dict[str, str | None]:
    """A faithful round-robin over the lead-stage people, session by session.

    From whoever's turn it is, the first person no hard rule blocks takes the session,
    passing over anyone who would then lead the group twice in a row while someone
    further round could take it without.
    """
    cycle = sorted(
        (person for person in request.people if person.stage is Stage.LEAD),
        key=lambda person: (person.name.casefold(), person.id),
    )
    board = history_slots(request)
    leads: dict[str, str | None] = {session.id: None for session in request.sessions}
    settled = {past.session.id: past.assignment.lead_id for past in request.history}
    turn = 0
    for session in in_order(request):
        around = _neighbour_leads(request, {**settled, **leads}, session)
        free = [
            (step, person)
            for step in range(len(cycle))
            if breaks_rule(
                person := cycle[(turn + step) % len(cycle)],
                session,
                Role.LEAD,
                board,
                lead_present=False,
            )
            is None
        ]
        fresh = [(step, person) for step, person in free if person.id not in around]
        if free:
            step, person = (fresh or free)[0]
            leads[session.id] = person.id
            board.append(Slot(session, Role.LEAD, person.id))
            turn = (turn + step + 1) % len(cycle)
    return leads


def most_slots_possible(
    request: RotaRequest, role: Role, board: Sequence[Slot], plan: RotaPlan
) -> int:
    """The most sessions whose `role` could be filled at once, everything on `board` fixed.

    A maximum flow: session → (person, day) → (person, month) → end, with room for one
    session a day and what is left of each monthly limit.
    """
    people = people_by_id(request)
    edges: dict[Any, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for session in request.sessions:
        lead_present = plan.assignments[session.id].lead_id is not None
        edges["start"][session.id] += 1
        for person in people.values():
            if breaks_rule(person, session, role, board, lead_present=lead_present) is not None:
                continue
            day, month = session.date, (session.date.year, session.date.month)
            edges[session.id][(person.id, day)] = 1
            edges[(person.id, day)][(person.id, month)] = 1
            limit = person.availability.max_per_month
            used = sum(
                slot.person_id == person.id
                and (slot.session.date.year, slot.session.date.month) == month
                for slot in board
            )
            edges[(person.id, month)]["end"] = (
                len(request.sessions) if limit is None else limit - used
            )
    return _max_flow(edges, "start", "end")


def _max_flow(edges: dict[Any, dict[Any, int]], start: Any, end: Any) -> int:
    """Edmonds–Karp on a small graph; `edges` is changed into the residual graph."""
    flow = 0
    while True:
        came_from: dict[Any, Any] = {start: None}
        queue = deque([start])
        while queue and end not in came_from:
            node = queue.popleft()
            for target, room in list(edges[node].items()):
                if room > 0 and target not in came_from:
                    came_from[target] = node
                    queue.append(target)
        if end not in came_from:
            return flow
        path = [end]
        while came_from[path[-1]] is not None:
            path.append(came_from[path[-1]])
        path.reverse()
        push = min(edges[a][b] for a, b in itertools.pairwise(path))
        for a, b in itertools.pairwise(path):
            edges[a][b] -= push
            edges[b][a] += push
        flow += push


# --- random charities --------------------------------------------------------------------


def _day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


@st.composite
def spans(draw: st.DrawFn, *, open_ended: bool) -> DateSpan:
    first = draw(st.integers(-20, DAYS))
    if open_ended and draw(st.booleans()):
        return DateSpan(_day(first), None)
    return DateSpan(_day(first), _day(first + draw(st.integers(0, 30))))


@st.composite
def people_lists(
    draw: st.DrawFn, *, groups: Sequence[str], limits: bool = True
) -> list[RotaPerson]:
    count = draw(st.integers(0, 7))
    people = []
    for index in range(count):
        stage = draw(st.sampled_from(Stage))
        name = draw(st.sampled_from(NAMES))
        if not limits:
            people.append(RotaPerson(f"p{index}", name, stage, frozenset(groups)))
            continue
        chosen = draw(st.sets(st.sampled_from(groups), max_size=len(groups)))
        weekdays = draw(
            st.one_of(st.just(frozenset[int]()), st.frozensets(st.integers(0, 6), min_size=1))
        )
        most = draw(st.one_of(st.none(), st.integers(1, 4)))
        people.append(
            RotaPerson(
                id=f"p{index}",
                name=name,
                stage=stage,
                group_ids=frozenset(chosen),
                availability=Availability(weekdays, most),
                unavailable=tuple(draw(st.lists(spans(open_ended=False), max_size=2))),
                paused=tuple(draw(st.lists(spans(open_ended=True), max_size=2))),
            )
        )
    return people


@st.composite
def session_lists(
    draw: st.DrawFn, *, groups: Sequence[str], prefix: str, offsets: Sequence[int], max_size: int
) -> list[RotaSession]:
    count = draw(st.integers(0, max_size))
    return [
        RotaSession(
            f"{prefix}{index}",
            draw(st.sampled_from(groups)),
            _day(draw(st.sampled_from(offsets))),
            group_name=f"Group {prefix}{index}",
        )
        for index in range(count)
    ]


def _someone(people: Sequence[RotaPerson]) -> st.SearchStrategy[str | None]:
    ids = [person.id for person in people]
    return st.one_of(st.none(), st.sampled_from([*ids, GHOST]))


@st.composite
def requests(
    draw: st.DrawFn, *, locks: bool = True, limits: bool = True, one_group: bool = False
) -> RotaRequest:
    groups = GROUPS[:1] if one_group else GROUPS[: draw(st.integers(1, 3))]
    people = draw(people_lists(groups=groups, limits=limits))
    # A small pool of dates, so sessions often share one.
    offsets = sorted(draw(st.sets(st.integers(0, DAYS), min_size=1, max_size=14)))
    sessions = draw(session_lists(groups=groups, prefix="s", offsets=offsets, max_size=12))
    past_offsets = offsets if limits else [offset - DAYS - 1 for offset in offsets]
    past = draw(session_lists(groups=groups, prefix="h", offsets=past_offsets, max_size=6))
    history = []
    for session in past:
        lead, co = draw(_someone(people)), draw(_someone(people))
        history.append(PastSession(session, Assignment(lead, None if co == lead else co)))
    locked = {}
    if locks and people:
        for session in sessions:
            if draw(st.integers(0, 3)) == 0:
                locked[session.id] = Assignment(draw(_someone(people)), draw(_someone(people)))
    return RotaRequest(sessions, people, locked, history)


# --- the properties -----------------------------------------------------------------------


@EXAMPLES
@given(requests())
def test_every_plan_keeps_every_hard_rule(request: RotaRequest) -> None:
    plan = plan_rota(request)
    assert set(plan.assignments) == {session.id for session in request.sessions}
    assert hard_rule_problems(request, plan) == []


@EXAMPLES
@given(requests())
def test_locks_are_kept_or_released_with_a_reason(request: RotaRequest) -> None:
    plan = plan_rota(request)
    people = people_by_id(request)
    released = {(note.session_id, note.role) for note in plan.released}
    assert len(released) == len(plan.released), "one note per released slot"
    sessions = {session.id: session for session in request.sessions}
    kept = kept_locks(request, plan)
    locked_slots = {
        (session_id, role)
        for session_id, choice in request.locked.items()
        for role in Role
        if choice.get(role) is not None
    }
    assert released <= locked_slots, "only a lock is ever released"
    for session_id, role in locked_slots:
        person_id = request.locked[session_id].get(role)
        final = plan.assignments[session_id].get(role)
        assert (final == person_id) != ((session_id, role) in released)
        if (session_id, role) in released:
            session = sessions[session_id]
            # Released only if it broke a rule against the past and the locks kept.
            reason = breaks_rule(
                people.get(person_id or ""),
                session,
                role,
                history_slots(request) + kept,
                lead_present=plan.assignments[session_id].lead_id is not None,
            )
            assert reason is not None, f"{person_id} released from {session_id} for no reason"


@EXAMPLES
@given(requests())
def test_an_empty_slot_means_nobody_could_take_it(request: RotaRequest) -> None:
    plan = plan_rota(request)
    leads_board = lead_board(request, plan)
    everything = history_slots(request) + plan_slots(request, plan)
    gaps = {(note.session_id, note.role): note.text for note in plan.gaps}
    for session in request.sessions:
        chosen = plan.assignments[session.id]
        for role in Role:
            if chosen.get(role) is not None:
                assert (session.id, role) not in gaps
                continue
            opening = "No available lead on" if role is Role.LEAD else "No co-facilitator on"
            assert gaps[(session.id, role)].startswith(opening)
            board = leads_board if role is Role.LEAD else everything
            for person in request.people:
                reason = breaks_rule(
                    person, session, role, board, lead_present=chosen.lead_id is not None
                )
                assert reason is not None, f"{person.id} could have been {role} in {session.id}"


def _two_groups_one_evening(stage: Stage) -> RotaRequest:
    """Ali works with both groups, Bea with one; both groups meet on 3 March."""
    day = dt.date(2026, 3, 3)
    return RotaRequest(
        sessions=[RotaSession("sa", "g0", day), RotaSession("sb", "g1", day)],
        people=[
            RotaPerson("ali", "Ali", stage, frozenset({"g0", "g1"})),
            RotaPerson("bea", "Bea", stage, frozenset({"g0"})),
        ],
    )


@EXAMPLES
@example(_two_groups_one_evening(Stage.LEAD))
@given(requests(locks=False))
def test_as_many_sessions_have_a_lead_as_possible(request: RotaRequest) -> None:
    """A session is left without a lead only if no plan at all could give every one a lead."""
    plan = plan_rota(request)
    planned = sum(chosen.lead_id is not None for chosen in plan.assignments.values())
    assert planned == most_slots_possible(request, Role.LEAD, history_slots(request), plan)


@EXAMPLES
@example(_two_groups_one_evening(Stage.CO_FACILITATOR))
@given(requests(locks=False))
def test_as_many_sessions_have_a_co_facilitator_as_possible(request: RotaRequest) -> None:
    """Given the leads, no other choice of co-facilitators would leave fewer sessions without."""
    plan = plan_rota(request)
    planned = sum(chosen.co_id is not None for chosen in plan.assignments.values())
    board = history_slots(request) + plan_slots(request, plan, (Role.LEAD,))
    assert planned == most_slots_possible(request, Role.CO, board, plan)


@EXAMPLES
@given(requests())
def test_nobody_leads_twice_in_a_row_when_someone_else_could(request: RotaRequest) -> None:
    plan = plan_rota(request)
    people = people_by_id(request)
    board = lead_board(request, plan)
    for session in request.sessions:
        lead = plan.assignments[session.id].lead_id
        locked = request.locked.get(session.id, Assignment()).lead_id
        if lead is None or lead == locked:
            continue
        around = neighbour_leads(request, plan, session)
        if lead not in around:
            continue
        others = without(board, session, Role.LEAD)
        for person in people.values():
            if person.id == lead or person.id in around:
                continue
            reason = breaks_rule(person, session, Role.LEAD, others, lead_present=False)
            assert reason is not None, f"{person.id} could lead {session.id} instead of {lead}"


@EXAMPLES
@given(requests())
def test_no_single_handover_would_even_out_leading(request: RotaRequest) -> None:
    """Nobody free to take a session over has two or more fewer leads than its lead."""
    plan = plan_rota(request)
    counts = lead_counts(request, plan)
    board = lead_board(request, plan)
    for session in request.sessions:
        lead = plan.assignments[session.id].lead_id
        locked = request.locked.get(session.id, Assignment()).lead_id
        if lead is None or lead == locked:
            continue
        around = neighbour_leads(request, plan, session)
        others = without(board, session, Role.LEAD)
        for person in request.people:
            if person.id in around or counts[person.id] > counts[lead] - 2:
                continue
            reason = breaks_rule(person, session, Role.LEAD, others, lead_present=False)
            assert reason is not None, (
                f"{person.id} ({counts[person.id]} leads) could take {session.id} "
                f"from {lead} ({counts[lead]} leads)"
            )


@EXAMPLES
@given(requests(locks=False, limits=False, one_group=True))
def test_with_everyone_always_free_leading_is_as_even_as_a_round_robin(
    request: RotaRequest,
) -> None:
    plan = plan_rota(request)
    leads = [person.id for person in request.people if person.stage is Stage.LEAD]
    robin = round_robin_leads(request)
    robin_counts = Counter(lead for lead in robin.values() if lead is not None)
    assert spread(lead_counts(request, plan), leads) <= spread(robin_counts, leads)
    # and as complete: a session is left without a lead only if the round-robin left it too
    assert sum(lead is None for lead in robin.values()) >= sum(
        assignment.lead_id is None for assignment in plan.assignments.values()
    )


def repeats(request: RotaRequest, leads: Mapping[str, str | None]) -> int:
    """How often someone leads a group twice in a row, counting pairs that touch the plan."""
    planned = {session.id for session in request.sessions}
    settled = {past.session.id: past.assignment.lead_id for past in request.history}
    everything = [*request.sessions, *(past.session for past in request.history)]
    total = 0
    for group_id in {session.group_id for session in everything}:
        timeline = sorted(
            (session for session in everything if session.group_id == group_id),
            key=lambda session: (session.date, session.id),
        )
        for before, after in itertools.pairwise(timeline):
            lead = leads.get(before.id, settled.get(before.id))
            if (
                lead is not None
                and lead == leads.get(after.id, settled.get(after.id))
                and planned & {before.id, after.id}
            ):
                total += 1
    return total


def standing(request: RotaRequest, leads: Mapping[str, str | None]) -> tuple[int, int, int]:
    """Sessions without a lead, then twice-in-a-rows, then the spread of lead counts."""
    counts = Counter(lead for lead in leads.values() if lead is not None)
    lead_stage = [person.id for person in request.people if person.stage is Stage.LEAD]
    return (
        sum(lead is None for lead in leads.values()),
        repeats(request, leads),
        spread(counts, lead_stage),
    )


def _bea_led_elsewhere_then_paused() -> RotaRequest:
    """Ali, Bea and Cal lead one group; Bea led another group on 2 March, then pauses."""
    group = frozenset({"g0"})
    return RotaRequest(
        sessions=[RotaSession(f"s{day}", "g0", dt.date(2026, 3, day)) for day in (2, 3, 4)],
        people=[
            RotaPerson("ali", "Ali", Stage.LEAD, group),
            RotaPerson("bea", "Bea", Stage.LEAD, group, paused=(DateSpan(dt.date(2026, 3, 4)),)),
            RotaPerson("cal", "Cal", Stage.LEAD, group),
        ],
        history=[PastSession(RotaSession("h0", "g1", dt.date(2026, 3, 2)), Assignment("bea"))],
    )


@EXAMPLES
@example(_bea_led_elsewhere_then_paused())
@given(requests(locks=False))
def test_leading_is_as_even_as_a_faithful_round_robin(request: RotaRequest) -> None:
    """No worse than the round-robin, in the issue's order: gaps, repeats, then spread.

    (On spread alone the planner can lose, rightly: it passes over someone who would
    lead twice in a row, where the round-robin, looking only backwards, does not.)
    """
    plan = plan_rota(request)
    planned = {session_id: chosen.lead_id for session_id, chosen in plan.assignments.items()}
    assert standing(request, planned) <= standing(request, round_robin_leads(request))


@EXAMPLES
@given(requests(), st.randoms(use_true_random=False))
def test_the_same_charity_in_any_order_gets_the_same_plan(
    request: RotaRequest, shuffler: random.Random
) -> None:
    plan = plan_rota(request)
    assert plan_rota(request) == plan
    people, sessions, history = list(request.people), list(request.sessions), list(request.history)
    locked = list(request.locked.items())
    for items in (people, sessions, history, locked):
        shuffler.shuffle(items)
    shuffled = RotaRequest(sessions, people, dict(locked), history)
    assert plan_rota(shuffled) == plan


def test_the_checker_notices_broken_rules() -> None:
    """The checker itself: each hand-made plan breaks exactly the rule it names."""
    group = "g0"
    day = dt.date(2026, 3, 3)  # a Tuesday
    session = RotaSession("s0", group, day)
    lead = RotaPerson("p0", "Ali", Stage.LEAD, frozenset({group}))
    request = RotaRequest([session], [lead])
    cases = {
        "not at the lead stage": dataclasses.replace(lead, stage=Stage.CO_FACILITATOR),
        "not in this group": dataclasses.replace(lead, group_ids=frozenset()),
        "paused": dataclasses.replace(lead, paused=(DateSpan(day, None),)),
        "unavailable": dataclasses.replace(lead, unavailable=(DateSpan(day, day),)),
        "not on this weekday": dataclasses.replace(lead, availability=Availability(frozenset({0}))),
    }
    for reason, person in cases.items():
        bad = RotaRequest([session], [person])
        plan = RotaPlan({"s0": Assignment("p0")})
        assert hard_rule_problems(bad, plan) == [f"p0 as lead in s0: {reason}"]
    assert hard_rule_problems(request, RotaPlan({"s0": Assignment("p0")})) == []
    clash = RotaRequest(
        [session], [lead], history=[PastSession(RotaSession("h0", "g1", day), Assignment("p0"))]
    )
    assert hard_rule_problems(clash, RotaPlan({"s0": Assignment("p0")})) == [
        "p0 as lead in s0: already facilitating that day"
    ]
    limited = dataclasses.replace(lead, availability=Availability(max_per_month=1))
    busy_month = RotaRequest(
        [session],
        [limited],
        history=[PastSession(RotaSession("h0", "g1", day.replace(day=20)), Assignment("p0"))],
    )
    assert hard_rule_problems(busy_month, RotaPlan({"s0": Assignment("p0")})) == [
        "p0 as lead in s0: monthly limit"
    ]
    shadow = RotaPerson("p1", "Bea", Stage.SHADOWING, frozenset({group}))
    alone = RotaRequest([session], [lead, shadow])
    assert hard_rule_problems(alone, RotaPlan({"s0": Assignment(None, "p1")})) == [
        "p1 as co-facilitator in s0: shadowing alone"
    ]
    assert hard_rule_problems(alone, RotaPlan({"s0": Assignment("p0", "p0")})) == [
        "p0 as lead in s0: already facilitating that day",
        "p0 as co-facilitator in s0: already facilitating that day",
    ]
