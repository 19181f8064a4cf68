"""The one exception hierarchy. Every error a person can cause carries a calm message."""

from __future__ import annotations


class AppError(Exception):
    """An error with a message fit to show a person as it is, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(AppError):
    """Input that breaks a rule; nothing was changed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(AppError):
    """A record asked for by id is not in the store (or was archived away)."""


class StoreError(AppError):
    """Something about the store itself: missing, locked, damaged, wrong key."""


class StoreMissing(StoreError):
    pass


class NotAStore(StoreError):
    pass


class StoreExists(StoreError):
    pass


class StoreInUse(StoreError):
    pass


class WrongPassphrase(StoreError):
    pass


class TryAgainLater(StoreError):
    """Too many wrong passphrases in a row: the next try has to wait."""

    def __init__(self, message: str, wait_seconds: float, *, just_failed: bool = False) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds
        # True when this very try was wrong; False when an earlier one still holds.
        self.just_failed = just_failed


class StoreDamaged(StoreError):
    """The files were changed outside the app or are corrupt."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of the app."""


class NotPermitted(AppError):
    """This store's role (coordinator or facilitator) may not make that change."""


class SyncError(AppError):
    """A sync step could not be done: pairing, writing a bundle, reading a stick."""


class BundleRefused(SyncError):
    """A bundle file was not taken in; nothing in the store was changed."""


class ExportCancelled(SyncError):
    """The person stopped an export; bundles already finished are complete."""


class BackupRefused(StoreError):
    """A backup file was not restored (damaged, foreign, wrong passphrase); nothing changed."""


class StoreWiped(StoreError):
    """The store was deleted after too many wrong passphrases, as the organisation chose."""

    def __init__(self, message: str, after: int | None) -> None:
        super().__init__(message)
        self.after = after
