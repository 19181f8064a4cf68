"""This device's own settings, kept inside the encrypted store."""

from __future__ import annotations

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.lock_settings import (
    DEFAULT_IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    LockSettings,
)
from facilitator_app.domain.reminders import SupervisionSettings, validate_supervision_settings
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.store.local_rows import read_setting, write_setting
from facilitator_app.store.store import Store

# Values from domain/ (the window needs them before the store code loads), named
# here too for the screens and tests that read and save them through this module.
__all__ = ["DEFAULT_IDLE_MINUTES", "MAX_IDLE_MINUTES", "MIN_IDLE_MINUTES", "LockSettings"]


def lock_settings(store: Store) -> LockSettings:
    idle = read_setting(store.conn, "idle_minutes")
    minimised = read_setting(store.conn, "lock_when_minimised")
    copying = read_setting(store.conn, "allow_copying")
    return LockSettings(
        idle_minutes=int(idle) if idle else DEFAULT_IDLE_MINUTES,
        lock_when_minimised=minimised == "1",
        allow_copying=copying == "1",
    )


def save_lock_settings(store: Store, settings: LockSettings) -> LockSettings:
    if not MIN_IDLE_MINUTES <= settings.idle_minutes <= MAX_IDLE_MINUTES:
        raise ValidationError(
            "idle_minutes",
            f"Lock after between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes without use.",
        )
    with store.transaction():
        write_setting(store.conn, "idle_minutes", str(settings.idle_minutes))
        write_setting(
            store.conn, "lock_when_minimised", "1" if settings.lock_when_minimised else "0"
        )
        write_setting(store.conn, "allow_copying", "1" if settings.allow_copying else "0")
    return lock_settings(store)


# How often people on the rota meet their supervisor (the home screen's reminders).
_SUPERVISION_KEYS = {
    "new_lead_months": "supervision_new_lead_months",
    "new_lead_every_days": "supervision_new_lead_every_days",
    "every_days": "supervision_every_days",
}


def supervision_settings(store: Store) -> SupervisionSettings:
    """The saved supervision intervals; the defaults for any not saved (or unreadable)."""
    defaults = SupervisionSettings()
    values = {}
    for field, key in _SUPERVISION_KEYS.items():
        text = read_setting(store.conn, key)
        values[field] = int(text) if text and text.isdigit() else getattr(defaults, field)
    return SupervisionSettings(**values)


def save_supervision_settings(store: Store, settings: SupervisionSettings) -> SupervisionSettings:
    """Check and keep the supervision intervals; a bad value changes nothing."""
    require_coordinator(store, "how often supervision is due")
    clean = validate_supervision_settings(settings)
    with store.transaction():
        for field, key in _SUPERVISION_KEYS.items():
            write_setting(store.conn, key, str(getattr(clean, field)))
    return supervision_settings(store)
