"""Printing debriefs from the coordinator's store: one, or a group's over some dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.documents.debrief_pdf import ADDED_LATER, footer_for
from facilitator_app.documents.incident_pdf import RECORD_FOOTER, RECORD_TITLE
from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import NotFound, NotPermitted, ValidationError
from facilitator_app.domain.groups import Group
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.services import debrief_papers, debriefs, incidents, sessions
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store, StoreRole
from tests.factories import (
    FakeClock,
    make_group,
    make_member,
    make_person,
    make_session,
    make_store,
    snapshot,
)
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    body_texts,
    flat_text,
    page_size,
    reader,
)

ORGANISATION = "Riverside Peer Support"
GROUP = "Canary Grŵp Tuesdays"
CANARY = "canary-9b2c-debrief-concern"
MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
PASSWORD = "long enough"


@pytest.fixture
def group(store: Store) -> Group:
    return make_group(store, name=GROUP)


def _evening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(20, 15), tzinfo=dt.UTC)


def _fields(**overrides: Any) -> DebriefFields:
    values: dict[str, Any] = {
        "how_it_went": HowItWent.MIXED,
        "how_notes": "Quiet start.",
        "topics": "Boundaries",
        "went_well": "Everyone spoke",
        "concerns": f"One member left early. {CANARY}",
        "wellbeing": 3,
    }
    values.update(overrides)
    return DebriefFields(**values)


def _debrief(store: Store, clock: FakeClock, group: Group, day: dt.date, **overrides: Any) -> str:
    """A debrief of a session on `day`, filed directly as a coordinator's store does."""
    session = make_session(store, group.id, date=day)
    clock.now = _evening(day)
    draft = debriefs.start_debrief(store, session.id)
    return debriefs.submit(store, draft.id, _fields(**overrides)).id


def test_a_debrief_with_its_names_incident_and_addendum(
    store: Store, clock: FakeClock, group: Group
) -> None:
    day = dt.date(2025, 3, 11)
    alex = make_member(store, group.id, name="Alex").id
    make_member(store, group.id, name="Zoë")
    priya = make_person(store, "Priya Shah", PersonRole.SUPPORT_WORKER)
    session = make_session(store, group.id, date=day)
    sessions.take_register(store, session.id, [alex])
    started = _evening(day) - dt.timedelta(minutes=50)
    run = finish(mark_done(start_run(get_protocol("flashback"), started), started), started)
    incident = incidents.save_draft(
        store, None, IncidentFields(run=run, group_id=group.id, session_id=session.id)
    )
    incidents.submit(store, incident.id)
    clock.now = _evening(day)
    draft = debriefs.start_debrief(store, session.id)
    debrief_id = debriefs.submit(
        store,
        draft.id,
        _fields(
            safeguarding=True,
            safeguarding_incident_id=incident.id,
            wants_contact=True,
            recipient_id=priya.id,
        ),
    ).id
    clock.now = _evening(day) + dt.timedelta(days=1)
    debriefs.add_addendum(store, debrief_id, "Spoke to the member by phone.")

    data = debrief_papers.debrief_pdf(store, debrief_id, PageOptions())

    (body,) = body_texts(data, ORGANISATION, RECORD_FOOTER)
    local_start = started.astimezone()
    incident_label = (
        f"Incident record, Tue 11 March 2025, {local_start:%H:%M}: {run.protocol.title}"
    )
    assert_in_order(
        body,
        [
            "Debrief",
            f"Group {GROUP}",
            "Session Tue 11 March 2025",
            "Written by Morgan",
            "Goes to Priya Shah",
            "Who was there 1: Alex",
            "How it went Mixed: some harder moments",
            f"Incidents {incident_label}",
            f"Safeguarding concern Yes: see {incident_label}",
            "Facilitator's wellbeing 3 out of 5",
            "Contact asked for Yes",
            f"Anything of concern One member left early. {CANARY}",
            ADDED_LATER,
            "By Morgan, Wed 12 March 2025",
            "Spoke to the member by phone.",
        ],
    )
    assert "Zoë" not in body, "only who was marked present"


def test_metadata_and_file_names_are_neutral(store: Store, clock: FakeClock, group: Group) -> None:
    day = dt.date(2025, 3, 14)
    debrief_id = _debrief(store, clock, group, day)
    private = [CANARY, GROUP, "Canary", "Morgan", "Debrief"]
    one = debrief_papers.debrief_pdf(store, debrief_id, PageOptions())
    many = debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, PageOptions())
    assert CANARY in flat_text(one)
    assert CANARY in flat_text(many)
    for data in (one, many):
        assert_neutral_metadata(data, RECORD_TITLE, private=private)
    names = [
        debrief_papers.debrief_file_name(day),
        debrief_papers.debrief_file_name(*MARCH),
    ]
    assert names == ["record-2025-03-14.pdf", "records-2025-03-01-to-2025-03-31.pdf"]
    for name in names:
        assert all(word.lower() not in name.lower() for word in private)


def test_a_password_is_needed_to_open_it(store: Store, clock: FakeClock, group: Group) -> None:
    debrief_id = _debrief(store, clock, group, dt.date(2025, 3, 4))
    for data in (
        debrief_papers.debrief_pdf(store, debrief_id, PageOptions(), PASSWORD),
        debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, PageOptions(), PASSWORD),
    ):
        document = reader(data)
        assert document.is_encrypted
        assert document.decrypt("not the password").name == "NOT_DECRYPTED"
        document = reader(data)
        assert document.decrypt(PASSWORD).name != "NOT_DECRYPTED"
        assert CANARY in " ".join(document.pages[-1].extract_text().split())
    assert not reader(debrief_papers.debrief_pdf(store, debrief_id, PageOptions(), "")).is_encrypted


