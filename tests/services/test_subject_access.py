"""Subject access: everything held about one member, as a PDF and a JSON file."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import NotFound
from facilitator_app.services import output_files, subject_access
from facilitator_app.services.output_files import CannotWrite
from facilitator_app.store.store import Store
from tests.factories import make_member, snapshot
from tests.pdf_reading import assert_neutral_metadata, flat_text
from tests.services.test_erasure import (
    BADGER,
    HERON,
    NAME,
    OTHER,
    OTTER,
    WREN,
    Written,
    write,
    write_notes,
)

# The PDF with notes about facilitators, kept to look at (see tests/gui/test_member_rights.py).
SHOTS = Path("/tmp/erasure-shots")


@pytest.fixture
def written(store: Store) -> Written:
    return write(store)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_the_json_holds_their_register_the_records_naming_them_and_no_other_member(
    store: Store, written: Written
) -> None:
    report = subject_access.subject_access(store, written.member_id)

    assert report["format"] == "facilitator_app/subject-access"
    assert report["version"] == 1
    assert report["member"]["name"] == NAME
    assert report["attendance"] == [{"date": "2025-03-11", "present": True}]
    assert [line["notes"] for line in report["sessions"]] == [
        "Kestrel and [another member] led the check-in"
    ]
    incidents = report["incident_records"]
    assert len(incidents) == 3  # about them, naming them, and the held one
    assert [line["about_this_member"] for line in incidents].count(True) == 1
    assert [line["safeguarding_hold"] for line in incidents].count(True) == 1
    about = next(line for line in incidents if line["about_this_member"])
    assert about["additions"][0]["text"] == "kestrel rang later"
    assert about["follow_ups"][0]["what"] == "Check in with Kestrel"
    (debrief,) = report["debriefs"]  # the other group's "Kestrel" is someone else
    assert debrief["marked_present"] is True
    assert debrief["texts"]["Anything of concern"] == "Kestrel seemed low; [another member] fine"
    assert debrief["additions"][0]["text"] == "KESTREL asked about next week"
    assert OTHER not in json.dumps(report)


def test_both_files_are_written_with_neutral_names_and_audited(
    store: Store, written: Written, out: Path
) -> None:
    files = subject_access.save_subject_access(store, written.member_id, out)

    assert files.pdf.name == "subject-access-2025-03-14.pdf"
    assert files.json.name == "subject-access-2025-03-14.json"
    assert files.records == 5
    text = flat_text(files.pdf.read_bytes())
    assert "Everything we hold about one member" in text
    assert "Kestrel seemed low; [another member] fine" in text
    assert "Check in with Kestrel" in text
    assert "Kept until the hold is removed" in text
    assert OTHER not in text
    assert_neutral_metadata(files.pdf.read_bytes(), "Record", private=(NAME, OTHER))
    data = json.loads(files.json.read_text("utf-8"))
    assert data == json.loads(json.dumps(subject_access.subject_access(store, written.member_id)))
    (entry,) = store.conn.execute(
        "SELECT kind, ref, count FROM audit_log WHERE action = ?",
        [AuditAction.SUBJECT_ACCESS_EXPORT.value],
    ).fetchall()
    assert entry == (AuditKind.MEMBER.value, written.member_id, 5)
    # A second answer the same day does not replace the first.
    again = subject_access.save_subject_access(store, written.member_id, out)
    assert again.pdf.name == "subject-access-2025-03-14-2.pdf"


def test_an_unknown_member_is_refused_and_nothing_is_written(
    store: Store, written: Written, out: Path
) -> None:
    before = snapshot(store)

    with pytest.raises(NotFound):
        subject_access.save_subject_access(store, "0" * 32, out)

    assert list(out.iterdir()) == []
    assert snapshot(store) == before


@pytest.mark.parametrize("fails_at", [1, 2])
def test_a_folder_that_cannot_be_written_is_refused_and_nothing_is_left(
    store: Store, written: Written, out: Path, monkeypatch: pytest.MonkeyPatch, fails_at: int
) -> None:
    """Root may write into a read-only folder, so the refusal is the file system's."""
    calls = []
    real = output_files.write_atomically

    def refusing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == fails_at:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(path, data)

    monkeypatch.setattr(output_files, "write_atomically", refusing)
    before = snapshot(store)

    with pytest.raises(CannotWrite) as caught:
        subject_access.save_subject_access(store, written.member_id, out)

    assert "you do not have permission to write there" in caught.value.message
    assert list(out.iterdir()) == []  # the PDF written first went again
    assert snapshot(store) == before  # no audit entry either


