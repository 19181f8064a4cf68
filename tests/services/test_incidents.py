"""Incident records: drafted from a run, submitted once, then corrected only by addenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import (
    NOTE_MAX,
    IncidentFields,
    IncidentStatus,
    Safeguarding,
    SafeguardingKind,
)
from facilitator_app.domain.protocols import (
    Protocol,
    ProtocolRun,
    RecordField,
    Step,
    StepAction,
    abandon,
    finish,
    mark_done,
    skip,
    start_run,
)
from facilitator_app.services import incidents
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store
from tests.factories import (
    FIXED_NOW,
    FakeClock,
    assert_logged,
    files_in,
    last_seq,
    make_group,
    make_member,
    make_session,
    replace,
    snapshot,
)

STARTED = FIXED_NOW - dt.timedelta(minutes=30)


def run_of(
    protocol_id: str = "flashback", *, answers: int = 2, finished: bool = True
) -> ProtocolRun:
    """A run of a shipped protocol: `answers` steps done a minute apart, then finished."""
    run = start_run(get_protocol(protocol_id), STARTED)
    for minute in range(1, answers + 1):
        run = mark_done(run, STARTED + dt.timedelta(minutes=minute))
    if finished:
        run = finish(run, STARTED + dt.timedelta(minutes=answers + 1))
    return run


def fields_of(run: ProtocolRun | None = None, **overrides: Any) -> IncidentFields:
    values: dict[str, Any] = {"run": run or run_of()}
    values.update(overrides)
    return IncidentFields(**values)


def in_a_session(store: Store) -> tuple[str, str]:
    group = make_group(store)
    return group.id, make_session(store, group.id).id


def submitted(store: Store, **overrides: Any) -> str:
    incident = incidents.save_draft(store, None, fields_of(**overrides))
    return incidents.submit(store, incident.id).id


# --- drafts ------------------------------------------------------------------------------


def test_save_draft_creates_a_draft_record(store: Store) -> None:
    group_id, session_id = in_a_session(store)
    fields = fields_of(
        group_id=group_id,
        session_id=session_id,
        notes={RecordField.OBSERVED: "Went quiet and pale during check-in."},
        safeguarding=Safeguarding(SafeguardingKind.RISK_TO_SELF, True, False),
        facilitator_needs_support=True,
    )
    seq = last_seq(store)
    incident = incidents.save_draft(store, None, fields)
    assert incident.id
    assert incident.status is IncidentStatus.DRAFT
    assert not incident.is_submitted
    assert incident.submitted_at is None
    assert incident.author_id == store.facts.owner_person_id
    assert incident.addenda == ()
    assert incident.fields == fields
    assert incidents.list_incidents(store) == [incident]
    assert incidents.list_incidents(store, session_id=session_id) == [incident]
    assert_logged(
        store,
        seq,
        "incidents",
        incident.id,
        {
            "group_id",
            "session_id",
            "protocol_id",
            "protocol_version",
            "started_at",
            "ended_at",
            "run",
            "notes",
            "safeguarding",
            "facilitator_needs_support",
            "status",
            "author_id",
        },
    )


def test_save_draft_under_a_new_id_creates_it_under_that_id(store: Store) -> None:
    chosen = "0123456789abcdef0123456789abcdef"
    seq = last_seq(store)
    incident = incidents.save_draft(store, chosen, fields_of(run_of(finished=False)))
    assert incident.id == chosen
    assert incidents.incident_or_refuse(store, chosen) == incident
    assert_logged(store, seq, "incidents", chosen, {"run", "status", "author_id"})


def test_save_draft_updates_the_same_record_with_only_what_changed(store: Store) -> None:
    chosen = "a" * 32
    running = run_of(answers=1, finished=False)
    incidents.save_draft(store, chosen, fields_of(running))
    later = skip(running, STARTED + dt.timedelta(minutes=5))
    seq = last_seq(store)
    updated = incidents.save_draft(store, chosen, fields_of(later))
    assert updated.id == chosen
    assert updated.fields.run == later
    assert [(o.action, o.at) for o in updated.fields.run.outcomes()[:2]] == [
        (StepAction.DONE, STARTED + dt.timedelta(minutes=1)),
        (StepAction.SKIPPED, STARTED + dt.timedelta(minutes=5)),
    ]
    logged = assert_logged(store, seq, "incidents", chosen, {"run"})
    assert {row.field for row in logged} == {"run"}
    assert len(incidents.list_incidents(store)) == 1


def test_notes_are_trimmed(store: Store) -> None:
    notes = {
        RecordField.OBSERVED: "  \n Froze during the grounding exercise.\r\n ",
        RecordField.DONE: "Sat beside her; breathed together.\n\nOffered water.  ",
    }
    incident = incidents.save_draft(store, None, fields_of(notes=notes))
    assert incident.fields.notes == {
        RecordField.OBSERVED: "Froze during the grounding exercise.",
        RecordField.DONE: "Sat beside her; breathed together.\n\nOffered water.",
    }


def test_a_note_of_exactly_the_limit_is_kept(store: Store) -> None:
    note = "x" * NOTE_MAX
    incident = incidents.save_draft(store, None, fields_of(notes={RecordField.OUTCOME: note}))
    assert incident.fields.notes[RecordField.OUTCOME] == note


def test_a_huge_note_is_refused_clearly_and_changes_nothing(store: Store) -> None:
    existing = incidents.save_draft(store, None, fields_of(notes={RecordField.DONE: "Sat with"}))
    before = snapshot(store)
    huge = {RecordField.DONE: "x" * 100_000}
    for incident_id in (None, existing.id):
        with pytest.raises(ValidationError) as caught:
            incidents.save_draft(store, incident_id, fields_of(notes=huge))
        assert caught.value.field == "done"
        assert caught.value.message == (
            "What you did can hold at most 2,000 characters (this has 100,000 characters)."
        )
    assert snapshot(store) == before


def test_a_note_with_control_characters_is_refused(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError, match="invisible control characters"):
        incidents.save_draft(store, None, fields_of(notes={RecordField.OBSERVED: "Bell\x07"}))
    assert snapshot(store) == before


def test_fields_the_protocol_does_not_ask_for_are_dropped(store: Store) -> None:
    run = run_of("after-every-session", answers=5)
    assert run.protocol.record_fields == (RecordField.FOLLOW_UP,)
    notes = {
        RecordField.FOLLOW_UP: "Text Sam tomorrow.",
        RecordField.OBSERVED: "Not asked for here.",
        RecordField.THEIR_WORDS: "Not asked for either.",
    }
    incident = incidents.save_draft(store, None, fields_of(run, notes=notes))
    assert incident.fields.notes == {RecordField.FOLLOW_UP: "Text Sam tomorrow."}
    # A field that is not asked for is not even checked: it goes, whatever its length.
    huge = notes | {RecordField.OBSERVED: "x" * 100_000}
    again = incidents.save_draft(store, incident.id, fields_of(run, notes=huge))
    assert again.fields.notes == {RecordField.FOLLOW_UP: "Text Sam tomorrow."}


# --- links to a group, a session and a member --------------------------------------------


def test_a_session_of_another_group_is_refused(store: Store) -> None:
    group_id, _ = in_a_session(store)
    other = make_group(store, name="Thursday group")
    other_session = make_session(store, other.id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        incidents.save_draft(store, None, fields_of(group_id=group_id, session_id=other_session.id))
    assert caught.value.field == "session_id"
    assert caught.value.message == "That session belongs to another group."
    assert snapshot(store) == before


def test_a_member_of_another_group_is_refused(store: Store) -> None:
    group_id, session_id = in_a_session(store)
    other = make_group(store, name="Thursday group")
    stranger = make_member(store, other.id, name="Beata")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        incidents.save_draft(
            store,
            None,
            fields_of(group_id=group_id, session_id=session_id, member_id=stranger.id),
        )
    assert caught.value.field == "member_id"
    assert caught.value.message == "That member is not in this group."
    with pytest.raises(ValidationError, match="That member is not in this group"):
        incidents.save_draft(store, None, fields_of(group_id=group_id, member_id=stranger.id))
    assert snapshot(store) == before


def test_a_member_of_the_group_is_kept(store: Store) -> None:
    group_id, session_id = in_a_session(store)
    member = make_member(store, group_id, name="Siân")
    incident = incidents.save_draft(
        store, None, fields_of(group_id=group_id, session_id=session_id, member_id=member.id)
    )
    assert incident.fields.member_id == member.id
    assert [m.id for m in incidents.members_for(store, group_id)] == [member.id]


def test_a_member_chosen_outside_a_session_is_kept(store: Store) -> None:
    """From the Groups tab the form offers the group's members: a choice must not vanish."""
    group = make_group(store)
    member = make_member(store, group.id, name="Siân")
    incident = incidents.save_draft(store, None, fields_of(group_id=group.id, member_id=member.id))
    assert incident.fields.member_id == member.id
    assert incident.fields.session_id is None


