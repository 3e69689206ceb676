"""The desktop app (PySide6). Everything Qt lives in this package."""

from cop_drafter.gui.qtcompat import keep_none_alive

keep_none_alive()
