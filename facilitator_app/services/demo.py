"""A coordinator store filled with plainly fictional data, for exploring the app."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from facilitator_app.domain.groups import GroupFields, GroupKind, Weekday
from facilitator_app.domain.members import ContactPreference, MemberFields
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.sessions import SessionFields, SessionStatus
from facilitator_app.services import groups, members, people, sessions
from facilitator_app.store.store import Store

DEMO_ORGANISATION = "Example Peer Support (demo data)"
DEMO_OWNER = "Demo Coordinator"

_FACILITATORS = [
    "Ash (demo)",
    "Bea (demo)",
    "Cal (demo)",
    "Dee (demo)",
    "Eli (demo)",
    "Fern (demo)",
]
_SUPPORT_WORKER = "Gwen (support worker, demo)"
_FIRST_NAMES = [
    "Alex", "Bryn", "Casey", "Dana", "Emrys", "Frankie", "Gosia", "Hana", "Ife", "Jo",
    "Kit", "Lowri", "Mina", "Nell", "Oz", "Pia", "Quinn", "Rhiannon", "Sam", "Tomasz",
    "Uma", "Vi", "Wren", "Yusuf", "Zofia", "Ayşe", "Bích", "Eleni", "Dafydd", "Rowan",
]  # fmt: skip
_TOPICS = [
    "Check-in and grounding practice",
    "Sleep and looking after yourself",
    "Boundaries and saying no",
    "Creative session: collage",
    "Hope and small steps",
    "Coping with anniversaries",
    "Sharing what helps (headlines, not details)",
    "Walk and talk",
]
_AGREEMENT = (
    "What is said here stays here, except where someone may be at risk of harm.\n"
    "Headlines, not details.\n"
    "Share what helped you rather than giving advice.\n"
    "Nobody has to speak. You may step out at any time; let a facilitator know.\n"
    "Phones on silent."
)


@dataclass(frozen=True)
class _GroupPlan:
    name: str
    kind: GroupKind
    cohort: str
    venue: str
    day: Weekday
    start: dt.time
    size: int


_GROUPS = [
    _GroupPlan(
        "Tuesday evening group",
        GroupKind.CLOSED,
        "Adults, women-only",
        "Community hall, room 2",
        Weekday.TUESDAY,
        dt.time(18, 30),
        9,
    ),
    _GroupPlan(
        "Thursday daytime group",
        GroupKind.OPEN,
        "Adults, any gender",
        "Library meeting room",
        Weekday.THURSDAY,
        dt.time(13, 0),
        11,
    ),
    _GroupPlan(
        "Saturday walking group",
        GroupKind.ACTIVITY,
        "Adults who like to walk and talk",
        "Park café entrance",
        Weekday.SATURDAY,
        dt.time(10, 0),
        8,
    ),
    _GroupPlan(
        "Monday drop-in",
        GroupKind.DROP_IN,
        "Anyone on the waiting list",
        "Charity office, front room",
        Weekday.MONDAY,
        dt.time(17, 0),
        0,
    ),
]

_WEEKDAY_INDEX = {day: index for index, day in enumerate(Weekday)}


def fill_demo_store(store: Store, *, today: dt.date, seed: int = 7) -> None:
    """Add several groups, a year of weekly sessions with attendance, and facilitators."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    leads = [people.add_person(store, name).id for name in _FACILITATORS]
    people.add_person(store, _SUPPORT_WORKER, PersonRole.SUPPORT_WORKER)
    names = iter(rng.sample(_FIRST_NAMES, len(_FIRST_NAMES)))
    year_ago = today - dt.timedelta(days=364)
    for plan in _GROUPS:
        group = groups.create_group(
            store,
            GroupFields(
                name=plan.name,
                kind=plan.kind,
                cohort_note=plan.cohort,
                venue=plan.venue,
                usual_day=plan.day,
                usual_time=plan.start,
                start_date=year_ago,
                agreement_text=_AGREEMENT,
            ),
        )
        roster = [
            members.add_member(
                store,
                group.id,
                MemberFields(
                    name=next(names),
                    contact_preference=rng.choice(list(ContactPreference)),
                    consent_given_on=year_ago,
                ),
            ).id
            for _ in range(plan.size)
        ]
        first = year_ago + dt.timedelta(days=(_WEEKDAY_INDEX[plan.day] - year_ago.weekday()) % 7)
        end = dt.datetime.combine(today, plan.start) + dt.timedelta(hours=2)
        for week in range(56):
            day = first + dt.timedelta(weeks=week)
            lead, co = rng.sample(leads, 2)
            session = sessions.plan_session(
                store,
                group.id,
                SessionFields(
                    date=day,
                    start_time=plan.start,
                    end_time=end.time(),
                    topic=rng.choice(_TOPICS),
                    lead_id=lead,
                    co_facilitator_id=co,
                ),
            )
            if day >= today:
                continue
            if rng.random() < 0.05:
                sessions.set_status(store, session.id, SessionStatus.CANCELLED)
                continue
            if plan.kind is GroupKind.DROP_IN:
                sessions.set_headcount(store, session.id, rng.randint(2, 9))
            else:
                sessions.take_register(
                    store, session.id, [m for m in roster if rng.random() < 0.75]
                )
            sessions.set_status(store, session.id, SessionStatus.HELD)
