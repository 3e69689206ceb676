"""COP Drafter: an offline drafting assistant for ITU resolutions on child online protection."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "COP Drafter"
