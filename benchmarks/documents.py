"""How long printable documents take to make. A script people run, not a timed test.

    .venv/bin/python -m benchmarks.documents [--repeat N]

Targets (issue 3, also in docs/benchmarks.md): any single handout in under 150 ms after
the first; the session plan for a 20-member group in under 150 ms. The first render
pays for loading the font, so it is reported separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.groups import GroupFields
from facilitator_app.domain.members import MemberFields
from facilitator_app.domain.sessions import SessionFields
from facilitator_app.services import groups, handouts, members, papers, people, sessions
from facilitator_app.services.stores import NewStore, StoreRole, create_store
from facilitator_app.store.keys import KdfParams

TARGET_MS = 150.0


def _timed(make: Callable[[], bytes], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        make()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _handout(name: str, options: PageOptions) -> bytes:
    return handouts.handout_pdf(None, name, options)


def measure(repeat: int) -> dict[str, list[float]]:
    """Render times in milliseconds for every handout and the session papers."""
    results: dict[str, list[float]] = {}
    for handout in handouts.list_handouts(None):
        for large in (False, True):
            options = PageOptions(large_print=large)
            label = f"{handout.name}{' (large)' if large else ''}"
            results[label] = _timed(functools.partial(_handout, handout.name, options), repeat)

    with tempfile.TemporaryDirectory() as folder:
        passphrase = "benchmark passphrase"  # noqa: S105 - a throwaway store
        request = NewStore(
            Path(folder) / "store", StoreRole.COORDINATOR, "Bench", "Bench", passphrase, passphrase
        )
        store = create_store(request, kdf=KdfParams())
        try:
            lead = people.add_person(store, "Lead").id
            co = people.add_person(store, "Co").id
            group = groups.create_group(store, GroupFields(name="Twenty-member group"))
            for number in range(20):
                members.add_member(store, group.id, MemberFields(name=f"Member {number}"))
            session = sessions.plan_session(
                store,
                group.id,
                SessionFields(
                    date=dt.date(2027, 1, 5),
                    start_time=dt.time(18, 30),
                    end_time=dt.time(20, 30),
                    topic="Boundaries",
                    lead_id=lead,
                    co_facilitator_id=co,
                ),
            )
            options = PageOptions()
            results["session plan, 20 members"] = _timed(
                lambda: papers.session_plan_pdf(store, session.id, options), repeat
            )
            results["register, 20 members"] = _timed(
                lambda: papers.register_pdf(store, session.id, options), repeat
            )
        finally:
            store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the printable documents.")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    handouts.handout_pdf(None, "welcome-to-the-group", PageOptions())
    print(f"{'first render (loads the font)':44s} {1000 * (time.perf_counter() - started):6.1f} ms")
    all_ok = True
    for name, times in measure(args.repeat).items():
        median, worst = statistics.median(times), max(times)
        ok = worst < TARGET_MS
        all_ok &= ok
        print(
            f"{name:44s} median {median:6.1f} ms  worst {worst:6.1f} ms  {'ok' if ok else 'SLOW'}"
        )
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
