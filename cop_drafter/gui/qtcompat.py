"""Work around a PySide6 6.12 reference-counting bug that kills the app on Python 3.11.

PySide6/shiboken 6.12 return `None` from every void method (`widget.setText`, `app.processEvents`, ...) and
convert invalid QVariants to `None` without taking a reference, as if `None` were immortal — which it is only
from Python 3.12 (PEP 683). On 3.11 each such call lowers None's reference count by one, and after some
hundred thousand calls (minutes of typing, or one busy test run) the interpreter aborts with
"none_dealloc: deallocating None". We give None the same treatment 3.12 does: a reference count so large
that no session can bring it to zero. A no-op on 3.12+ and on other interpreters.
"""

from __future__ import annotations

import sys

_FLOOR = 1 << 40  # ~10^12 calls: years of continuous use at 10^4 leaked references a second


def keep_none_alive() -> bool:
    """Raise None's reference count far above anything the bug can consume; True when it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcount.value < _FLOOR:
        refcount.value += _FLOOR
    return True