def test_no_member_is_fine_and_means_a_member(store: Store) -> None:
    group_id, session_id = in_a_session(store)
    incident = incidents.save_draft(
        store, None, fields_of(group_id=group_id, session_id=session_id, member_id=None)
    )
    assert incident.fields.member_id is None
    assert (incident.fields.group_id, incident.fields.session_id) == (group_id, session_id)


def test_no_group_at_all_is_fine(store: Store) -> None:
    incident = incidents.save_draft(store, None, fields_of())
    assert (incident.fields.group_id, incident.fields.session_id) == (None, None)


def test_links_that_are_not_in_the_store_are_refused(store: Store) -> None:
    group_id, _ = in_a_session(store)
    before = snapshot(store)
    with pytest.raises(NotFound, match="That group is not in this store"):
        incidents.save_draft(store, None, fields_of(group_id="missing"))
    with pytest.raises(NotFound, match="That session is not in this store"):
        incidents.save_draft(store, None, fields_of(group_id=group_id, session_id="missing"))
    assert snapshot(store) == before


# --- submitting --------------------------------------------------------------------------


def test_submit_needs_a_finished_run(store: Store) -> None:
    draft = incidents.save_draft(store, None, fields_of(run_of(finished=False)))
    before = snapshot(store)
    with pytest.raises(ValidationError, match="Finish the protocol before submitting"):
        incidents.submit(store, draft.id)
    assert snapshot(store) == before
    assert incidents.incident_or_refuse(store, draft.id).status is IncidentStatus.DRAFT


