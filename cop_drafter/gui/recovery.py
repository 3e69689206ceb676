"""Crash recovery in the window: the restore prompt and File > Recovered drafts...

The store itself (one file per session, damaged entries listed, never raising) lives in core/recovery.py; it
is re-exported here for the window code that imports it from this module.
"""

from __future__ import annotations

import logging

from cop_drafter.core.recovery import Recovered, RecoveryEntry, RecoveryStore

log = logging.getLogger(__name__)

__all__ = ["Recovered", "RecoveryEntry", "RecoveryStore"]
