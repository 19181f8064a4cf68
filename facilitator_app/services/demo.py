"""A coordinator store filled with plainly fictional data, for exploring the app."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from facilitator_app.domain.facilitators import Availability, Profile, Readiness, Stage
from facilitator_app.domain.groups import GroupFields, GroupKind, Weekday
from facilitator_app.domain.members import ContactPreference, MemberFields
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.sessions import OnTheNight, SessionFields, SessionStatus
from facilitator_app.services import facilitators, groups, members, people, rota, sessions
from facilitator_app.store.store import Store

DEMO_ORGANISATION = "Example Peer Support (demo data)"
DEMO_OWNER = "Demo Coordinator"

# Name, stage now, and how many days ago they reached it.
_FACILITATORS = [
    ("Ash (demo)", Stage.LEAD, 400),
    ("Bea (demo)", Stage.LEAD, 300),
    ("Cal (demo)", Stage.LEAD, 40),
    ("Dee (demo)", Stage.CO_FACILITATOR, 200),
    ("Eli (demo)", Stage.CO_FACILITATOR, 120),
    ("Fern (demo)", Stage.SHADOWING, 30),
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
    team = _add_facilitators(store, today)
    leads = [profile.person_id for profile in team if profile.stage is Stage.LEAD]
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
        for profile in team:
            current = facilitators.get_profile(store, profile.person_id).group_ids
            facilitators.set_groups(store, profile.person_id, [*current, group.id])
        first = year_ago + dt.timedelta(days=(_WEEKDAY_INDEX[plan.day] - year_ago.weekday()) % 7)
        end = dt.datetime.combine(today, plan.start) + dt.timedelta(hours=2)
        for week in range(53):
            day = first + dt.timedelta(weeks=week)
            if day >= today:
                break
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
            if rng.random() < 0.2:
                # The group decided on the night: the co-facilitator led instead.
                night = OnTheNight(co, lead, chosen_by_group=True)
                sessions.record_on_the_night(store, session.id, night)
        proposal = rota.propose(store, group.id, today, today + dt.timedelta(weeks=6))
        rota.save_rota(store, group.id, proposal.rows)


def _add_facilitators(store: Store, today: dt.date) -> list[Profile]:
    team = []
    for name, stage, days_ago in _FACILITATORS:
        profile = facilitators.add_facilitator(
            store,
            name,
            contact_preference="Text first, then call",
            stage=Stage.SHADOWING,
            approved_by=DEMO_OWNER,
            on=today - dt.timedelta(days=days_ago + 150),
        )
        if stage is Stage.LEAD:
            facilitators.change_stage(
                store,
                profile.person_id,
                Stage.CO_FACILITATOR,
                on=today - dt.timedelta(days=days_ago + 90),
                approved_by=DEMO_OWNER,
            )
        if stage is not Stage.SHADOWING:
            facilitators.change_stage(
                store,
                profile.person_id,
                stage,
                on=today - dt.timedelta(days=days_ago),
                approved_by=DEMO_OWNER,
            )
        facilitators.save_readiness(
            store, profile.person_id, Readiness(self_care_plan=True, shadowing_sessions=6)
        )
        facilitators.add_training(
            store,
            profile.person_id,
            "Peer support foundations",
            today - dt.timedelta(days=days_ago + 160),
            None,
        )
        facilitators.add_supervision(
            store, profile.person_id, today - dt.timedelta(days=days_ago % 45), DEMO_OWNER
        )
        team.append(profile)
    ash, _, cal, dee, eli, _ = (profile.person_id for profile in team)
    facilitators.add_training(
        store, ash, "Safeguarding adults, level 2", today - dt.timedelta(days=700),
        today + dt.timedelta(days=20),
    )  # fmt: skip
    facilitators.save_availability(store, dee, Availability(frozenset({1, 3}), max_per_month=4))
    facilitators.add_unavailable(
        store, cal, today + dt.timedelta(days=10), today + dt.timedelta(days=17)
    )
    facilitators.pause(store, eli, today - dt.timedelta(days=3), today + dt.timedelta(days=25))
    return [facilitators.get_profile(store, profile.person_id) for profile in team]
