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
from tests.services.test_erasure import NAME, OTHER, Written, write


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
