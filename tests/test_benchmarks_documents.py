"""The benchmark scripts still run (once, tiny). Their timings are never asserted here."""

from __future__ import annotations

from benchmarks import documents
from facilitator_app.services.handouts import list_handouts


def test_the_documents_benchmark_measures_every_document() -> None:
    results = documents.measure(repeat=1)
    expected = {h.name for h in list_handouts(None)} | {
        f"{h.name} (large)" for h in list_handouts(None)
    }
    expected |= {"session plan, 20 members", "register, 20 members"}
    assert set(results) == expected
    assert all(len(times) == 1 and times[0] > 0 for times in results.values())
