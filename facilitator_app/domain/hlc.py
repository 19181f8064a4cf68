"""Hybrid logical clock: orders changes across devices whose wall clocks disagree.

A stamp is (wall milliseconds, counter, device id). Its text form sorts the same
way as the tuple, so the store can compare stamps with plain string order.
"""

from __future__ import annotations

from dataclasses import dataclass

# A remote stamp further ahead of our wall clock than this is refused: a device
# with a clock set to next year must not win every merge forever.
MAX_DRIFT_MS = 24 * 60 * 60 * 1000


class ClockTooFarAhead(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    device_id: str

    def encode(self) -> str:
        return f"{self.wall_ms:015d}-{self.counter:06d}-{self.device_id}"

    @staticmethod
    def decode(text: str) -> Hlc:
        wall, counter, device = text.split("-", 2)
        return Hlc(int(wall), int(counter), device)


def tick(last: Hlc, now_ms: int) -> Hlc:
    """The stamp for a local change made at `now_ms`, after `last`."""
    if now_ms > last.wall_ms:
        return Hlc(now_ms, 0, last.device_id)
    return Hlc(last.wall_ms, last.counter + 1, last.device_id)


def receive(last: Hlc, remote: Hlc, now_ms: int) -> Hlc:
    """Our clock after seeing `remote`, so later local stamps sort after it."""
    if remote.wall_ms - now_ms > MAX_DRIFT_MS:
        raise ClockTooFarAhead(
            "Another device's clock is more than a day ahead; check its date and time."
        )
    wall = max(last.wall_ms, remote.wall_ms, now_ms)
    if wall == last.wall_ms == remote.wall_ms:
        counter = max(last.counter, remote.counter) + 1
    elif wall == last.wall_ms:
        counter = last.counter + 1
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return Hlc(wall, counter, last.device_id)
