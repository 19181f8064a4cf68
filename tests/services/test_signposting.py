"""The signposting directory: seeded once, then the charity's own to edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.shipped import shipped_services
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.signposting import ServiceFields, needs_check
from facilitator_app.services import handouts, signposting
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.store import Store
from tests.conftest import TemplateStore
from tests.factories import (
    PASSPHRASE,
    FakeClock,
    assert_logged,
    last_seq,
    snapshot,
)
from tests.pdf_reading import flat, flat_text, page_texts

TODAY = dt.date(2025, 3, 14)  # the test clock's day
LOCAL = ServiceFields(
    name="Riverside Women's Centre",
    offers="Drop-in and counselling.",
    for_whom="Women aged 16 and over.",
    phone="01234 222333",
    web="example.org.uk",
    hours="Mon–Fri 10:00–16:00",
    area="Riverside",
    last_checked=dt.date(2025, 3, 1),
)


def _names(store: Store) -> list[str]:
    return [service.name for service in signposting.list_services(store)]


def _by_name(store: Store, name: str) -> str:
    return next(s.id for s in signposting.list_services(store) if s.name == name)


# --- seeding -----------------------------------------------------------------------------


def test_a_new_store_has_the_shipped_directory_in_order(store: Store) -> None:
    listed = signposting.list_services(store)
    assert [service.fields for service in listed] == shipped_services()
    positions = [service.position for service in listed]
    assert positions == sorted(positions)
    assert store.meta(signposting.SEEDED_KEY)


def test_seeding_again_adds_nothing(store: Store) -> None:
    before = snapshot(store)
    signposting.seed_directory(store)
    assert snapshot(store) == before


def test_entries_the_charity_removed_stay_removed(
    store: Store, reopen: Callable[[], Store]
) -> None:
    for service in signposting.list_services(store):
        signposting.remove_service(store, service.id)
    again = reopen()
    signposting.seed_directory(again)  # what unlocking does
    assert signposting.list_services(again) == []


def test_a_store_made_before_the_directory_gets_it_when_unlocked(
    store_folder: Path, template_store: TemplateStore, clock: FakeClock
) -> None:
    old = Store.open(store_folder, template_store.data_key, clock=clock)
    with old.transaction():
        old.conn.execute("DELETE FROM services")
        old.conn.execute("DELETE FROM meta WHERE key = ?", [signposting.SEEDED_KEY])
    assert signposting.list_services(old) == []
    old.close()

    store = unlock_store(store_folder, PASSPHRASE, clock=clock)
    try:
        assert [s.fields for s in signposting.list_services(store)] == shipped_services()
    finally:
        store.close()


# --- editing -----------------------------------------------------------------------------


def test_add_an_entry_at_the_end(store: Store) -> None:
    seq = last_seq(store)
    added = signposting.add_service(store, LOCAL)
    assert added.fields == LOCAL
    assert _names(store) == [*(s.name for s in shipped_services()), LOCAL.name]
    assert signposting.service_or_refuse(store, added.id) == added
    assert_logged(store, seq, "services", added.id, {"name", "phone", "position", "archived_on"})


def test_an_added_entry_lasts_after_reopening(store: Store, reopen: Callable[[], Store]) -> None:
    added = signposting.add_service(store, LOCAL)
    assert signposting.service_or_refuse(reopen(), added.id) == added


def test_add_trims_what_was_typed(store: Store) -> None:
    added = signposting.add_service(store, ServiceFields("  Local line ", phone=" 0800 1 "))
    assert (added.name, added.fields.phone) == ("Local line", "0800 1")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (ServiceFields(""), "name"),
        (ServiceFields("   "), "name"),
        (ServiceFields("Line", last_checked=TODAY + dt.timedelta(days=1)), "last_checked"),
        (ServiceFields("Line\x00"), "name"),
        (ServiceFields("Line", phone="0800\n123"), "phone"),
        (ServiceFields("Line", offers="Listening\x1b[31m"), "offers"),
        (ServiceFields("Line", offers="o" * 601), "offers"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    store: Store, fields: ServiceFields, field: str
) -> None:
    existing = signposting.list_services(store)[0]
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        signposting.add_service(store, fields)
    assert refused.value.field == field
    assert refused.value.message
    with pytest.raises(ValidationError):
        signposting.update_service(store, existing.id, fields)
    assert snapshot(store) == before


def test_update_an_entry(store: Store) -> None:
    service_id = _by_name(store, "Samaritans")
    position = signposting.service_or_refuse(store, service_id).position
    seq = last_seq(store)
    changed = ServiceFields("Samaritans (Riverside branch)", phone="01234 000111", urgent=True)
    updated = signposting.update_service(store, service_id, changed)
    assert updated.fields == changed
    assert updated.position == position  # keeps its place in the list
    assert_logged(store, seq, "services", service_id, {"name", "phone"})


def test_remove_an_entry(store: Store) -> None:
    service_id = _by_name(store, "Childline")
    signposting.remove_service(store, service_id)
    assert "Childline" not in _names(store)
    with pytest.raises(NotFound):
        signposting.service_or_refuse(store, service_id)
    with pytest.raises(NotFound):
        signposting.remove_service(store, service_id)
    with pytest.raises(NotFound):
        signposting.update_service(store, service_id, ServiceFields("Childline"))


def test_an_unknown_entry_is_not_found_and_nothing_changes(store: Store) -> None:
    before = snapshot(store)
    for action in (
        lambda: signposting.update_service(store, "nope", LOCAL),
        lambda: signposting.mark_checked(store, "nope"),
        lambda: signposting.remove_service(store, "nope"),
    ):
        with pytest.raises(NotFound) as refused:
            action()
        assert refused.value.message == "That service is not in the directory."
    assert snapshot(store) == before


# --- checking entries --------------------------------------------------------------------


def test_shipped_entries_all_need_checking(store: Store) -> None:
    assert all(needs_check(s.fields, store.today()) for s in signposting.list_services(store))


def test_mark_checked_today(store: Store) -> None:
    service_id = _by_name(store, "Samaritans")
    seq = last_seq(store)
    checked = signposting.mark_checked(store, service_id)
    assert checked.fields.last_checked == TODAY == store.today()
    assert not needs_check(checked.fields, store.today())
    assert_logged(store, seq, "services", service_id, {"last_checked"})


@pytest.mark.parametrize(
    ("checked_on", "expected"),
    [
        (dt.date(2025, 2, 14), False),  # last month
        (dt.date(2024, 2, 14), True),  # thirteen months ago
    ],
)
def test_needs_check_after_a_year(store: Store, checked_on: dt.date, expected: bool) -> None:
    service_id = _by_name(store, "Samaritans")
    checked = signposting.mark_checked(store, service_id, on=checked_on)
    assert checked.fields.last_checked == checked_on
    assert needs_check(checked.fields, store.today()) is expected


# --- printed -----------------------------------------------------------------------------


def test_the_edited_directory_is_what_prints(store: Store) -> None:
    signposting.add_service(store, LOCAL)
    signposting.remove_service(store, _by_name(store, "NAPAC"))
    text = flat_text(handouts.handout_pdf(store, "getting-help-now", PageOptions()))
    assert "Riverside Women's Centre" in text
    assert "Drop-in and counselling." in text
    assert "NAPAC" not in text


def test_a_very_long_directory_prints_every_entry(store: Store) -> None:
    for service in signposting.list_services(store):
        signposting.remove_service(store, service.id)
    offers = ("Long description of what is offered here. " * 15)[:600].strip()
    names = [f"Local service number {number:02d}" for number in range(60)]
    for number, name in enumerate(names):
        signposting.add_service(
            store,
            ServiceFields(name, offers=offers, phone=f"0800 000 {number:03d}", urgent=number < 3),
        )
    texts = page_texts(handouts.handout_pdf(store, "getting-help-now", PageOptions()))
    assert len(texts) > 5
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert "Riverside Peer Support" in page
    text = flat(" ".join(texts))
    for number, name in enumerate(names):
        assert f"{name} {offers}" in text  # the 600 characters, whole
        assert f"Phone: 0800 000 {number:03d}" in text
