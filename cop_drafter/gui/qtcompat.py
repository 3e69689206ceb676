"""Work around a PySide6 6.12 reference-counting bug that kills the app on Python 3.11.

PySide6/shiboken 6.12 return `None` from every void method (`widget.setText`, `app.processEvents`, ...),
`True`/`False` from bool methods, and `None` for invalid QVariants, without taking a reference, as if these
objects were immortal — which they are only from Python 3.12 (PEP 683). On 3.11 each such call lowers the
object's reference count by one, and after some hundred thousand calls (minutes of typing, or one busy test
run) the interpreter aborts with "none_dealloc: deallocating None" (or "bool_dealloc"). We give the three
singletons what 3.12 gives them: a reference count so large that no session can bring it to zero.
A no-op on 3.12+ and on other interpreters. PySide6 6.11 does not have the bug.
"""

from __future__ import annotations

import sys

_FLOOR = 1 << 40  # ~10^12 calls: years of continuous use at 10^4 leaked references a second


def keep_none_alive() -> bool:
    """Raise the reference counts of None, True and False far above anything the bug can consume."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is PyObject's first field
        if refcount.value < _FLOOR:
            refcount.value += _FLOOR
    return True
