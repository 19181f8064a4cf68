"""How long printable documents take to make.

Targets (issues 3 and 8): one handout in under 150 ms after the first render in a
process (which loads the font and is shown, not judged); the session plan and paper
register for a 20-member group in under 150 ms; a group's debriefs as one PDF of at
least 100 pages (as many of the dataset group's debriefs as that takes) in under 3 s.
Each render includes reading what it needs from the store, so the figure is what a
person waits for after pressing a button, less Qt drawing the preview.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.dataset import PASSPHRASE
from benchmarks.measures import Bench, Measure, ms_since, timed_ms
from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.groups import GroupFields
from facilitator_app.domain.members import MemberFields
from facilitator_app.domain.sessions import SessionFields
from facilitator_app.services import (
    debrief_papers,
    groups,
    handouts,
    members,
    papers,
    people,
    sessions,
)
from facilitator_app.services.stores import NewStore, StoreRole, create_store, unlock_store
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store

FIRST = "first handout in a process (loads the font)"
HANDOUT = "one handout PDF (each in turn, A4 and large)"
PLAN = "session plan PDF, 20 members"
REGISTER = "paper register PDF, 20 members"
DEBRIEFS = "debriefs PDF, 100 pages"
PAGES = 100


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure_handouts(repeat: int) -> list[Measure]:
    started = time.perf_counter()
    handouts.handout_pdf(None, "welcome-to-the-group", PageOptions())
    first = ms_since(started)
    every = [
        (handout.name, PageOptions(large_print=large))
        for handout in handouts.list_handouts(None)
        for large in (False, True)
    ]
    turns = itertools.islice(itertools.cycle(every), max(repeat, len(every)))
    times = []
    for name, options in turns:
        started = time.perf_counter()
        handouts.handout_pdf(None, name, options)
        times.append(ms_since(started))
    return [
        Measure(FIRST, "ms", [first]),
        Measure(HANDOUT, "ms", times, 150.0, f"{len(every)} handouts and sizes"),
    ]


def _twenty_member_session(store: Store) -> str:
    lead = people.add_person(store, "Lead").id
    co = people.add_person(store, "Co").id
    group = groups.create_group(store, GroupFields(name="Twenty-member group"))
    for number in range(20):
        members.add_member(store, group.id, MemberFields(name=f"Member {number}"))
    fields = SessionFields(
        date=dt.date(2027, 1, 5),
        start_time=dt.time(18, 30),
        end_time=dt.time(20, 30),
        topic="Boundaries",
        lead_id=lead,
        co_facilitator_id=co,
    )
    return sessions.plan_session(store, group.id, fields).id


def measure_session_papers(work: Path, repeat: int) -> list[Measure]:
    request = NewStore(
        work / "papers-store", StoreRole.COORDINATOR, "Bench", "Bench", PASSPHRASE, PASSPHRASE
    )
    store = create_store(request, kdf=KdfParams())
    try:
        session_id = _twenty_member_session(store)
        options = PageOptions()
        return [
            Measure(
                PLAN,
                "ms",
                timed_ms(lambda: papers.session_plan_pdf(store, session_id, options), repeat),
                150.0,
            ),
            Measure(
                REGISTER,
                "ms",
                timed_ms(lambda: papers.register_pdf(store, session_id, options), repeat),
                150.0,
            ),
        ]
    finally:
        store.close()


def _range_of_pages(store: Store, group_id: str) -> tuple[dt.date, dt.date, int]:
    """The first session and the last one of the shortest run of the group's debriefs
    that prints on at least PAGES pages (all of them if they print on fewer)."""
    options = PageOptions()
    found = debrief_papers.group_debriefs(store, group_id, dt.date.min, dt.date.max)
    days = sorted(debrief.session_date for debrief in found)
    first = days[0]
    whole = _pages(debrief_papers.group_debriefs_pdf(store, group_id, first, days[-1], options))
    if whole <= PAGES:
        return first, days[-1], whole
    count = max(1, len(days) * PAGES // whole)
    while True:
        last = days[min(count, len(days)) - 1]
        pages = _pages(debrief_papers.group_debriefs_pdf(store, group_id, first, last, options))
        if pages >= PAGES or count >= len(days):
            return first, last, pages
        count += max(1, (PAGES - pages) * count // max(pages, 1))


def measure_debriefs(folder: Path, repeat: int) -> Measure:
    store = unlock_store(folder, PASSPHRASE)
    try:
        group_id = groups.list_groups(store)[0].id
        first, last, pages = _range_of_pages(store, group_id)
        options = PageOptions()
        times = timed_ms(
            lambda: debrief_papers.group_debriefs_pdf(store, group_id, first, last, options),
            repeat,
        )
        count = len(debrief_papers.group_debriefs(store, group_id, first, last))
        return Measure(DEBRIEFS, "ms", times, 3_000.0, f"{count} debriefs on {pages} pages")
    finally:
        store.close()


def measure(bench: Bench) -> list[Measure]:
    return [
        *measure_handouts(bench.runs(20)),
        *measure_session_papers(bench.work, bench.runs(20)),
        measure_debriefs(bench.folder, bench.runs(5)),
    ]
