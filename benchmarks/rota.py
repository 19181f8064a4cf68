"""How long the rota planner takes for a year of weekly sessions across a whole charity.

Target (issue 5): under 1 s to plan a year of weekly sessions for 20 groups with 40
facilitators in one request (both counts follow the scale, at least 2 and 4). The people
are a realistic mix, made from a fixed seed: every stage, usual weekdays, monthly limits,
days away, pauses (some open-ended), a few locked choices and two months of history.
Then the same charity is put in a store through the services and a whole year is
proposed for one group, as the Rota tab does, with every other group's year as history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.measures import Bench, Measure, timed_ms
from facilitator_app.domain.facilitators import Availability, DateSpan, Stage
from facilitator_app.domain.rota import (
    Assignment,
    PastSession,
    RotaPerson,
    RotaPlan,
    RotaRequest,
    RotaSession,
    plan_rota,
)

TARGET_MS = 1_000.0
FIRST_DAY = dt.date(2027, 1, 4)  # a Monday
HISTORY_WEEKS = 8
# Roughly how a charity's facilitators spread over the stages.
STAGES = [Stage.LEAD] * 5 + [Stage.CO_FACILITATOR] * 3 + [Stage.SHADOWING] * 2


@dataclasses.dataclass(frozen=True)
class Charity:
    """The people and the weekly groups, before they become a request or a store."""

    people: list[RotaPerson]
    group_days: list[int]  # each group's weekday, 0 = Monday
    weeks: int


def make_charity(groups: int, facilitators: int, weeks: int, *, seed: int = 2027) -> Charity:
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    # Evening groups on weekdays, a few on Saturdays.
    group_days = [rng.choice([0, 1, 1, 2, 3, 3, 4, 5]) for _ in range(groups)]
    group_ids = [f"g{n:02d}" for n in range(groups)]
    end = FIRST_DAY + dt.timedelta(weeks=weeks)
    stages = [STAGES[n % len(STAGES)] for n in range(facilitators)]
    leads = [n for n, stage in enumerate(stages) if stage is Stage.LEAD]
    # Every group has two leads of its own; everyone also joins one to three groups.
    homes: list[set[str]] = [set() for _ in range(facilitators)]
    for number, group_id in enumerate(group_ids):
        for turn in (2 * number, 2 * number + 1):
            homes[leads[turn % len(leads)]].add(group_id)
    people = []
    for n, stage in enumerate(stages):
        home = homes[n] | set(rng.sample(group_ids, rng.randint(1, min(3, groups))))
        # Someone who gives usual weekdays gives at least the days their groups meet.
        own_days = {group_days[group_ids.index(group_id)] for group_id in home}
        weekdays = frozenset() if rng.random() < 0.6 else frozenset(own_days | {rng.randrange(7)})
        limit = rng.choice([None, None, 3, 4, 6, 8])
        away = []
        for _ in range(rng.randint(0, 3)):
            first = FIRST_DAY + dt.timedelta(days=rng.randrange(max(1, weeks * 7)))
            away.append(DateSpan(first, first + dt.timedelta(days=rng.randint(3, 14))))
        paused = []
        if rng.random() < 0.15:
            first = FIRST_DAY + dt.timedelta(days=rng.randrange(max(1, weeks * 7)))
            last = None if rng.random() < 0.3 else min(end, first + dt.timedelta(weeks=6))
            paused.append(DateSpan(first, last))
        people.append(
            RotaPerson(
                id=f"p{n:02d}",
                name=f"Facilitator {n:02d}",
                stage=stage,
                group_ids=frozenset(home),
                availability=Availability(weekdays, limit),
                unavailable=tuple(away),
                paused=tuple(paused),
            )
        )
    return Charity(people, group_days, weeks)


def _weekly(charity: Charity, first_week: int, weeks: int, prefix: str) -> list[RotaSession]:
    sessions = []
    for number, weekday in enumerate(charity.group_days):
        group_id = f"g{number:02d}"
        for week in range(first_week, first_week + weeks):
            day = FIRST_DAY + dt.timedelta(weeks=week, days=weekday)
            sessions.append(
                RotaSession(f"{prefix}{group_id}-{week}", group_id, day, f"Group {number:02d}")
            )
    return sessions


def make_request(charity: Charity, *, seed: int = 2027) -> RotaRequest:
    """A year ahead for every group, two months behind as history, a few choices locked."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    sessions = _weekly(charity, 0, charity.weeks, "s")
    leads_of = {
        group: [p.id for p in charity.people if group in p.group_ids and p.stage is Stage.LEAD]
        for group in {session.group_id for session in sessions}
    }
    history = [
        PastSession(session, Assignment(rng.choice(leads_of[session.group_id])))
        for session in _weekly(charity, -HISTORY_WEEKS, HISTORY_WEEKS, "h")
    ]
    locked = {
        session.id: Assignment(rng.choice(leads_of[session.group_id]))
        for session in sessions
        if rng.random() < 0.05
    }
    return RotaRequest(sessions, charity.people, locked, history)


