"""How dates, times and optional values are written into columns and read back."""

from __future__ import annotations

import datetime as dt


def date_out(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def date_in(text: str | None) -> dt.date | None:
    return None if not text else dt.date.fromisoformat(text)


def time_out(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def time_in(text: str | None) -> dt.time | None:
    return None if not text else dt.time.fromisoformat(text)
