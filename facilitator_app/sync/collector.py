"""Python's cycle collector, paused while a bundle's rows are built, read or merged.

Five years of a charity is a few hundred thousand small lists and dicts made in one
go. Each burst of new containers sets off collections that walk every object still
alive and free nothing, since rows hold no cycles. Pausing took a whole coordinator
bundle from 1.8 s to 1.4 s to make and from 3.9 s to 3.3 s to take in
(benchmarks/sync.py). Reference counting still frees the rows once they are dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for a block or, as a decorator, for each call of a function.

    The collector is one per process: another thread's pause may end inside this
    one, which costs only the time saved, never correctness.
    """
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()