def describe(request: RotaRequest, plan: RotaPlan) -> str:
    no_lead = sum(chosen.lead_id is None for chosen in plan.assignments.values())
    no_co = sum(chosen.co_id is None for chosen in plan.assignments.values())
    return (
        f"{len(request.sessions)} sessions: {no_lead} without a lead, {no_co} without a "
        f"co-facilitator, {len(plan.released)} locks released"
    )


def measure_store(charity: Charity, repeat: int) -> tuple[float, list[float]]:
    """Put the charity in a store, save every group's year, time proposing one group's year.

    Returns the seconds the store took to make and the proposal times in milliseconds.
    """
    from facilitator_app.domain.groups import GroupFields, Weekday
    from facilitator_app.services import facilitators, groups, rota
    from facilitator_app.services.stores import NewStore, StoreRole, create_store
    from facilitator_app.store.keys import KdfParams

    started = time.perf_counter()
    last = FIRST_DAY + dt.timedelta(weeks=charity.weeks) - dt.timedelta(days=1)
    with tempfile.TemporaryDirectory() as folder:
        passphrase = "benchmark passphrase"  # noqa: S105 - a throwaway store
        request = NewStore(
            Path(folder) / "store", StoreRole.COORDINATOR, "Bench", "Bench", passphrase, passphrase
        )
        store = create_store(
            request, kdf=KdfParams(), clock=lambda: dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
        )
        try:
            made = [
                groups.create_group(
                    store, GroupFields(name=f"Group {n:02d}", usual_day=list(Weekday)[day])
                ).id
                for n, day in enumerate(charity.group_days)
            ]
            group_of = {f"g{n:02d}": group_id for n, group_id in enumerate(made)}
            for person in charity.people:
                person_id = facilitators.add_facilitator(
                    store,
                    person.name,
                    stage=person.stage,
                    approved_by="Bench",
                    on=FIRST_DAY - dt.timedelta(days=400),
                ).person_id
                facilitators.set_groups(store, person_id, [group_of[g] for g in person.group_ids])
                facilitators.save_availability(store, person_id, person.availability)
                for span in person.unavailable:
                    assert span.last is not None  # noqa: S101 - days away always end
                    facilitators.add_unavailable(store, person_id, span.first, span.last)
                for span in person.paused:
                    facilitators.pause(store, person_id, span.first, span.last)
            for group_id in made[1:]:
                proposal = rota.propose(store, group_id, FIRST_DAY, last)
                rota.save_rota(store, group_id, proposal.rows)
            built = time.perf_counter() - started
            times = timed_ms(lambda: rota.propose(store, made[0], FIRST_DAY, last), repeat)
        finally:
            store.close()
    return built, times


PLAN = "rota plan, {groups} groups × 1 year"
PROPOSE = "rota proposal, 1 group × 1 year (store)"


def measure(bench: Bench) -> list[Measure]:
    """The planner alone for the whole charity, then one group's year through the store."""
    group_count = max(2, round(20 * bench.scale))
    charity = make_charity(group_count, max(4, round(40 * bench.scale)), weeks=52)
    request = make_request(charity)
    detail = describe(request, plan_rota(request))
    times = timed_ms(lambda: plan_rota(request), bench.runs(5))
    built, proposals = measure_store(charity, bench.runs(5))
    return [
        Measure(PLAN.format(groups=group_count), "ms", times, TARGET_MS, detail),
        Measure(
            PROPOSE,
            "ms",
            proposals,
            TARGET_MS,
            f"{group_count - 1} other groups' rotas saved; store made in {built:.1f} s",
        ),
    ]
