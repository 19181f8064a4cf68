"""A "five-year charity", generated deterministically from a seed, for the benchmarks.

    20 groups · 40 facilitators · 400 members · 5,000 sessions (with registers)
    · 800 incidents with protocol runs · 5,000 debriefs (one in ten with an addendum)
    · 2,000 follow-up actions, over five years.

`scale` shrinks or grows every count (0.01 for CI, 5 for a stress run). Everything is
written through the services, so the store holds exactly what the app would write,
with one exception: the coordinator's store stands in for the laptops, so the inbox
rows that arriving bundles would make are written directly (all read but the newest
`UNREAD` records), as `sync.record_intake` writes them.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.debriefs import Debrief, DebriefFields, HowItWent
from facilitator_app.domain.groups import GroupFields, GroupKind, Weekday
from facilitator_app.domain.incidents import (
    Incident,
    IncidentFields,
    Safeguarding,
    SafeguardingKind,
)
from facilitator_app.domain.members import MemberFields
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.domain.sessions import Session, SessionFields, SessionStatus
from facilitator_app.services import (
    debriefs,
    follow_ups,
    groups,
    incidents,
    members,
    people,
    protocols,
    sessions,
)
from facilitator_app.services.stores import NewStore, StoreRole, create_store
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store

PASSPHRASE = "benchmark passphrase"  # noqa: S105 - a throwaway store

FULL = {
    "groups": 20,
    "facilitators": 40,
    "members": 400,
    "sessions": 5_000,
    "incidents": 800,
    "debriefs": 5_000,
    "follow_ups": 2_000,
}
UNREAD = 40
YEARS = 5


@dataclass(frozen=True)
class Counts:
    groups: int
    facilitators: int
    members: int
    sessions: int
    incidents: int
    debriefs: int
    follow_ups: int


def counts_for(scale: float) -> Counts:
    return Counts(
        **{
            name: max(1 if name != "follow_ups" else 0, round(n * scale))
            for name, n in FULL.items()
        }
    )


def generate(store: Store, *, scale: float = 1.0, seed: int = 2026, today: dt.date) -> Counts:
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    counts = counts_for(scale)
    start = today - dt.timedelta(days=365 * YEARS)
    leads = [
        people.add_person(store, f"Facilitator {n:02d}").id for n in range(counts.facilitators)
    ]
    made_groups = [
        groups.create_group(
            store,
            GroupFields(
                name=f"Group {n:02d}",
                kind=GroupKind.CLOSED,
                venue=f"Room {n % 5 + 1}",
                usual_day=list(Weekday)[n % 7],
                usual_time=dt.time(18, 30),
                start_date=start,
            ),
        )
        for n in range(counts.groups)
    ]
    roster: dict[str, list[str]] = {group.id: [] for group in made_groups}
    for n in range(counts.members):
        group = made_groups[n % len(made_groups)]
        member = members.add_member(
            store, group.id, MemberFields(name=f"Member {n:03d}", consent_given_on=start)
        )
        roster[group.id].append(member.id)
    made_sessions = []
    per_group = max(1, counts.sessions // len(made_groups))
    spacing = max(1, (365 * YEARS) // per_group)
    for group in made_groups:
        for n in range(per_group):
            day = start + dt.timedelta(days=n * spacing)
            lead, co = rng.sample(leads, 2) if len(leads) > 1 else (leads[0], None)
            session = sessions.plan_session(
                store,
                group.id,
                SessionFields(
                    date=day,
                    start_time=dt.time(18, 30),
                    end_time=dt.time(20, 30),
                    topic="Check-in and grounding",
                    lead_id=lead,
                    co_facilitator_id=co,
                ),
            )
            if day < today:
                present = [m for m in roster[group.id] if rng.random() < 0.6]
                sessions.take_register(store, session.id, present)
                sessions.set_status(store, session.id, SessionStatus.HELD)
                made_sessions.append(session)
    all_protocols = protocols.list_protocols(store)
    made_incidents = []
    for _ in range(counts.incidents):
        session = rng.choice(made_sessions)
        protocol = rng.choice(all_protocols)
        began = dt.datetime.combine(session.date, dt.time(19, 0), tzinfo=dt.UTC)
        run = start_run(protocol, began)
        for step in range(len(protocol.steps)):
            run = mark_done(run, began + dt.timedelta(minutes=step))
        run = finish(run, began + dt.timedelta(minutes=len(protocol.steps)))
        notes = dict.fromkeys(protocol.record_fields, "Made-up benchmark note.")
        record = incidents.save_draft(
            store,
            None,
            IncidentFields(
                run=run,
                group_id=session.group_id,
                session_id=session.id,
                notes=notes,
                safeguarding=(Safeguarding(SafeguardingKind.OTHER) if rng.random() < 0.1 else None),
            ),
        )
        made_incidents.append(incidents.submit(store, record.id))
    made_debriefs = _debriefs(store, rng, made_sessions, counts.debriefs)
    _arrived(store, made_incidents, made_debriefs)
    for n in range(counts.follow_ups):
        record = made_incidents[n % len(made_incidents)]
        follow_up = follow_ups.add_follow_up(
            store, record.id, "Check in with the member", rng.choice(leads), None
        )
        if rng.random() < 0.8:
            follow_ups.mark_follow_up_done(store, follow_up.id)
    return counts


def _debriefs(store: Store, rng: random.Random, held: list[Session], count: int) -> list[Debrief]:
    """One debrief per held session, round the sessions again if there are more."""
    made = []
    for n in range(count):
        session = held[n % len(held)]
        draft = debriefs.start_debrief(store, session.id)
        fields = DebriefFields(
            how_it_went=rng.choice(list(HowItWent)),
            how_notes="Made-up benchmark notes about how the group went.",
            topics="Check-in, grounding, boundaries",
            went_well="Everyone had a turn to speak.",
            concerns="Made-up benchmark concern." if rng.random() < 0.2 else "",
            safeguarding=rng.random() < 0.05,
            wellbeing=rng.randint(1, 5) if rng.random() < 0.7 else None,
            wants_contact=rng.random() < 0.03,
        )
        debrief = debriefs.submit(store, draft.id, fields)
        if rng.random() < 0.1:
            debriefs.add_addendum(store, debrief.id, "Made-up benchmark addendum.")
        made.append(debrief)
    return made


def _arrived(store: Store, made_incidents: list[Incident], made_debriefs: list[Debrief]) -> None:
    """Inbox rows as if every record came from a laptop: all read but the newest few."""
    records = [(i.id, "incident", i.author_id) for i in made_incidents] + [
        (d.id, "debrief", d.author_id) for d in made_debriefs
    ]
    now = store.now().isoformat()
    with store.transaction():
        for n, (record_id, kind, author_id) in enumerate(records):
            opened = n < len(records) - UNREAD
            store.insert(
                "inbox",
                record_id,
                {
                    "kind": kind,
                    "author_id": author_id,
                    "arrived_at": now,
                    "opened_at": now if opened else None,
                },
            )


def build_store(folder: Path, scale: float) -> float:
    """Make the dataset in a new coordinator store; returns how long that took, in seconds."""
    started = time.perf_counter()
    request = NewStore(folder, StoreRole.COORDINATOR, "Bench", "Bench", PASSPHRASE, PASSPHRASE)
    store = create_store(request, kdf=KdfParams())
    try:
        generate(store, scale=scale, today=store.today())
    finally:
        store.close()
    return time.perf_counter() - started


@contextmanager
def dataset_store(scale: float, keep: Path | None) -> Iterator[tuple[Path, float]]:
    """A copy of the dataset store for this run, and how long making it took (0 if kept).

    With `keep`, the dataset is made there once per scale and copied on later runs
    (delete the folder after a change to this file or to the schema).
    """
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "coordinator"
        built = 0.0
        if keep is None:
            built = build_store(folder, scale)
        else:
            kept = keep / f"scale-{scale}"
            if not (kept / DB_NAME).exists():
                shutil.rmtree(kept, ignore_errors=True)
                built = build_store(kept, scale)
            shutil.copytree(kept, folder)
        yield folder, built