def test_a_short_password_is_refused(store: Store, clock: FakeClock, group: Group) -> None:
    debrief_id = _debrief(store, clock, group, dt.date(2025, 3, 4))
    message = "Use a password of at least 8 characters, or none."
    with pytest.raises(ValidationError) as caught:
        debrief_papers.debrief_pdf(store, debrief_id, PageOptions(), "short")
    assert (caught.value.field, caught.value.message) == ("password", message)
    with pytest.raises(ValidationError) as caught:
        debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, PageOptions(), "1234567")
    assert caught.value.message == message


def test_a_range_holds_the_groups_submitted_debriefs_oldest_first(
    store: Store, clock: FakeClock, group: Group
) -> None:
    other = make_group(store, name="Thursday group")
    # Filed out of order: the paper goes by the session's date.
    _debrief(store, clock, group, dt.date(2025, 3, 18), topics="Third topic")
    _debrief(store, clock, group, dt.date(2025, 3, 1), topics="First topic")
    _debrief(store, clock, group, dt.date(2025, 3, 31), topics="Fourth topic")
    _debrief(store, clock, group, dt.date(2025, 3, 4), topics="Second topic")
    _debrief(store, clock, group, dt.date(2025, 2, 28), topics="February topic")
    _debrief(store, clock, group, dt.date(2025, 4, 1), topics="April topic")
    _debrief(store, clock, other, dt.date(2025, 3, 6), topics="Other group topic")
    draft_session = make_session(store, group.id, date=dt.date(2025, 3, 25))
    debriefs.start_debrief(store, draft_session.id, _fields(topics="Draft topic"))

    data = debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, PageOptions())

    body = " ".join(body_texts(data, ORGANISATION, RECORD_FOOTER))
    assert_in_order(
        body,
        [
            "Debriefs",
            GROUP,
            "1 March 2025 to 31 March 2025",
            "4 debriefs, oldest first.",
            "Debrief: Sat 1 March 2025",
            "First topic",
            "Debrief: Tue 4 March 2025",
            "Second topic",
            "Debrief: Tue 18 March 2025",
            "Third topic",
            "Debrief: Mon 31 March 2025",
            "Fourth topic",
        ],
    )
    for left_out in ("February topic", "April topic", "Other group topic", "Draft topic"):
        assert left_out not in body
    assert body.count(CANARY) == 4


def test_an_empty_or_backwards_range_is_refused_and_changes_nothing(
    store: Store, clock: FakeClock, group: Group
) -> None:
    _debrief(store, clock, group, dt.date(2025, 2, 25))
    draft_session = make_session(store, group.id, date=dt.date(2025, 3, 11))
    debriefs.start_debrief(store, draft_session.id)  # a draft is not printed
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, PageOptions())
    assert caught.value.message == (
        "There are no debriefs for this group between 1 March 2025 and 31 March 2025."
    )
    with pytest.raises(ValidationError) as caught:
        debrief_papers.group_debriefs_pdf(
            store, group.id, dt.date(2025, 3, 31), dt.date(2025, 3, 1), PageOptions()
        )
    assert caught.value.message == "The last day is before the first day."
    assert snapshot(store) == before


def test_unknown_debriefs_and_groups(store: Store) -> None:
    with pytest.raises(NotFound):
        debrief_papers.debrief_pdf(store, "nothing", PageOptions())
    with pytest.raises(NotFound):
        debrief_papers.group_debriefs_pdf(store, "nothing", *MARCH, PageOptions())


@pytest.mark.parametrize(
    ("options", "points"),
    [
        (PageOptions(Paper.LETTER), LETTER_POINTS),
        (PageOptions(large_print=True), A4_POINTS),
        (PageOptions(Paper.LETTER, large_print=True), LETTER_POINTS),
    ],
)
def test_letter_and_large_print(
    store: Store, clock: FakeClock, group: Group, options: PageOptions, points: tuple[float, float]
) -> None:
    first = _debrief(store, clock, group, dt.date(2025, 3, 4))
    _debrief(store, clock, group, dt.date(2025, 3, 11))
    one = debrief_papers.debrief_pdf(store, first, options)
    many = debrief_papers.group_debriefs_pdf(store, group.id, *MARCH, options)
    for data in (one, many):
        assert_size(page_size(data), points)
        body_texts(data, ORGANISATION, footer_for(options))
    assert flat_text(many).count(CANARY) == 2


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path / "laptop", clock=FakeClock(), role=StoreRole.FACILITATOR)
    yield store
    store.close()


def test_a_laptop_is_refused_calmly(laptop: Store) -> None:
    group = make_group(laptop)
    calm = (
        "Debriefs are printed from the coordinator's store. This laptop keeps no "
        "debrief text once a debrief is sent."
    )
    with pytest.raises(NotPermitted) as caught:
        debrief_papers.debrief_pdf(laptop, "any", PageOptions())
    assert caught.value.message == calm
    with pytest.raises(NotPermitted) as caught:
        debrief_papers.group_debriefs_pdf(laptop, group.id, *MARCH, PageOptions())
    assert caught.value.message == calm