def test_a_folder_that_does_not_exist_is_refused(
    store: Store, written: Written, tmp_path: Path
) -> None:
    with pytest.raises(CannotWrite) as caught:
        subject_access.save_subject_access(store, written.member_id, tmp_path / "nowhere")

    assert "is not a folder that exists" in caught.value.message


def test_a_member_named_nowhere_gets_their_details_only(store: Store, written: Written) -> None:
    quiet = make_member(store, written.group_id, name="Heron")

    report = subject_access.subject_access(store, quiet.id)

    assert report["member"]["name"] == "Heron"
    assert report["attendance"] == []
    assert report["sessions"] == report["incident_records"] == report["debriefs"] == []


def test_notes_about_the_groups_facilitators_are_included_without_whose_they_are(
    store: Store, written: Written
) -> None:
    notes = write_notes(store, written)

    report = subject_access.subject_access(store, written.member_id)

    assert report["version"] == 1  # a key added: still read as version 1
    assert report["facilitator_notes"] == [
        {"kind": "Reason for a pause", "date": "2025-01-06", "text": "After Kestrel's disclosure"},
        # Badger is of another group: these notes are not about one group.
        {
            "kind": "Supervision note",
            "date": "2025-02-03",
            "text": "Talked about Kestrel and [another member]",
        },
        {"kind": "Readiness notes", "date": None, "text": "Calm with kestrel and [another member]"},
    ]
    # Wren's record with no group is among the incident records; Heron's is not.
    observed = [line["notes"] for line in report["incident_records"]]
    assert {"What you saw or heard": "Kestrel rang the office about [another member]"} in observed
    assert len(observed) == 4
    data = json.dumps(report)
    for word in (OTTER, WREN, HERON, BADGER, OTHER, "in my group", "Friday", "Boundaries"):
        assert word not in data
    assert notes.otter not in data
    assert notes.wren not in data


def test_the_pdf_has_the_notes_about_facilitators_and_the_count_comes_back(
    store: Store, written: Written, out: Path
) -> None:
    write_notes(store, written)

    files = subject_access.save_subject_access(store, written.member_id, out)

    assert files.facilitator_notes == 3
    assert files.records == 6  # the incident record with no group is the sixth
    pdf = files.pdf.read_bytes()
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "subject-access-facilitator-notes.pdf").write_bytes(pdf)
    text = flat_text(pdf)
    assert "Notes about facilitators that mention them" in text
    assert "Supervision note, Mon 3 February 2025 Talked about Kestrel and [another member]" in text
    assert "Reason for a pause, Mon 6 January 2025 After Kestrel's disclosure" in text
    assert "Readiness notes Calm with kestrel and [another member]" in text
    assert "Kestrel rang the office about [another member]" in text
    for word in (OTTER, WREN, HERON, BADGER, OTHER):
        assert word not in text
    assert_neutral_metadata(pdf, "Record", private=(NAME, OTTER, WREN))


def test_no_notes_about_facilitators_says_none_held(
    store: Store, written: Written, out: Path
) -> None:
    files = subject_access.save_subject_access(store, written.member_id, out)

    assert files.facilitator_notes == 0
    assert "Notes about facilitators that mention them None held." in flat_text(
        files.pdf.read_bytes()
    )
    assert json.loads(files.json.read_text("utf-8"))["facilitator_notes"] == []


def test_a_name_the_member_shares_is_theirs_in_notes_about_facilitators(
    store: Store, written: Written
) -> None:
    """Another group's "Kestrel" is not replaced: the text cannot tell the two apart."""
    write_notes(store, written)
    supervision = store.conn.execute(
        "SELECT id FROM supervision WHERE note = 'Boundaries'"
    ).fetchone()[0]
    with store.transaction():
        store.update("supervision", supervision, {"note": f"Boundaries with {NAME} and {BADGER}"})

    report = subject_access.subject_access(store, written.member_id)

    assert {
        "kind": "Supervision note",
        "date": "2025-02-17",
        "text": f"Boundaries with {NAME} and [another member]",
    } in report["facilitator_notes"]
