"""Shared test set-up. Qt runs offscreen here, so no test needs a display."""

from __future__ import annotations

import os

# Must be set before any Qt module loads; pytest imports conftest first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