def test_a_run_stopped_as_started_by_mistake_cannot_be_submitted(store: Store) -> None:
    stopped = abandon(run_of(finished=False), STARTED + dt.timedelta(minutes=5))
    draft = incidents.save_draft(store, None, fields_of(stopped))
    before = snapshot(store)
    with pytest.raises(ValidationError, match="started by mistake"):
        incidents.submit(store, draft.id)
    assert snapshot(store) == before


def test_submit_stamps_the_time_from_the_store_clock(store: Store, clock: FakeClock) -> None:
    draft = incidents.save_draft(store, None, fields_of())
    clock.advance(3600)
    seq = last_seq(store)
    done = incidents.submit(store, draft.id)
    assert done.is_submitted
    assert done.status is IncidentStatus.SUBMITTED
    assert done.submitted_at == FIXED_NOW + dt.timedelta(hours=1)
    assert done.fields == draft.fields
    logged = assert_logged(store, seq, "incidents", draft.id, {"status", "submitted_at"})
    assert {row.field for row in logged} == {"status", "submitted_at"}


def test_submitting_twice_changes_nothing(store: Store, clock: FakeClock) -> None:
    incident_id = submitted(store)
    before = snapshot(store)
    clock.advance(60)
    again = incidents.submit(store, incident_id)
    assert again.submitted_at == FIXED_NOW
    assert snapshot(store) == before


def test_a_submitted_record_cannot_be_saved_as_a_draft(store: Store) -> None:
    incident_id = submitted(store, notes={RecordField.OBSERVED: "As first written."})
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        incidents.save_draft(
            store, incident_id, fields_of(notes={RecordField.OBSERVED: "Rewritten later."})
        )
    assert caught.value.field == "status"
    assert "addendum" in caught.value.message
    assert snapshot(store) == before
    kept = incidents.incident_or_refuse(store, incident_id)
    assert kept.fields.notes == {RecordField.OBSERVED: "As first written."}


def test_submitting_a_record_that_is_not_there(store: Store) -> None:
    with pytest.raises(NotFound, match="That incident record is not in this store"):
        incidents.submit(store, "missing")


# --- addenda -----------------------------------------------------------------------------


def test_addenda_only_on_submitted_records(store: Store) -> None:
    draft = incidents.save_draft(store, None, fields_of())
    before = snapshot(store)
    with pytest.raises(ValidationError, match="still a draft"):
        incidents.add_addendum(store, draft.id, "Spoke to her the next day.")
    assert snapshot(store) == before


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_an_empty_addendum_is_refused(store: Store, text: str) -> None:
    incident_id = submitted(store)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="An addendum needs some text"):
        incidents.add_addendum(store, incident_id, text)
    assert snapshot(store) == before


