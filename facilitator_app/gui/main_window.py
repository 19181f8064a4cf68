"""The main window: start pages while locked, the workspace while unlocked, and locking.

Started on one folder (`--store`), it works on that store alone, as it always did.
Started without one, it works from the list of stores on this computer
(`services.store_index`): the list when there are several, straight to the unlock page
when there is one (with a way to the list), the welcome page when there are none.

The window shows its start page before the workspace's code is loaded (see `warm_up`):
the join page, the workspace and the store's services are imported where first used.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.lock_settings import LockSettings
from facilitator_app.gui.clipboard_guard import ClipboardGuard
from facilitator_app.gui.lock_guard import LockGuard
from facilitator_app.gui.runner import ServiceRunner
from facilitator_app.gui.start_pages import CreateStorePage, UnlockPage, WelcomePage
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.store_list_page import StoreListPage
from facilitator_app.gui.style import style_window
from facilitator_app.gui.system_events import watch_system_lock
from facilitator_app.gui.warm_up import WarmUp
from facilitator_app.gui.widgets import show_message
from facilitator_app.services.shown_name import is_neutral, shown_app_name
from facilitator_app.services.store_folder import is_store_folder
from facilitator_app.services.store_index import StoreIndex
from facilitator_app.services.wipe_guard import finish_interrupted_wipe

if TYPE_CHECKING:
    from facilitator_app.gui.backups_box import StoreReplacement
    from facilitator_app.gui.join_page import JoinPage
    from facilitator_app.gui.recovery_page import RecoveryPage
    from facilitator_app.gui.workspace import Drafts, ViewState, Workspace
    from facilitator_app.services.stores import Store

_log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        folder: Path | None = None,
        parent: QWidget | None = None,
        *,
        stores: StoreIndex | None = None,
    ) -> None:
        """`folder`: open that store alone. `stores`: the list of stores on this computer,
        worked from when no folder is given, and told the app's name after each unlock."""
        super().__init__(parent)
        style_window(self)
        self.resize(1180, 780)
        if folder is None and stores is None:
            stores = StoreIndex.for_this_user()
        self._index = stores
        self._one_folder = folder is not None
        folder = folder if folder is not None else self._index_or_fail().default_folder
        self._folder = folder
        self._access: StoreAccess | None = None
        self._settings = LockSettings()
        self._view: ViewState | None = None  # where the person was when it last locked
        self.workspace: Workspace | None = None
        self._just_joined = False  # open on the Sync tab, where the fingerprint is
        self.runner = ServiceRunner(self)
        self.warm_up = WarmUp(self)

        self.stack = QStackedWidget()
        self.welcome_page = WelcomePage()
        self.create_page = CreateStorePage(folder, self.runner)
        self.unlock_page = UnlockPage(folder, self.runner)
        self._join_page: JoinPage | None = None
        self._recovery_page: RecoveryPage | None = None
        for page in (self.welcome_page, self.create_page, self.unlock_page):
            self.stack.addWidget(page)
        self.list_page: StoreListPage | None = None
        if not self._one_folder:
            self.list_page = StoreListPage(self._index_or_fail())
            self.stack.addWidget(self.list_page)
            self.list_page.open_requested.connect(self._choose_store)
            self.list_page.add_requested.connect(self._add_store)
            self.unlock_page.list_requested.connect(self.show_store_list)
            self.welcome_page.list_requested.connect(self.show_store_list)
            self.unlock_page.show_list_button(True)
        self.setCentralWidget(self.stack)
        self._apply_app_name(self._index.read().app_name if self._index else None)

        self.toolbar = QToolBar(self.tr("Main"))
        self.toolbar.setMovable(False)
        self.organisation_label = QLabel()
        self.organisation_label.setProperty("role", "subheading")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.lock_action = QAction(self.tr("Lock now"), self)
        self.lock_action.setToolTip(self.tr("Lock now (Ctrl+L, or press Shift three times)"))
        self.protocols_action = QAction(self.tr("Protocols (F1)"), self)
        self.protocols_action.setToolTip(self.tr("Step-by-step help for a difficult moment"))
        self.toolbar.addWidget(self.organisation_label)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.protocols_action)
        self.toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.setVisible(False)

        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_shortcut.activated.connect(self.lock_now)
        self.lock_action.triggered.connect(self.lock_now)
        self.protocols_shortcut = QShortcut(QKeySequence("F1"), self)
        self.protocols_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.protocols_shortcut.activated.connect(self.open_protocols)
        self.protocols_action.triggered.connect(self.open_protocols)
        app = QApplication.instance()
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("MainWindow needs a running QApplication")
        self.guard = LockGuard(app, self)
        self.clipboard_guard = ClipboardGuard(app, self)
        self.clipboard_guard.copy_refused.connect(self._copy_refused)
        self.guard.lock_requested.connect(self._lock_requested)
        self._system_watch = watch_system_lock(self.guard.system_locking)
        # Logging out or shutting down quits the app: lock first, so drafts are kept.
        app.aboutToQuit.connect(self.lock_now)

        self.welcome_page.create_requested.connect(
            lambda: self.stack.setCurrentWidget(self.create_page)
        )
        self.create_page.cancelled.connect(lambda: self.stack.setCurrentWidget(self.welcome_page))
        self.create_page.created.connect(self._created)
        self.welcome_page.join_requested.connect(
            lambda: self.stack.setCurrentWidget(self.join_page)
        )
        self.unlock_page.unlocked.connect(self._opened)
        self.unlock_page.forgot_requested.connect(self._show_recovery)
        self.unlock_page.wiped.connect(self._show_wiped)
        self._show_start_page()

    @property
    def folder(self) -> Path:
        """The store the start pages work on (and, once unlocked, the open one)."""
        return self._folder

    @property
    def is_unlocked(self) -> bool:
        return self._access is not None

    @property
    def join_page(self) -> JoinPage:
        """Made when first wanted: only a facilitator's very first start uses it."""
        if self._join_page is None:
            from facilitator_app.gui.join_page import JoinPage

            page = JoinPage(self._folder, self.runner)
            if not self._one_folder:
                page.naming.use_index(self._index)
            self.stack.addWidget(page)
            page.cancelled.connect(lambda: self.stack.setCurrentWidget(self.welcome_page))
            page.joined.connect(self._joined)
            self._join_page = page
        return self._join_page

    @property
    def recovery_page(self) -> RecoveryPage:
        """Made when first wanted: most people never forget their passphrase."""
        if self._recovery_page is None:
            from facilitator_app.gui.recovery_page import RecoveryPage

            page = RecoveryPage(self._folder, self.runner)
            self.stack.addWidget(page)
            page.cancelled.connect(self._back_to_unlock)
            page.unlocked.connect(self._opened)
            page.wiped.connect(self._show_wiped)
            self._recovery_page = page
        return self._recovery_page

    def _show_recovery(self) -> None:
        self.recovery_page.start()
        self.stack.setCurrentWidget(self.recovery_page)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.warm_up.start()  # once, after the first window has been drawn

    def _index_or_fail(self) -> StoreIndex:
        if self._index is None:
            raise RuntimeError("this window was started on one folder, without a list")
        return self._index

    def _show_start_page(self) -> None:
        wiped = finish_interrupted_wipe(self._folder)  # a crash in the middle of a wipe
        if wiped is not None:
            self._show_wiped(wiped.message)
            return
        if self.list_page is None:
            self._back_to_unlock()
            return
        listing = self.list_page.refresh()
        if listing.problem is None and not listing.stores:
            self._add_store()
        elif listing.problem is None and len(listing.stores) == 1 and listing.stores[0].found:
            only = listing.stores[0]
            self._choose_store(only.folder, only.name or "")
        else:
            self.stack.setCurrentWidget(self.list_page)

    def _back_to_unlock(self) -> None:
        if is_store_folder(self._folder):
            self.stack.setCurrentWidget(self.unlock_page)
            self.unlock_page.reset()
        else:
            self.stack.setCurrentWidget(self.welcome_page)

    # --- choosing a store on a shared computer ------------------------------------

    def show_store_list(self) -> None:
        if self.list_page is not None:
            self.list_page.refresh()
            self.stack.setCurrentWidget(self.list_page)

    def _choose_store(self, folder: Path, name: str) -> None:
        self._use_folder(folder)
        self.unlock_page.set_folder(folder, name)
        self.stack.setCurrentWidget(self.unlock_page)

    def _add_store(self) -> None:
        """The welcome page, creating or joining into a new folder of its own."""
        index = self._index_or_fail()
        self._use_folder(index.new_store_folder())
        self.create_page.naming.use_index(index)
        self.welcome_page.show_list_button(bool(index.read().stores))
        self.stack.setCurrentWidget(self.welcome_page)

    def _use_folder(self, folder: Path) -> None:
        """Point the start pages at another store; pages made for the old one go."""
        if folder == self._folder:
            return
        self._folder = folder
        self._view = None  # where the last person was is theirs, not the next store's
        self.create_page.set_folder(folder)
        for page in (self._join_page, self._recovery_page):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self._join_page = None
        self._recovery_page = None

    def _listed_name(self) -> str:
        listed = self._index.read().listed(self._folder) if self._index else None
        return listed.label if listed is not None else ""

    def _show_wiped(self, message: str) -> None:
        """The store was deleted after wrong passphrases: say so, and start again.

        On a shared computer it leaves the list too, and a new store made from here
        goes into a folder of its own, like any other added one.
        """
        if self._index is not None:
            with contextlib.suppress(AppError):  # else the list says "not found" for it
                self._index.remove(self._folder)
            self._add_store()
        self.welcome_page.show_notice(message)
        self.stack.setCurrentWidget(self.welcome_page)

    # --- unlocking ----------------------------------------------------------

    def _created(self, store: Store) -> None:
        self._new_store_opened(self.create_page.unlisted)
        self._opened(store)

    def _joined(self, store: Store) -> None:
        self._just_joined = True
        self._new_store_opened(self.join_page.unlisted)
        self._opened(store)

    def _new_store_opened(self, unlisted: str | None) -> None:
        """After the lock, the new store's own unlock page, named as on the list."""
        if not self._one_folder:
            self.unlock_page.set_folder(self._folder, self._listed_name())
        if unlisted:
            self.statusBar().showMessage(unlisted, 15_000)

    def _opened(self, store: Store) -> None:
        from facilitator_app.services import drafts as draft_service
        from facilitator_app.services.app_name import app_name
        from facilitator_app.services.settings import lock_settings

        access = StoreAccess(self.runner, store)
        self._access = access
        access.call(lock_settings, done=self._settings_loaded, failed=self._start_failed)
        access.call(app_name, done=self.use_app_name, failed=self._start_failed)
        access.call(draft_service.load_drafts, done=self._show_workspace, failed=self._start_failed)

    def use_app_name(self, chosen: str | None) -> None:
        """Go by the name the store's organisation chose (None: the build's own), now and,
        kept in the list of stores, at the next start before anything is unlocked."""
        self._apply_app_name(chosen)
        if self._index is None:
            return
        try:
            self._index.learn_app_name(chosen)
        except AppError:
            _log.warning("the app's name could not be kept for the next start")

    def _apply_app_name(self, chosen: str | None) -> None:
        shown = shown_app_name(chosen)
        self.setWindowTitle(shown)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setApplicationName(shown)
            app.setApplicationDisplayName(shown)  # the task bar and window switchers
        self.welcome_page.set_neutral(is_neutral(chosen))

    def _settings_loaded(self, settings: LockSettings) -> None:
        self._settings = settings
        self.clipboard_guard.guard(copy_allowed=settings.allow_copying)

    def _show_workspace(self, drafts: Drafts) -> None:
        from facilitator_app.gui.workspace import ViewState, Workspace

        access = self._access
        if access is None:
            return
        self.workspace = Workspace(access, self._settings)
        self.workspace.settings_page.settings_changed.connect(self._settings_changed)
        self.workspace.settings_page.backups.replacement_requested.connect(self._replace_store)
        self.workspace.settings_page.app_name.name_changed.connect(self.use_app_name)
        self.stack.addWidget(self.workspace)
        self.workspace.start(self._view or ViewState(), drafts)
        if self._just_joined:
            self._just_joined = False
            self.workspace.show_sync()
        self.stack.setCurrentWidget(self.workspace)
        self.organisation_label.setText(access.facts.organisation)
        self.toolbar.setVisible(True)
        self.guard.arm(self._settings.idle_minutes * 60_000)
        self.unlocked.emit()

    def _start_failed(self, error: AppError) -> None:
        _log.warning("could not start the workspace")
        self.lock_now()
        self.unlock_page.message.setText(error.message)
        self.unlock_page.message.setVisible(True)

    def _settings_changed(self, settings: LockSettings) -> None:
        self._settings = settings
        self.clipboard_guard.guard(copy_allowed=settings.allow_copying)
        self.guard.arm(settings.idle_minutes * 60_000)

    def _copy_refused(self) -> None:
        self.statusBar().showMessage(
            self.tr("Copying text out of the app is turned off. It can be turned on in Settings."),
            8000,
        )

    def open_protocols(self) -> None:
        if self.workspace is not None:
            self.workspace.open_crisis()

    # --- locking --------------------------------------------------------------

    def _lock_requested(self, reason: str) -> None:
        _log.info("locking: %s", reason)
        self.lock_now()

    def lock_now(self) -> None:
        """Blank the window at once, keep what was typed, then close the store."""
        access = self._access
        if access is None:
            return
        from facilitator_app.services import drafts as draft_service  # already loaded by the unlock

        self._access = None
        self.guard.disarm()
        for dialog in self.findChildren(QDialog):
            dialog.close()  # document previews and the like show data too
        drafts: Drafts | None = None  # None: the screens never came back, keep stored drafts
        final_saves: list[Callable[[Store], object]] = []
        if self.workspace is not None:
            drafts = self.workspace.drafts()
            final_saves = self.workspace.final_saves()
            self._view = self.workspace.view_state()
            self.stack.removeWidget(self.workspace)
            self.workspace.hide()
            self.workspace.deleteLater()
            self.workspace = None
        self.toolbar.setVisible(False)
        self.organisation_label.clear()
        self.clipboard_guard.stop_guarding()
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.reset()

        def save_drafts(store: Store) -> None:
            for save in final_saves:
                save(store)
            if drafts is not None:
                draft_service.replace_drafts(store, drafts)

        access.close(save_drafts, self._closed)

    def _closed(self, error: AppError | None) -> None:
        if error is not None:
            _log.warning("drafts could not be kept at lock")
            show_message(
                self.unlock_page.message,
                self.tr("The app locked, but what you were typing could not be kept: {0}").format(
                    error.message
                ),
            )
        self.locked.emit()

    def _replace_store(self, replacement: StoreReplacement) -> None:
        """Restore a backup or re-encrypt: lock first (drafts kept, store closed), then run
        the work on the store thread, after the close, and say on the unlock page how it went."""
        self.lock_now()
        folder = self._folder
        self.unlock_page.unlock_button.setEnabled(False)
        show_message(self.unlock_page.message, self.tr("Working on the store…"), "hint")

        def done(_result: object) -> None:
            self.unlock_page.unlock_button.setEnabled(True)
            show_message(self.unlock_page.message, replacement.done_text, "hint")

        def failed(error: AppError) -> None:
            self.unlock_page.unlock_button.setEnabled(True)
            show_message(self.unlock_page.message, error.message)

        self.runner.submit(lambda: replacement.work(folder), done, failed)

    def changeEvent(self, event: QEvent) -> None:
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and self._settings.lock_when_minimised
        ):
            self.lock_now()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.warm_up.stop()
        self.lock_now()
        self.runner.shutdown()
        super().closeEvent(event)
