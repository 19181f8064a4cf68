"""Protocols edited in the app: every save a new version, retire, restore, records pinned."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import RecordField, Step, finish, mark_done, start_run
from facilitator_app.services import incidents, papers, protocols
from facilitator_app.store.store import Store
from tests.factories import FIXED_NOW, last_seq, make_group, make_session, snapshot
from tests.pdf_reading import flat_text

STEPS = [Step("Stay with them."), Step("Write it down.", "", (RecordField.OBSERVED,))]


def flashback(store: Store | None = None):
    return protocols.get_protocol("flashback", store)


def test_saving_makes_a_new_version_the_crisis_screen_offers(store: Store) -> None:
    shipped = flashback()
    seq = last_seq(store)
    saved = protocols.save_protocol(store, "flashback", "Flashback or panic", shipped.when, STEPS)
    assert saved.version == shipped.version + 1
    assert saved.title == "Flashback or panic"
    assert flashback(store) == saved
    assert flashback() == shipped  # the shipped file is untouched
    assert protocols.list_protocols(store)[0] == saved
    assert last_seq(store) > seq  # synced like everything else
    again = protocols.save_protocol(store, "flashback", "Flashback", shipped.when, STEPS)
    assert again.version == saved.version + 1


def test_a_record_keeps_the_version_it_used(store: Store) -> None:
    used = flashback(store)
    run = finish(mark_done(start_run(used, FIXED_NOW), FIXED_NOW), FIXED_NOW)
    record = incidents.save_draft(store, None, IncidentFields(run=run))
    protocols.save_protocol(store, "flashback", "Rewritten", used.when, STEPS)
    kept = incidents.incident_or_refuse(store, record.id).fields.run.protocol
    assert kept == used
    assert kept.version == 1


def test_retire_hides_it_and_restore_brings_back_the_shipped_words(store: Store) -> None:
    shipped = flashback()
    protocols.save_protocol(store, "flashback", "Rewritten", shipped.when, STEPS)
    retired = protocols.retire_protocol(store, "flashback")
    assert "flashback" not in [p.id for p in protocols.list_protocols(store)]
    entry = next(e for e in protocols.protocol_entries(store) if e.protocol.id == "flashback")
    assert entry.retired
    assert entry.edited
    assert entry.shipped
    restored = protocols.restore_protocol(store, "flashback")
    assert restored.version == retired.version + 1
    assert (restored.title, restored.steps) == (shipped.title, shipped.steps)
    assert flashback(store) == restored


def test_a_new_protocol_is_added_after_the_others(store: Store) -> None:
    added = protocols.save_protocol(store, None, "Fire alarm", "The alarm goes off.", STEPS)
    assert added.version == 1
    listed = protocols.list_protocols(store)
    assert listed[-1] == added
    assert added.order > listed[-2].order
    protocols.retire_protocol(store, added.id)
    assert added.id not in [p.id for p in protocols.list_protocols(store)]
    back = protocols.restore_protocol(store, added.id)  # "bring back" for the charity's own
    assert back.title == "Fire alarm"
    assert back.id in [p.id for p in protocols.list_protocols(store)]


@pytest.mark.parametrize(
    ("title", "when", "steps", "words"),
    [
        ("", "When", STEPS, "title can't be empty"),
        ("Title", "  ", STEPS, "when to use this protocol"),
        ("Title", "When", STEPS[:1], "between 2 and 20 steps"),
        ("Title", "When", [Step("x" * 161), STEPS[1]], "at most 160 characters"),
        ("Title", "When", [Step("   "), STEPS[1]], "Step 1 has no text"),
        ("Title", "When", [Step("ok", "g" * 401), STEPS[1]], "at most 400 characters"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    store: Store, title: str, when: str, steps: list[Step], words: str
) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        protocols.save_protocol(store, "flashback", title, when, steps)
    assert words in caught.value.message
    assert snapshot(store) == before


def test_an_unknown_protocol_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        protocols.retire_protocol(store, "no-such-protocol")


def test_the_session_plan_lists_the_edited_titles(store: Store) -> None:
    shipped = flashback()
    protocols.save_protocol(
        store, "flashback", "Flashback or panic (our words)", shipped.when, STEPS
    )
    protocols.retire_protocol(store, "after-every-session")
    group = make_group(store)
    session = make_session(store, group.id, date=dt.date(2027, 1, 5))
    text = flat_text(papers.session_plan_pdf(store, session.id, PageOptions()))
    assert "Flashback or panic (our words)" in text
    assert "After every session" not in text
    assert shipped.title not in text
