"""The printed rota from what is in the store: first names only, nothing private, any store."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.documents.rota_pdf import FOOTER, NO_SESSIONS, NOT_DECIDED
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.facilitators import Readiness, Stage
from facilitator_app.domain.groups import Group
from facilitator_app.domain.sessions import OnTheNight, SessionStatus
from facilitator_app.services import facilitators, people, rota_papers, sessions
from facilitator_app.store.store import Store, StoreRole
from tests.factories import FakeClock, make_group, make_session, make_store
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    body_texts,
    flat_text,
    page_size,
)

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
CANARY_SURNAME = "Canaryfield"
PRIVATE = ("PAUSEREASONCANARY", "SUPERVISIONCANARY", "READINESSCANARY")


def _stream_text(data: bytes) -> str:
    """Every object in the file, streams decompressed, as text: what any program could read."""
    document = PdfReader(io.BytesIO(data))
    chunks = []
    for generation, numbers in document.xref.items():
        for number in numbers:
            item = document.get_object(IndirectObject(number, generation, document))
            if isinstance(item, StreamObject):
                chunks.append(item.get_data().decode("latin-1"))
            chunks.append(repr(item))
    return "\n".join(chunks)


@pytest.fixture
def group(store: Store) -> Group:
    return make_group(store, name="Grŵp Nos Fawrth")


def _lead(store: Store, name: str) -> str:
    person = facilitators.add_facilitator(store, name, stage=Stage.LEAD, approved_by="Morgan")
    return person.person_id


def _rota(store: Store, group: Group, options: PageOptions | None = None) -> bytes:
    return rota_papers.rota_pdf(store, group.id, *MARCH, options or PageOptions())


def test_the_rota_shows_first_names_only_and_nothing_private(store: Store, group: Group) -> None:
    ash = _lead(store, f"Ash {CANARY_SURNAME}")
    bea = _lead(store, "Bea Marie Jones")
    facilitators.pause(store, ash, dt.date(2025, 4, 1), None, PRIVATE[0])
    facilitators.add_supervision(store, ash, dt.date(2025, 3, 1), "Priya", PRIVATE[1])
    facilitators.save_readiness(store, bea, Readiness(True, 3, PRIVATE[2]))
    make_session(store, group.id, date=dt.date(2025, 3, 4), lead_id=ash, co_facilitator_id=bea)
    data = _rota(store, group)
    text = flat_text(data)
    assert "Tue 4 March 2025 18:30 Ash Bea" in text
    everything = text + data.decode("latin-1") + _stream_text(data)
    for secret in (CANARY_SURNAME, "Marie", "Jones", *PRIVATE, "Priya", "paused"):
        assert secret not in everything
    assert_neutral_metadata(data, "Rota", private=["Ash", "Bea", CANARY_SURNAME, "Grŵp"])


def test_the_range_and_the_groups_sessions_only_and_never_cancelled_ones(
    store: Store, group: Group, clock: FakeClock
) -> None:
    clock.now = dt.datetime(2025, 3, 31, 12, 0, tzinfo=dt.UTC)  # the month is over
    ash, bea, sam = _lead(store, "Ash"), _lead(store, "Bea"), _lead(store, "Sam")
    other = make_group(store, name="Other group")
    make_session(store, other.id, date=dt.date(2025, 3, 5), lead_id=sam)
    make_session(store, group.id, date=dt.date(2025, 2, 25), lead_id=sam)  # before the range
    make_session(store, group.id, date=dt.date(2025, 4, 1), lead_id=sam)  # after it
    held = make_session(
        store, group.id, date=dt.date(2025, 3, 4), lead_id=ash, co_facilitator_id=bea
    )
    sessions.set_status(store, held.id, SessionStatus.HELD)
    sessions.record_on_the_night(store, held.id, OnTheNight(sam, bea, chosen_by_group=True))
    cancelled = make_session(store, group.id, date=dt.date(2025, 3, 11), lead_id=sam)
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)
    make_session(store, group.id, date=dt.date(2025, 3, 18), start_time=None)
    as_planned = make_session(
        store, group.id, date=dt.date(2025, 3, 25), lead_id=bea, co_facilitator_id=ash
    )
    sessions.record_on_the_night(store, as_planned.id, OnTheNight(bea, ash, chosen_by_group=True))
    data = _rota(store, group)
    (body,) = body_texts(data, "Riverside Peer Support", FOOTER)
    assert_in_order(
        body,
        [
            "Rota",
            "Grŵp Nos Fawrth",
            "1 March 2025 to 31 March 2025",
            "Date Time Lead Co-facilitator",
            "Tue 4 March 2025 18:30 Ash Bea",
            "On the night: Sam, chosen by the group",
            f"Tue 18 March 2025 — {NOT_DECIDED} {NOT_DECIDED}",
            "Tue 25 March 2025 18:30 Bea Ash",
        ],
    )
    assert "Tue 11 March" not in body
    assert "25 February" not in body
    assert "1 April 2025" not in body
    assert "Wed 5 March" not in body
    assert body.count("On the night") == 1, "a night that went to plan needs no note"


def test_an_empty_range_says_so(store: Store, group: Group) -> None:
    assert NO_SESSIONS in flat_text(_rota(store, group))


def test_the_facts_behind_the_paper(store: Store, group: Group) -> None:
    ash, bea = _lead(store, "Ash Smith"), _lead(store, "Bea")
    session = make_session(
        store, group.id, date=dt.date(2025, 3, 4), lead_id=ash, co_facilitator_id=bea
    )
    sessions.record_on_the_night(store, session.id, OnTheNight(ash, None))
    people.archive_person(store, bea)
    paper = rota_papers.rota_paper(store, group.id, *MARCH)
    assert paper.group_name == "Grŵp Nos Fawrth"
    (line,) = paper.lines
    assert (line.lead, line.co_facilitator) == ("Ash", "Bea"), "archived people keep their name"
    assert (line.night_lead, line.night_co) == ("", "")  # the lead went to plan; no co is no news
    assert not line.chosen_by_group


@pytest.mark.parametrize(
    ("options", "points"),
    [
        (PageOptions(), A4_POINTS),
        (PageOptions(Paper.LETTER), LETTER_POINTS),
        (PageOptions(large_print=True), A4_POINTS),
        (PageOptions(Paper.LETTER, large_print=True), LETTER_POINTS),
    ],
)
def test_paper_sizes_and_large_print(
    store: Store, group: Group, options: PageOptions, points: tuple[float, float]
) -> None:
    ash = _lead(store, f"Ash {CANARY_SURNAME}")
    for week in range(4):
        make_session(store, group.id, date=dt.date(2025, 3, 4 + 7 * week), lead_id=ash)
    data = _rota(store, group, options)
    assert_size(page_size(data), points)
    text = flat_text(data)
    assert text.count("Ash") == 4
    assert CANARY_SURNAME not in text


def test_bad_ranges_and_unknown_groups_are_refused(store: Store, group: Group) -> None:
    with pytest.raises(ValidationError) as caught:
        rota_papers.rota_pdf(
            store, group.id, dt.date(2025, 3, 2), dt.date(2025, 3, 1), PageOptions()
        )
    assert caught.value.message == "The rota ends before it starts."
    with pytest.raises(ValidationError) as caught:
        rota_papers.rota_pdf(
            store, group.id, dt.date(2025, 1, 1), dt.date(2027, 3, 1), PageOptions()
        )
    assert caught.value.message == "Print at most two years at a time."
    with pytest.raises(NotFound):
        rota_papers.rota_pdf(store, "nothing", *MARCH, PageOptions())


def test_the_file_name_is_neutral() -> None:
    name = rota_papers.rota_file_name(*MARCH)
    assert name == "rota-2025-03-01-to-2025-03-31.pdf"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path / "laptop", clock=FakeClock(), role=StoreRole.FACILITATOR)
    yield store
    store.close()


def test_a_facilitator_can_print_the_rota(laptop: Store) -> None:
    me = laptop.facts.owner_person_id
    group = make_group(laptop)
    session = make_session(laptop, group.id, date=dt.date(2025, 3, 4))
    with laptop.transaction():  # the coordinator's plan, as sync brings it
        laptop.update("sessions", session.id, {"lead_id": me})
    data = rota_papers.rota_pdf(laptop, group.id, *MARCH, PageOptions())
    # the owner is "Morgan" (tests.factories); the organisation heads the page
    assert "Tue 4 March 2025 18:30 Morgan" in flat_text(data)
    body_texts(data, "Riverside Peer Support", FOOTER)
