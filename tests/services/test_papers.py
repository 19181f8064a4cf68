"""Papers for a session or a group, from what is in the store."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.session_papers import NOT_CHOSEN
from facilitator_app.documents.shipped import shipped_session_papers
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.groups import Group
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.resource_files import resource_path
from facilitator_app.services import handouts, members, papers, people, sessions, signposting
from facilitator_app.store.store import Store
from tests.factories import make_group, make_member, make_person, make_session
from tests.pdf_reading import assert_in_order, assert_neutral_metadata, flat, flat_text, page_texts

# Polish, Welsh, Turkish, Greek and Vietnamese names, as typed.
NAMES = ["Łucja", "Siân Ŵyn", "Şule", "Ayşe", "Ελένη", "Nguyễn Thị"]
BLANK_ROWS = int(shipped_session_papers()["register"]["blank_rows"])


def _protocol_titles() -> list[str]:
    """Read straight from the files, not through the loader the papers use."""
    entries = []
    for path in resource_path("protocols").glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        if "steps" in data:
            entries.append((data["order"], data["title"]))
    return [title for _, title in sorted(entries)]


@pytest.fixture
def group(store: Store) -> Group:
    return make_group(
        store,
        name="Grŵp Nos Fawrth",
        agreement_text="- Headlines, not details.\n- Tea at the break.",
    )


@pytest.fixture
def session(store: Store, group: Group) -> Session:
    lead, co = make_person(store, "Ash"), make_person(store, "Bea")
    return make_session(
        store,
        group.id,
        date=dt.date(2025, 3, 18),
        start_time=dt.time(18, 30),
        end_time=dt.time(20, 30),
        topic="Sleep and rest",
        lead_id=lead.id,
        co_facilitator_id=co.id,
    )


# --- session plan ------------------------------------------------------------------------


def test_session_plan(store: Store, group: Group, session: Session) -> None:
    data = papers.session_plan_pdf(store, session.id, PageOptions())
    text = flat_text(data)
    assert_in_order(
        text,
        [
            "Session plan",
            "Group Grŵp Nos Fawrth",
            "When Tuesday 18 March 2025, 18:30 to 20:30",
            "Where Community hall, room 2",
            "Topic or activity Sleep and rest",
            "Lead facilitator Ash",
            "Co-facilitator Bea",
            "• Headlines, not details.",
            "• Tea at the break.",
            "19:00 Sharing or topic: Sleep and rest",
        ],
    )
    assert_in_order(text, [f"• {title}" for title in _protocol_titles()])
    urgent_phones = [
        s.fields.phone
        for s in signposting.list_services(store)
        if s.fields.urgent and s.fields.phone
    ]
    assert {"999", "111", "116 123"} <= set(urgent_phones)
    for phone in urgent_phones:
        assert f"Phone: {phone}" in text
    assert "Riverside Peer Support" in text
    assert_neutral_metadata(
        data, "Session plan", private=["Grŵp", "Ash", "Bea", "Sleep", "Riverside"]
    )


def test_session_plan_with_nobody_chosen_and_the_default_agreement(store: Store) -> None:
    group = make_group(store, agreement_text="")
    session = make_session(store, group.id, topic="")
    text = flat_text(papers.session_plan_pdf(store, session.id, PageOptions()))
    assert f"Lead facilitator {NOT_CHOSEN}" in text
    assert f"Co-facilitator {NOT_CHOSEN}" in text
    for item in handouts.default_agreement_items(store):
        assert item in text


def test_session_plan_uses_the_edited_directory(store: Store, session: Session) -> None:
    samaritans = next(s for s in signposting.list_services(store) if s.name == "Samaritans")
    signposting.remove_service(store, samaritans.id)
    text = flat_text(papers.session_plan_pdf(store, session.id, PageOptions()))
    assert "116 123" not in text
    assert "Phone: 999" in text


def test_an_archived_lead_is_still_named(store: Store, group: Group) -> None:
    lead = make_person(store, "Cai")
    session = make_session(store, group.id, lead_id=lead.id)
    people.archive_person(store, lead.id)
    assert "Lead facilitator Cai" in flat_text(
        papers.session_plan_pdf(store, session.id, PageOptions())
    )


# --- register ----------------------------------------------------------------------------


def test_register_lists_current_members_with_names_intact(
    store: Store, group: Group, session: Session
) -> None:
    for name in NAMES:
        make_member(store, group.id, name=name)
    withdrawn = make_member(store, group.id, name="Withdrawn Wren")
    members.withdraw_consent(store, withdrawn.id, dt.date(2025, 3, 1))
    removed = make_member(store, group.id, name="Removed Rowan")
    members.remove_member(store, removed.id)
    make_member(store, make_group(store, name="Another group").id, name="Elsewhere Eli")

    data = papers.register_pdf(store, session.id, PageOptions())
    text = flat_text(data)
    assert "Attendance register" in text
    assert "Group Grŵp Nos Fawrth" in text
    assert "Lead facilitator Ash" in text
    for name in NAMES:
        assert f"{name} ☐" in text
    for absent in ("Withdrawn Wren", "Removed Rowan", "Elsewhere Eli"):
        assert absent not in text
    assert text.count("☐") == len(NAMES) + BLANK_ROWS
    assert_neutral_metadata(data, "Attendance register", private=[*NAMES, "Grŵp", "Ash", "Bea"])


def test_a_register_of_a_hundred_spans_pages_with_every_name(
    store: Store, group: Group, session: Session
) -> None:
    names = [f"{NAMES[number % len(NAMES)]} {number:03d}" for number in range(100)]
    for name in names:
        make_member(store, group.id, name=name)
    texts = page_texts(papers.register_pdf(store, session.id, PageOptions()))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Riverside Peer Support" in text
    text = flat(" ".join(texts))
    for name in names:
        assert f"{name} ☐" in text
    assert text.count("☐") == 100 + BLANK_ROWS


def test_unknown_session_is_not_found(store: Store) -> None:
    for paper in (papers.session_plan_pdf, papers.register_pdf):
        with pytest.raises(NotFound):
            paper(store, "nope", PageOptions())


# --- rota --------------------------------------------------------------------------------


def test_the_upcoming_rota_runs_twelve_weeks_from_today_first_names_only(
    store: Store, group: Group
) -> None:
    ash, bea, cai = (
        make_person(store, "Ash Smith"),
        make_person(store, "Bea"),
        make_person(store, "Cai"),
    )
    make_session(store, group.id, date=dt.date(2025, 3, 11), topic="Past", lead_id=cai.id)
    today = make_session(store, group.id, date=dt.date(2025, 3, 14), lead_id=ash.id)
    make_session(
        store, group.id, date=dt.date(2025, 3, 25), lead_id=bea.id, co_facilitator_id=ash.id
    )
    cancelled = make_session(store, group.id, date=dt.date(2025, 3, 21))
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)
    make_session(store, group.id, date=dt.date(2025, 6, 7), lead_id=cai.id)  # after 12 weeks
    make_session(store, make_group(store, name="Other group").id, lead_id=cai.id)

    data = papers.upcoming_rota_pdf(store, group.id, PageOptions())
    text = flat_text(data)
    assert today.date == store.today()
    assert_in_order(
        text,
        [
            "Rota",
            "14 March 2025 to 6 June 2025",
            "Fri 14 March 2025 18:30 Ash not yet decided",
            "Tue 25 March 2025 18:30 Bea Ash",
        ],
    )
    for absent in ("Smith", "Cai", "Fri 21 March"):
        assert absent not in text
    assert_neutral_metadata(data, "Rota", private=["Tuesday", "Ash", "Bea"])


def test_an_upcoming_rota_with_nothing_planned(store: Store, group: Group) -> None:
    assert "No sessions" in flat_text(papers.upcoming_rota_pdf(store, group.id, PageOptions()))


def test_unknown_group_is_not_found(store: Store) -> None:
    for paper in (papers.upcoming_rota_pdf, papers.group_agreement_pdf):
        with pytest.raises(NotFound):
            paper(store, "nope", PageOptions())


# --- group agreement ---------------------------------------------------------------------


def test_group_agreement_uses_the_groups_items_one_a_line(store: Store) -> None:
    group = make_group(
        store,
        name="Grŵp Siân",
        agreement_text="Łucja's idea: tea first.\n\n• Ελένη: phones away\n- Nguyễn Thị: we listen",
    )
    data = papers.group_agreement_pdf(store, group.id, PageOptions())
    text = flat_text(data)
    assert_in_order(
        text,
        [
            "Our group agreement",
            "Grŵp Siân",
            "• Łucja's idea: tea first.",
            "• Ελένη: phones away",
            "• Nguyễn Thị: we listen",
        ],
    )
    for item in handouts.default_agreement_items(store):
        assert item not in text
    assert_neutral_metadata(data, "Our group agreement", private=["Grŵp", "Siân", "Łucja"])


def test_an_empty_group_agreement_prints_the_default_items(store: Store) -> None:
    group = make_group(store, agreement_text="")
    text = flat_text(papers.group_agreement_pdf(store, group.id, PageOptions()))
    defaults = handouts.default_agreement_items(store)
    assert defaults
    assert_in_order(text, [f"• {item}" for item in defaults])


# --- files -------------------------------------------------------------------------------


def test_paper_names_are_neutral(store: Store, group: Group, session: Session) -> None:
    name = papers.session_paper_name("register", session)
    assert name == "register-2025-03-18.pdf"
    assert "grŵp" not in name.lower()


def test_save_pdf(tmp_path: Path, store: Store, session: Session) -> None:
    path = papers.save_pdf(
        tmp_path / papers.session_paper_name("plan", session),
        papers.session_plan_pdf(store, session.id, PageOptions()),
    )
    assert path == tmp_path / "plan-2025-03-18.pdf"
    assert "Session plan" in flat_text(path.read_bytes())
