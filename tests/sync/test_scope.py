"""A facilitator's bundle holds only what they need, and nothing is readable outside it.

Words that must never reach Robin's laptop are planted at the coordinator (all
starting SECRET); words Robin should get start ROBIN. Each bundle is decrypted here
with its recipient's own keys to look at what it carries.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.facilitators import Availability, Readiness
from facilitator_app.domain.members import ContactPreference
from facilitator_app.services import facilitators
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import new_id
from facilitator_app.sync import scope
from tests.factories import make_group, make_member, make_session
from tests.sync.helpers import Org, open_with, plain_text, rows_in
from tests.sync_setup import Laptop, give_groups

TODAY = dt.date(2025, 3, 14)
SECRETS = (
    "SECRET-SAM-GROUP",
    "SECRET-SAM-MEMBER",
    "SECRET-SUPERVISION-ROBIN",
    "SECRET-SUPERVISION-SAM",
    "SECRET-READINESS-ROBIN",
    "SECRET-READINESS-SAM",
    "SECRET-SAM-TRAINING",
    "SECRET-SAM-PAUSE",
    "SECRET-SAM-CONTACT",
    "SECRET-INCIDENT",
    "SECRET-INCIDENT-ADDENDUM",
)
ROBINS = ("ROBIN-GROUP", "ROBIN-MEMBER", "ROBIN-TRAINING", "ROBIN-PAUSE", "ROBIN-CONTACT")


class Planted:
    def __init__(self, org: Org) -> None:
        c, robin, sam = org.coordinator, org.robin.person_id, org.sam.person_id
        self.robins_group = make_group(c, name="ROBIN-GROUP").id
        self.sams_group = make_group(c, name="SECRET-SAM-GROUP").id
        give_groups(c, robin, self.robins_group)
        give_groups(c, sam, org.sams_group.id, self.sams_group)
        self.robins_member = make_member(
            c, self.robins_group, name="ROBIN-MEMBER", contact_preference=ContactPreference.EMAIL
        ).id
        self.sams_member = make_member(c, self.sams_group, name="SECRET-SAM-MEMBER").id
        # Sam co-facilitates one of Robin's sessions, so is Robin's colleague.
        make_session(c, self.robins_group, lead_id=robin, co_facilitator_id=sam)
        self.sams_session = make_session(c, self.sams_group, topic="SECRET-SAM-GROUP topic").id
        for person, who in ((robin, "ROBIN"), (sam, "SAM")):
            facilitators.add_supervision(c, person, TODAY, "Priya", f"SECRET-SUPERVISION-{who}")
            facilitators.save_readiness(c, person, Readiness(True, 3, f"SECRET-READINESS-{who}"))
        facilitators.save_details(c, robin, "Robin", "ROBIN-CONTACT")
        facilitators.save_details(c, sam, "Sam", "SECRET-SAM-CONTACT")
        facilitators.save_availability(c, sam, Availability(frozenset({4}), 2))
        facilitators.add_training(c, robin, "ROBIN-TRAINING", TODAY, None)
        facilitators.add_training(c, sam, "SECRET-SAM-TRAINING", TODAY, None)
        facilitators.pause(c, robin, TODAY, None, "ROBIN-PAUSE")
        facilitators.pause(c, sam, TODAY, None, "SECRET-SAM-PAUSE")
        facilitators.add_unavailable(c, sam, TODAY, TODAY)
        self.incident = new_id()
        with c.transaction():
            c.insert(
                "incidents",
                self.incident,
                {
                    "group_id": self.robins_group,
                    "session_id": None,
                    "member_id": self.robins_member,
                    "protocol_id": "flashback",
                    "protocol_version": 1,
                    "started_at": "2025-03-14T19:00:00+00:00",
                    "ended_at": "2025-03-14T19:10:00+00:00",
                    "run": "{}",
                    "notes": '{"outcome": "SECRET-INCIDENT"}',
                    "safeguarding": None,
                    "facilitator_needs_support": 0,
                    "status": "submitted",
                    "submitted_at": "2025-03-14T20:00:00+00:00",
                    "author_id": sam,
                },
            )
            c.insert(
                "incident_addenda",
                new_id(),
                {
                    "incident_id": self.incident,
                    "text": "SECRET-INCIDENT-ADDENDUM",
                    "written_at": "2025-03-15T10:00:00+00:00",
                    "author_id": sam,
                },
            )


@pytest.fixture
def planted(org: Org) -> Planted:
    return Planted(org)


@pytest.fixture
def stick_folder(org: Org, planted: Planted) -> Path:
    folder = org.stick()
    assert len(sync_service.export_bundles(org.coordinator, folder)) == 2
    return folder


def bundle_of(folder: Path, laptop: Laptop) -> Path:
    """The one bundle on the stick that `laptop` can open."""
    wanted = [p for p in folder.iterdir() if _opens(laptop, p)]
    assert len(wanted) == 1
    return wanted[0]


def _opens(laptop: Laptop, path: Path) -> bool:
    try:
        open_with(laptop.store, path.read_bytes())
    except BundleRefused:
        return False
    return True


def test_robins_bundle_holds_nothing_of_sams_groups_or_private_notes(
    org: Org, planted: Planted, stick_folder: Path
) -> None:
    rows = rows_in(org.robin.store, bundle_of(stick_folder, org.robin))
    robin, sam = org.robin.person_id, org.sam.person_id
    by_table: dict[str, list[list[object]]] = {}
    for row in rows:
        by_table.setdefault(str(row[0]), []).append(row)

    for private in ("supervision", "incidents", "incident_addenda", "follow_ups"):
        assert private not in by_table, f"{private} rows went to a facilitator"
    assert {row[1] for row in by_table["groups"]} == {planted.robins_group}
    for table in ("members", "sessions"):
        assert {row[4]["group_id"][0] for row in by_table[table]} == {planted.robins_group}  # type: ignore[index]
    for table in ("training", "pauses", "stage_changes", "person_groups"):
        owners = {row[4]["person_id"][0] for row in by_table.get(table, [])}  # type: ignore[index]
        assert owners <= {robin}, f"another person's {table} went to Robin"
    assert "unavailable" not in by_table  # only Sam has time away
    people = {str(row[1]): row[4] for row in by_table["people"]}
    assert sam in people
    assert set(people[sam]) <= scope.COLLEAGUE_FIELDS  # type: ignore[arg-type]
    assert "readiness_notes" not in people[robin]  # type: ignore[operator]
    for member in by_table["members"]:
        assert "contact_preference" not in member[4]  # type: ignore[operator]


def test_no_secret_reaches_robins_laptop_and_robins_own_things_do(
    org: Org, planted: Planted, stick_folder: Path
) -> None:
    robins = plain_text(org.robin.store, bundle_of(stick_folder, org.robin))
    sams = plain_text(org.sam.store, bundle_of(stick_folder, org.sam))

    assert [s for s in SECRETS if s in robins] == []
    assert [s for s in ROBINS if s not in robins] == []
    # Sam's bundle does carry Sam's group: the words were planted where a bundle goes.
    assert "SECRET-SAM-GROUP" in sams
    assert "SECRET-SAM-MEMBER" in sams
    for never in ("SUPERVISION", "READINESS", "INCIDENT", "ROBIN-MEMBER", "ROBIN-GROUP"):
        assert never not in sams


def test_robins_laptop_holds_no_secret_after_importing(
    org: Org, planted: Planted, stick_folder: Path
) -> None:
    [result] = sync_service.import_bundles(org.robin.store, [bundle_of(stick_folder, org.robin)])
    assert result.intake is not None

    everything = repr(
        {
            table: org.robin.store.conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
            for table in (
                "people",
                "groups",
                "members",
                "sessions",
                "training",
                "pauses",
                "supervision",
                "incidents",
                "incident_addenda",
                "row_state",
            )
        }
    )
    assert [s for s in SECRETS if s in everything] == []
    assert "ROBIN-MEMBER" in everything


def test_nothing_is_readable_on_the_stick(org: Org, planted: Planted, stick_folder: Path) -> None:
    readable = (*SECRETS, *ROBINS, "Robin", "Sam", "Riverside", "Tuesday", "Priya")
    files = list(stick_folder.iterdir())
    for path in files:
        assert re.fullmatch(r"[0-9a-f]{24}\.fabundle", path.name)
        data = path.read_bytes()
        for word in readable:
            for encoding in ("utf-8", "utf-16-le"):
                assert word.encode(encoding) not in data, f"{word} is readable in {path.name}"
        assert org.robin.device_id.encode() not in data
        assert org.sam.device_id.encode() not in data


def test_a_laptops_bundle_carries_only_its_own_changes(org: Org, planted: Planted) -> None:
    org.round_trip(org.robin)
    facilitators.save_availability(
        org.robin.store, org.robin.person_id, Availability(frozenset({1}), 1)
    )

    [path] = org.export(org.robin.store)

    rows = rows_in(org.coordinator, path)
    assert [(row[0], row[1], sorted(row[4])) for row in rows] == [  # type: ignore[call-overload]
        ("people", org.robin.person_id, ["max_per_month", "usual_weekdays"])
    ]
    text = plain_text(org.coordinator, path)
    assert "ROBIN-MEMBER" not in text
