"""The rota planner: a lead and a co-facilitator for each session, fairly and within the rules.

Pure and deterministic: the same request always gives the same plan.

Rules never broken by a proposal: only someone at the lead stage leads; nobody is placed
in a group they do not work with, while paused, on a day they are unavailable, on a
weekday they do not work, on a day they already facilitate, or beyond their monthly
limit; a shadowing facilitator is never placed without a lead; lead and co-facilitator
are different people. Preferences on top: nobody leads the same group twice in a row
when someone else could; leading is spread evenly, ties going to whoever led least
recently. A locked choice is kept unless it now breaks a rule (someone paused since,
say); then it is released and the plan says why.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from facilitator_app.domain.facilitators import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    Availability,
    DateSpan,
    Stage,
    format_day,
)


class Role(StrEnum):
    LEAD = "lead"
    CO = "co-facilitator"

    @property
    def label(self) -> str:
        return "Lead" if self is Role.LEAD else "Co-facilitator"


@dataclass(frozen=True)
class RotaPerson:
    id: str
    name: str
    stage: Stage
    group_ids: frozenset[str]
    availability: Availability = field(default_factory=Availability)
    unavailable: tuple[DateSpan, ...] = ()
    paused: tuple[DateSpan, ...] = ()


@dataclass(frozen=True)
class RotaSession:
    id: str
    group_id: str
    date: dt.date
    group_name: str = ""


@dataclass(frozen=True)
class Assignment:
    lead_id: str | None = None
    co_id: str | None = None

    def get(self, role: Role) -> str | None:
        return self.lead_id if role is Role.LEAD else self.co_id


@dataclass(frozen=True)
class PastSession:
    """A session outside the plan whose people are settled (earlier, or another group's)."""

    session: RotaSession
    assignment: Assignment


@dataclass(frozen=True)
class RotaRequest:
    sessions: Sequence[RotaSession]
    people: Sequence[RotaPerson]
    locked: Mapping[str, Assignment] = field(default_factory=dict)
    history: Sequence[PastSession] = ()


@dataclass(frozen=True)
class PlanNote:
    session_id: str
    role: Role
    text: str


@dataclass(frozen=True)
class RotaPlan:
    assignments: Mapping[str, Assignment]
    gaps: tuple[PlanNote, ...] = ()
    released: tuple[PlanNote, ...] = ()

    def notes_for(self, session_id: str) -> list[str]:
        return [note.text for note in (*self.released, *self.gaps) if note.session_id == session_id]


# Bounds the improve-and-refill loop; each round strictly improves (fewer gaps, then
# fewer repeats, then a smaller sum of squared lead counts), so this is only a guard.
_MAX_ROUNDS = 200


def plan_rota(request: RotaRequest) -> RotaPlan:
    board = _Board(request)
    released = board.place_locks(request.locked)
    for _ in range(_MAX_ROUNDS):
        changed = board.fill_leads()
        changed = board.avoid_repeats() or changed
        changed = board.even_out_leads() or changed
        if not changed:
            break
    released += board.release_lonely_shadowing()
    board.fill_co_facilitators()
    return RotaPlan(board.assignments(), board.gaps(), tuple(released))


def rule_problems(request: RotaRequest, assignments: Mapping[str, Assignment]) -> list[PlanNote]:
    """Hard rules that these (perhaps hand-edited) assignments break, one note per slot."""
    board = _Board(request)
    problems: list[PlanNote] = []
    for session in board.sessions:
        chosen = assignments.get(session.id, Assignment())
        for role in Role:
            person_id = chosen.get(role)
            if person_id is None:
                continue
            person = board.people.get(person_id)
            if person is None:
                problems.append(PlanNote(session.id, role, _not_on_rota(role, session)))
                continue
            reason = board.blocked(person, session, role, lead_known=chosen.lead_id is not None)
            if reason is not None:
                problems.append(
                    PlanNote(
                        session.id,
                        role,
                        f"{person.name} {reason} ({role.value}, {format_day(session.date)}).",
                    )
                )
            board.place(session, role, person_id)
    return problems


def _not_on_rota(role: Role, session: RotaSession) -> str:
    return (
        f"The {role.value} chosen for {format_day(session.date)} is no longer on the rota "
        "(archived or without a stage)."
    )


class _Board:
    """The plan being built, with the counts every rule and preference needs."""

    def __init__(self, request: RotaRequest) -> None:
        self.order = sorted(request.people, key=lambda person: (person.name.casefold(), person.id))
        self.rank = {person.id: index for index, person in enumerate(self.order)}
        self.people = {person.id: person for person in self.order}
        self.sessions = sorted(request.sessions, key=_session_key)
        self.slots: dict[str, dict[Role, str | None]] = {
            session.id: {Role.LEAD: None, Role.CO: None} for session in self.sessions
        }
        self.locked: set[tuple[str, Role]] = set()
        self.busy: dict[tuple[str, dt.date], RotaSession] = {}
        self.month_load: Counter[tuple[str, int, int]] = Counter()
        self.lead_count: Counter[str] = Counter()
        self.load: Counter[str] = Counter()
        self.lead_dates: dict[str, list[dt.date]] = defaultdict(list)
        self.work_dates: dict[str, list[dt.date]] = defaultdict(list)
        self.settled: dict[str, str | None] = {}
        # Planned (not history) places each person holds: session id -> role.
        self.holding: dict[str, dict[str, Role]] = defaultdict(dict)
        self.by_id = {session.id: session for session in self.sessions}
        self._static: dict[tuple[str, str, Role], str | None] = {}
        timelines: dict[str, list[RotaSession]] = defaultdict(list)
        for past in sorted(request.history, key=lambda past: _session_key(past.session)):
            self.settled[past.session.id] = past.assignment.lead_id
            timelines[past.session.group_id].append(past.session)
            for role in Role:
                person_id = past.assignment.get(role)
                if person_id is not None:
                    self._mark(past.session, role, person_id, counted=False)
        for session in self.sessions:
            timelines[session.group_id].append(session)
        self.neighbours: dict[str, tuple[str | None, str | None]] = {}
        for timeline in timelines.values():
            timeline.sort(key=_session_key)
            ids = [session.id for session in timeline]
            for index, session_id in enumerate(ids):
                before = ids[index - 1] if index > 0 else None
                after = ids[index + 1] if index + 1 < len(ids) else None
                self.neighbours[session_id] = (before, after)

    # -- reading the board -------------------------------------------------------

    def lead_of(self, session_id: str) -> str | None:
        if session_id in self.slots:
            return self.slots[session_id][Role.LEAD]
        return self.settled.get(session_id)

    def neighbour_leads(self, session: RotaSession) -> set[str]:
        leads = {self.lead_of(other) for other in self.neighbours[session.id] if other}
        return {lead for lead in leads if lead is not None}

    def blocked(
        self, person: RotaPerson, session: RotaSession, role: Role, *, lead_known: bool
    ) -> str | None:
        """Why `person` cannot take `role` in `session` as the board stands, or None."""
        fixed = self.fixed_block(person, session, role)
        if fixed is not None:
            return fixed
        day = session.date
        other = self.busy.get((person.id, day))
        if other is not None:
            if other.id == session.id:
                return "is already in this session"
            return f"already facilitating {other.group_name or 'another group'} that day"
        limit = person.availability.max_per_month
        if limit is not None and self.month_load[(person.id, day.year, day.month)] >= limit:
            plural = "session" if limit == 1 else "sessions"
            return f"has reached {limit} {plural} in {MONTH_NAMES[day.month - 1]}"
        if role is Role.CO and person.stage is Stage.SHADOWING and not lead_known:
            return "is shadowing and needs a lead alongside"
        return None

    def fixed_block(self, person: RotaPerson, session: RotaSession, role: Role) -> str | None:
        """The part of `blocked` that no other choice in the plan can change."""
        key = (person.id, session.id, role)
        if key not in self._static:
            self._static[key] = _fixed_block(person, session, role)
        return self._static[key]

    def _last_before(self, dates: list[dt.date], day: dt.date) -> dt.date:
        index = bisect.bisect_left(dates, day)
        return dates[index - 1] if index > 0 else dt.date.min

    def _lead_key(self, person: RotaPerson, session: RotaSession) -> tuple[int, dt.date, int]:
        last = self._last_before(self.lead_dates[person.id], session.date)
        return (self.lead_count[person.id], last, self.rank[person.id])

    def _co_key(self, person: RotaPerson, session: RotaSession) -> tuple[int, bool, dt.date, int]:
        last = self._last_before(self.work_dates[person.id], session.date)
        # Leads are scarcer than co-facilitators: keep their evenings for leading.
        return (self.load[person.id], person.stage is Stage.LEAD, last, self.rank[person.id])

    def free_for(self, session: RotaSession, role: Role) -> Iterator[RotaPerson]:
        lead_known = self.slots[session.id][Role.LEAD] is not None
        for person in self.order:
            if self.blocked(person, session, role, lead_known=lead_known) is None:
                yield person

    # -- changing the board -------------------------------------------------------

    def _mark(self, session: RotaSession, role: Role, person_id: str, *, counted: bool) -> None:
        day = session.date
        self.busy[(person_id, day)] = session
        self.month_load[(person_id, day.year, day.month)] += 1
        bisect.insort(self.work_dates[person_id], day)
        if role is Role.LEAD:
            bisect.insort(self.lead_dates[person_id], day)
        if counted:
            self.load[person_id] += 1
            if role is Role.LEAD:
                self.lead_count[person_id] += 1

    def place(self, session: RotaSession, role: Role, person_id: str) -> None:
        self.slots[session.id][role] = person_id
        self.holding[person_id][session.id] = role
        self._mark(session, role, person_id, counted=True)

    def remove(self, session: RotaSession, role: Role) -> None:
        person_id = self.slots[session.id][role]
        if person_id is None:
            return
        day = session.date
        self.slots[session.id][role] = None
        del self.holding[person_id][session.id]
        if self.busy.get((person_id, day)) is session:
            del self.busy[(person_id, day)]
        self.month_load[(person_id, day.year, day.month)] -= 1
        self.work_dates[person_id].remove(day)
        self.load[person_id] -= 1
        if role is Role.LEAD:
            self.lead_dates[person_id].remove(day)
            self.lead_count[person_id] -= 1

    def place_locks(self, locked: Mapping[str, Assignment]) -> list[PlanNote]:
        released: list[PlanNote] = []
        for session in self.sessions:
            choice = locked.get(session.id)
            if choice is None:
                continue
            for role in Role:
                person_id = choice.get(role)
                if person_id is None:
                    continue
                person = self.people.get(person_id)
                if person is None:
                    released.append(PlanNote(session.id, role, _not_on_rota(role, session)))
                    continue
                # Whether a shadowing co-facilitator gets a lead is only known later.
                reason = self.blocked(person, session, role, lead_known=True)
                if reason is not None:
                    released.append(
                        PlanNote(
                            session.id,
                            role,
                            f"{person.name} was locked in as {role.value} on "
                            f"{format_day(session.date)} but {reason}; the planner chose again.",
                        )
                    )
                    continue
                self.place(session, role, person_id)
                self.locked.add((session.id, role))
        return released

    def fill_leads(self) -> bool:
        changed = False
        for session in self.sessions:
            if self.slots[session.id][Role.LEAD] is not None:
                continue
            free = list(self.free_for(session, Role.LEAD))
            if free:
                repeats = self.neighbour_leads(session)
                fresh = [person for person in free if person.id not in repeats]
                chosen = min(fresh or free, key=lambda person: self._lead_key(person, session))
                self.place(session, Role.LEAD, chosen.id)
                changed = True
            elif self._make_room(session, Role.LEAD, set()):
                changed = True
        return changed

    def _make_room(self, session: RotaSession, role: Role, visited: set[str]) -> bool:
        """Fill an empty slot by moving people along (an augmenting path), or change nothing.

        Someone blocked only by another session of theirs that day, or by their monthly
        limit, takes this one if that other session can in turn be filled by someone
        else. This is what makes a gap mean "no plan could fill it", not "the first
        choice elsewhere got in the way".
        """
        visited.add(session.id)
        lead_known = self.slots[session.id][Role.LEAD] is not None
        for person in self.order:
            if self.fixed_block(person, session, role) is not None:
                continue
            if self.blocked(person, session, role, lead_known=lead_known) is None:
                self.place(session, role, person.id)
                return True
            for other in self._in_the_way(person, session, role):
                if other.id in visited:
                    continue
                self.remove(other, role)
                if self.blocked(person, session, role, lead_known=lead_known) is None:
                    self.place(session, role, person.id)
                    if self._make_room(other, role, visited):
                        return True
                    self.remove(session, role)
                self.place(other, role, person.id)
        return False

    def _in_the_way(
        self, person: RotaPerson, session: RotaSession, role: Role
    ) -> list[RotaSession]:
        """Planned sessions of `person` (same role, not locked) that stop them taking `session`."""
        day = session.date
        found = []
        for session_id, held_role in sorted(self.holding[person.id].items()):
            other = self.by_id[session_id]
            if held_role is not role or (session_id, role) in self.locked:
                continue
            if other.date == day or (other.date.year, other.date.month) == (day.year, day.month):
                found.append(other)
        return found

    def _movable_leads(self) -> Iterator[tuple[RotaSession, str]]:
        for session in self.sessions:
            lead = self.slots[session.id][Role.LEAD]
            if lead is not None and (session.id, Role.LEAD) not in self.locked:
                yield session, lead

    def _replacement(self, session: RotaSession, current: str) -> RotaPerson | None:
        """Someone free to lead instead of `current` without leading twice in a row."""
        self.remove(session, Role.LEAD)
        repeats = self.neighbour_leads(session)
        options = [
            person
            for person in self.free_for(session, Role.LEAD)
            if person.id != current and person.id not in repeats
        ]
        self.place(session, Role.LEAD, current)
        if not options:
            return None
        return min(options, key=lambda person: self._lead_key(person, session))

    def avoid_repeats(self) -> bool:
        changed = False
        for session, lead in self._movable_leads():
            if lead not in self.neighbour_leads(session):
                continue
            other = self._replacement(session, lead)
            if other is not None:
                self.remove(session, Role.LEAD)
                self.place(session, Role.LEAD, other.id)
                changed = True
        return changed

    def even_out_leads(self) -> bool:
        """Move one lead from someone with more to someone with at least two fewer.

        The move may pass along a chain (Ali's session to Cal, one of Cal's to Bea), so
        the counts of everyone in between stay the same. Each person receives at most
        once in a chain and every step is checked against the board as it stands, so
        applying the steps together breaks no rule and makes no one lead twice in a row.
        """
        changed = False
        while (chain := self._fairer_chain()) is not None:
            for session, receiver in chain:
                self.remove(session, Role.LEAD)
                self.place(session, Role.LEAD, receiver)
            changed = True
        return changed

    def _fairer_chain(self) -> list[tuple[RotaSession, str]] | None:
        if not self.lead_count:
            return None
        lowest = min(self.lead_count[person.id] for person in self.order)
        givers = sorted(
            (person.id for person in self.order if self.lead_count[person.id] >= lowest + 2),
            key=lambda person_id: (-self.lead_count[person_id], self.rank[person_id]),
        )
        # Whoever a failed search reached can reach nobody new, so need not search again.
        hopeless: set[str] = set()
        for giver in givers:
            if giver in hopeless:
                continue
            chain, reached = self._chain_from(giver)
            if chain is not None:
                return chain
            hopeless |= {
                person_id
                for person_id in reached
                if self.lead_count[person_id] <= self.lead_count[giver]
            }
        return None

    def _chain_from(self, giver: str) -> tuple[list[tuple[RotaSession, str]] | None, set[str]]:
        """Breadth-first search for a chain of handovers from `giver` to someone with fewer.

        A receiver who would then lead twice in a row may join the chain only if the
        session next to it is theirs and is the one they hand on.
        """
        most = self.lead_count[giver] - 2
        came_from: dict[str, tuple[str, RotaSession] | None] = {giver: None}
        queue: list[tuple[str, str | None]] = [(giver, None)]
        for holder, must_give in queue:
            for session_id in self._givable(holder, must_give):
                session = self.by_id[session_id]
                for person in self.order:
                    if person.id in came_from:
                        continue
                    if self.blocked(person, session, Role.LEAD, lead_known=True) is not None:
                        continue
                    fine, then_give = self._repeat_resolves(person.id, session)
                    if not fine:
                        continue
                    came_from[person.id] = (holder, session)
                    if then_give is None and self.lead_count[person.id] <= most:
                        return self._walk_back(came_from, person.id), set(came_from)
                    queue.append((person.id, then_give))
        return None, set(came_from)

    def _givable(self, holder: str, must_give: str | None) -> list[str]:
        if must_give is not None:
            return [must_give]
        return [
            session_id
            for session_id, role in sorted(self.holding[holder].items())
            if role is Role.LEAD and (session_id, Role.LEAD) not in self.locked
        ]

    def _repeat_resolves(self, person_id: str, session: RotaSession) -> tuple[bool, str | None]:
        """Can `person_id` take `session` without leading twice in a row once the chain is done?

        Returns (True, None) when no neighbour is theirs, (True, n) when the one
        neighbouring session that is theirs, n, can be handed on, else (False, None).
        """
        theirs = [
            other
            for other in self.neighbours[session.id]
            if other is not None and self.lead_of(other) == person_id
        ]
        if not theirs:
            return True, None
        if (
            len(theirs) == 1
            and theirs[0] in self.slots
            and (theirs[0], Role.LEAD) not in self.locked
        ):
            return True, theirs[0]
        return False, None

    @staticmethod
    def _walk_back(
        came_from: Mapping[str, tuple[str, RotaSession] | None], receiver: str
    ) -> list[tuple[RotaSession, str]]:
        chain = []
        step = came_from[receiver]
        while step is not None:
            holder, session = step
            chain.append((session, receiver))
            receiver, step = holder, came_from[holder]
        return chain

    def release_lonely_shadowing(self) -> list[PlanNote]:
        released: list[PlanNote] = []
        for session in self.sessions:
            slots = self.slots[session.id]
            co = slots[Role.CO]
            if co is None or slots[Role.LEAD] is not None:
                continue
            person = self.people[co]
            if person.stage is Stage.SHADOWING:
                self.remove(session, Role.CO)
                self.locked.discard((session.id, Role.CO))
                released.append(
                    PlanNote(
                        session.id,
                        Role.CO,
                        f"{person.name} was locked in as co-facilitator on "
                        f"{format_day(session.date)} but is shadowing and there is no lead.",
                    )
                )
        return released

    def fill_co_facilitators(self) -> None:
        for session in self.sessions:
            if self.slots[session.id][Role.CO] is not None:
                continue
            free = list(self.free_for(session, Role.CO))
            if free:
                chosen = min(free, key=lambda person: self._co_key(person, session))
                self.place(session, Role.CO, chosen.id)
            else:
                self._make_room(session, Role.CO, set())

    # -- results ------------------------------------------------------------------

    def assignments(self) -> dict[str, Assignment]:
        return {
            session.id: Assignment(
                self.slots[session.id][Role.LEAD], self.slots[session.id][Role.CO]
            )
            for session in self.sessions
        }

    def gaps(self) -> tuple[PlanNote, ...]:
        notes: list[PlanNote] = []
        for session in self.sessions:
            for role in Role:
                if self.slots[session.id][role] is None:
                    notes.append(PlanNote(session.id, role, self._why_empty(session, role)))
        return tuple(notes)

    def _why_empty(self, session: RotaSession, role: Role) -> str:
        day = format_day(session.date)
        lead = self.slots[session.id][Role.LEAD]
        team = [
            person
            for person in self.order
            if session.group_id in person.group_ids
            and person.id != lead
            and (role is Role.CO or person.stage is Stage.LEAD)
        ]
        where = session.group_name or "this group"
        if role is Role.LEAD:
            opening = f"No available lead on {day}"
            if not team:
                return f"{opening}: nobody working with {where} is at the lead stage."
        else:
            opening = f"No co-facilitator on {day}"
            if not team:
                return f"{opening}: nobody else works with {where}."
        reasons = [
            f"{person.name} {self.blocked(person, session, role, lead_known=lead is not None)}"
            for person in team
        ]
        return f"{opening}: {', '.join(reasons)}."


def _fixed_block(person: RotaPerson, session: RotaSession, role: Role) -> str | None:
    day = session.date
    if role is Role.LEAD and person.stage is not Stage.LEAD:
        return f"is at the {person.stage.value} stage, not leading yet"
    if session.group_id not in person.group_ids:
        return "does not work with this group"
    if any(day in span for span in person.paused):
        return "paused"
    if any(day in span for span in person.unavailable):
        return "unavailable"
    if not person.availability.weekday_ok(day):
        return f"does not facilitate on {WEEKDAY_NAMES[day.weekday()]}s"
    return None


def _session_key(session: RotaSession) -> tuple[dt.date, str, str]:
    return (session.date, session.group_id, session.id)
