"""What a screen holds while the store is unlocked: the open store and the runner.

Screens call `access.call(service_function, args…, done=…)`; the function runs on the
store thread with the store as its first argument. After `close()` nothing more is
run or delivered, which is how locking drops every view of the data at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.runner import ServiceRunner

if TYPE_CHECKING:
    from facilitator_app.services.stores import Store


class StoreAccess:
    def __init__(self, runner: ServiceRunner, store: Store) -> None:
        self._runner = runner
        self._store: Store | None = store
        self.facts = store.facts

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def call(
        self,
        function: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        failed: Callable[[AppError], None],
        **kwargs: Any,
    ) -> None:
        store = self._store
        if store is None:
            return
        self._runner.submit(
            lambda: function(store, *args, **kwargs), done, failed, lambda: self.is_open
        )

    def close(
        self, before_close: Callable[[Store], None], closed: Callable[[AppError | None], None]
    ) -> None:
        """Stop delivering results, run `before_close` (saving drafts), then close the store.

        `closed` is called with None, or with the error `before_close` raised.
        """
        store = self._store
        if store is None:
            return
        self._store = None

        def finish() -> None:
            try:
                before_close(store)
            finally:
                store.close()

        self._runner.submit(finish, lambda _: closed(None), closed)
