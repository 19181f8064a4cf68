"""The Incidents list, read in SQL without rebuilding each record (issue 8)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import dataset
from facilitator_app.services import follow_ups, groups, incidents
from facilitator_app.services.stores import unlock_store


def test_incident_lines_say_what_the_records_hold(tmp_path: Path) -> None:
    """The Incidents list is read without rebuilding records: each line must still match
    its record, its group and its follow-ups."""
    dataset.build_store(tmp_path / "store", scale=0.02)
    store = unlock_store(tmp_path / "store", dataset.PASSPHRASE)
    try:
        names = {g.id: g.name for g in groups.list_groups(store, include_archived=True)}
        lines = incidents.incident_lines(store)
        assert [line.started_at for line in lines] == sorted(
            (line.started_at for line in lines), reverse=True
        )
        assert any(line.safeguarding for line in lines)
        assert any(line.open_follow_ups for line in lines)
        assert any(line.done_follow_ups for line in lines)
        for line in lines:
            record = incidents.incident_or_refuse(store, line.id)
            things = follow_ups.follow_ups(store, line.id)
            assert line.started_at == record.fields.run.started_at
            assert line.protocol_title == record.fields.run.protocol.title
            assert line.group_name == names[record.fields.group_id or ""]
            assert line.safeguarding is (record.fields.safeguarding is not None)
            assert line.facilitator_needs_support is record.fields.facilitator_needs_support
            assert line.is_submitted is record.is_submitted
            assert line.open_follow_ups == sum(not f.is_done for f in things)
            assert line.done_follow_ups == sum(f.is_done for f in things)
    finally:
        store.close()