def test_a_huge_addendum_is_refused(store: Store) -> None:
    incident_id = submitted(store)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="at most 2,000 characters"):
        incidents.add_addendum(store, incident_id, "x" * 100_000)
    assert snapshot(store) == before


def test_addenda_are_kept_in_order_with_time_and_author(store: Store, clock: FakeClock) -> None:
    incident_id = submitted(store, notes={RecordField.OUTCOME: "Went home with a friend."})
    record = incidents.incident_or_refuse(store, incident_id)
    texts = ["  She texted: home safe.  ", "Correction: it was 19:10, not 19:00.", "Third."]
    times = []
    for text in texts:
        clock.advance(90)
        times.append(clock.now)
        seq = last_seq(store)
        after = incidents.add_addendum(store, incident_id, text)
        added = after.addenda[-1]
        assert_logged(
            store, seq, "incident_addenda", added.id, {"incident_id", "text", "written_at"}
        )
    final = incidents.incident_or_refuse(store, incident_id)
    assert [a.text for a in final.addenda] == [t.strip() for t in texts]
    assert [a.written_at for a in final.addenda] == times
    assert {a.author_id for a in final.addenda} == {store.facts.owner_person_id}
    assert len({a.id for a in final.addenda}) == 3
    # The record itself is untouched.
    assert final.fields == record.fields
    assert final.submitted_at == record.submitted_at


# --- listing -----------------------------------------------------------------------------


def test_drafts_in_progress_lists_only_drafts(store: Store) -> None:
    running = incidents.save_draft(store, None, fields_of(run_of(finished=False)))
    waiting = incidents.save_draft(store, None, fields_of())
    submitted(store)
    assert {i.id for i in incidents.drafts_in_progress(store)} == {running.id, waiting.id}
    assert len(incidents.list_incidents(store)) == 3


def test_no_drafts_in_a_new_store(store: Store) -> None:
    assert incidents.drafts_in_progress(store) == []
    assert incidents.list_incidents(store) == []


# --- a record keeps what it was -----------------------------------------------------------


def test_a_record_keeps_the_protocol_version_it_was_run_with(
    store: Store, reopen: Callable[[], Store]
) -> None:
    shipped = get_protocol("flashback")
    older = Protocol(
        id=shipped.id,
        version=shipped.version,
        title="Flashback (the wording of an earlier year)",
        when="Someone seems far away.",
        order=shipped.order,
        steps=(
            Step("Sit with them and say their name."),
            Step("Write it down.", record=(RecordField.OBSERVED,)),
        ),
    )
    run = finish(mark_done(start_run(older, STARTED), STARTED), STARTED)
    saved = incidents.save_draft(
        store, None, fields_of(run, notes={RecordField.OBSERVED: "Froze."})
    )
    again = reopen()
    kept = incidents.incident_or_refuse(again, saved.id)
    assert kept.fields.run.protocol == older
    assert kept.fields.run.protocol != get_protocol("flashback")
    assert kept.fields.run == run


def test_a_run_survives_a_lock_exactly(store: Store, reopen: Callable[[], Store]) -> None:
    run = skip(run_of(answers=3, finished=False), STARTED + dt.timedelta(minutes=9))
    saved = incidents.save_draft(store, "b" * 32, fields_of(run))
    again = reopen()
    assert incidents.drafts_in_progress(again) == [saved]
    assert incidents.incident_or_refuse(again, saved.id).fields.run == run


def test_nothing_of_a_note_is_readable_in_the_store_files(store: Store) -> None:
    canary = "CANARY-4d1e8"
    group_id, session_id = in_a_session(store)
    fields = fields_of(
        run_of("risk-to-self", answers=3),
        group_id=group_id,
        session_id=session_id,
        notes={RecordField.THEIR_WORDS: f"She said {canary} in her own words."},
    )
    draft = incidents.save_draft(store, None, fields)
    incidents.save_draft(
        store, draft.id, replace(fields, notes={RecordField.OBSERVED: f"Saw {canary}."})
    )
    incidents.submit(store, draft.id)
    incidents.add_addendum(store, draft.id, f"Addendum {canary}.")
    store.close()
    needles = [canary.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    leaks = [
        name
        for name, data in files_in(store.folder).items()
        if any(needle in data for needle in needles)
    ]
    assert leaks == []
