"""The session plan and the register, from plain facts."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.documents.blocks import HandoutContext
from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.session_papers import (
    NOT_CHOSEN,
    SessionFacts,
    SessionPapersText,
    render_register,
    render_session_plan,
)
from facilitator_app.documents.shipped import shipped_session_papers
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields
from tests.factories import INTERNATIONAL_NAMES
from tests.pdf_reading import (
    assert_in_order,
    assert_neutral_metadata,
    flat,
    flat_text,
    page_texts,
)

TEXT = SessionPapersText(shipped_session_papers())
CONTEXT = HandoutContext(
    OrganisationDetails(name="Riverside Peer Support", phone="01234 567890"),
    [
        ServiceFields("Samaritans", phone="116 123", urgent=True),
        ServiceFields("Not urgent line", phone="0800 000 000"),
    ],
)
FACTS = SessionFacts(
    group_name="Tuesday evening group",
    date=dt.date(2025, 3, 18),
    start=dt.time(18, 30),
    end=dt.time(20, 30),
    venue="Community hall, room 2",
    topic="Sleep and rest",
    lead="Ash",
    co_facilitator="Bea",
    agreement_items=["Headlines, not details.", "Phones on silent."],
    member_names=["Alex", "Sam"],
)
PROTOCOLS = ["Risk to self", "A child at risk"]


def _plan(facts: SessionFacts = FACTS) -> str:
    return flat_text(render_session_plan(facts, PROTOCOLS, CONTEXT, TEXT, PageOptions()))


def test_session_plan_has_the_sessions_facts_in_order() -> None:
    assert_in_order(
        _plan(),
        [
            "Session plan",
            "Group Tuesday evening group",
            "When Tuesday 18 March 2025, 18:30 to 20:30",
            "Where Community hall, room 2",
            "Topic or activity Sleep and rest",
            "Lead facilitator Ash",
            "Co-facilitator Bea",
            "Group agreement reminder",
            "• Headlines, not details.",
            "• Phones on silent.",
            "Running order",
            "Grounding close",
            "If something difficult happens",
            "• Risk to self",
            "• A child at risk",
            "Contacts",
            "Riverside Peer Support",
            "Samaritans",
            "Notes for the debrief",
        ],
    )


def test_running_order_shows_clock_times_from_the_start() -> None:
    text = _plan()
    assert_in_order(
        text,
        [
            "18:30 Welcome",
            "18:35 Purpose and agreement",
            "18:40 Check-in",
            "19:00 Sharing or topic: Sleep and rest",
            "19:40 Break",
            "19:50 Activity",
            "20:15 Grounding close and check-out",
        ],
    )


def test_running_order_without_a_start_time_shows_minutes() -> None:
    facts = SessionFacts(group_name="G", date=dt.date(2025, 3, 18), topic="")
    text = _plan(facts)
    assert_in_order(text, ["5 min Welcome", "20 min Check-in", "40 min Sharing or topic"])
    assert "Sharing or topic:" not in text
    assert "When Tuesday 18 March 2025 " in text
    assert f"Lead facilitator {NOT_CHOSEN}" in text
    assert f"Co-facilitator {NOT_CHOSEN}" in text
    assert "Where —" in text


def test_a_start_time_alone() -> None:
    facts = SessionFacts(group_name="G", date=dt.date(2025, 3, 18), start=dt.time(10, 0))
    assert "Tuesday 18 March 2025, from 10:00" in _plan(facts)


def test_session_plan_lists_only_urgent_services() -> None:
    text = _plan()
    assert "116 123" in text
    assert "Not urgent line" not in text


def test_session_plan_metadata_names_nobody() -> None:
    data = render_session_plan(FACTS, PROTOCOLS, CONTEXT, TEXT, PageOptions())
    assert_neutral_metadata(
        data, "Session plan", private=["Tuesday", "Ash", "Bea", "Riverside", "Sleep"]
    )


def test_register_lists_members_then_blank_rows() -> None:
    data = render_register(FACTS, CONTEXT, TEXT, PageOptions())
    text = flat_text(data)
    blank_rows = int(shipped_session_papers()["register"]["blank_rows"])
    assert_in_order(
        text,
        [
            "Attendance register",
            "Group Tuesday evening group",
            "Lead facilitator Ash",
            "Name Here",
            "Alex ☐",
            "Sam ☐",
        ],
    )
    assert text.count("☐") == 2 + blank_rows
    assert "First names or chosen names only." in text
    assert_neutral_metadata(
        data, "Attendance register", private=["Tuesday", "Alex", "Sam", "Ash", "Bea"]
    )


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_register_spans_pages_with_every_name(*, large_print: bool) -> None:
    names = [f"{INTERNATIONAL_NAMES[n % 6]} {n:03d}" for n in range(100)]
    facts = SessionFacts(group_name="G", date=dt.date(2025, 3, 18), member_names=names)
    texts = page_texts(render_register(facts, CONTEXT, TEXT, PageOptions(large_print=large_print)))
    assert len(texts) >= 3
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert "Riverside Peer Support" in page
        assert "Name" in page  # the heading row repeats on every page
    assert_in_order(flat(" ".join(texts)), names)


def test_non_latin_names_print_intact_on_every_paper() -> None:
    names = INTERNATIONAL_NAMES[1:6]  # Polish, Welsh, Turkish, Greek, Vietnamese
    facts = SessionFacts(
        group_name="Grŵp Siân",
        date=dt.date(2025, 3, 18),
        lead="Şule",
        co_facilitator="Ελένη",
        member_names=names,
    )
    register = flat_text(render_register(facts, CONTEXT, TEXT, PageOptions()))
    plan = _plan(facts)
    for name in names:
        assert name in register
    for text in (register, plan):
        assert "Grŵp Siân" in text
        assert "Şule" in text
    assert "Ελένη" in plan
